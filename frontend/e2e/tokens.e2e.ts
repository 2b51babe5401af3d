import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { Api } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
});
afterAll(async () => {
  await browser.close();
});

async function newStaff(): Promise<Api> {
  const username = `scripter-${Math.random().toString(36).slice(2, 8)}`;
  const password = `password-${Math.random().toString(36).slice(2, 10)}`;
  await boss.call('POST', '/api/users', { username, email: `${username}@e2e.test`, password, role: 'staff' });
  return Api.signIn(baseUrl, username, password);
}

/** What the API answers a call made with the API token `token`, as a script would make it. */
async function statusWith(token: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/items?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('at %s size', (size, viewport) => {
  test('a token is made with its secret shown once, works from a script, and is refused once revoked', async () => {
    const staff = await newStaff();
    const page = await (await signedInContext(browser, staff, viewport)).newPage();
    const errors = collectPageErrors(page);
    await page.goto('/account');
    await byTestId(page, 'account-tokens-link').click();
    await page.waitForURL(/\/account\/tokens$/);
    await byTestId(page, 'tokens-empty').waitFor();

    await byTestId(page, 'token-name').fill('stock sync');
    await byTestId(page, 'token-read-only').locator('input').check();
    await byTestId(page, 'token-create').click();
    const secret = (await byTestId(page, 'token-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^ims_pat_[\w-]{43}$/);
    expect(await byTestId(page, 'token-secret-panel').textContent()).toContain('shown only this once');
    await expect.poll(async () => (await byTestId(page, 'token-row').textContent())?.replace(/\s+/g, ' ')).toContain('stock sync');
    expect(await byTestId(page, 'token-access').textContent()).toContain('staff, read-only');
    if (size === 'phone') {
      for (const id of ['token-secret-copy', 'token-revoke', 'token-create']) {
        expect((await byTestId(page, id).boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
      }
    }
    await expectSoundLayout(page);
    await screenshot(page, `tokens-created-${size}`);

    expect(await statusWith(secret)).toBe(200);
    await byTestId(page, 'token-secret-done').click();
    await page.reload();
    await byTestId(page, 'token-row').waitFor();
    expect(await page.content()).not.toContain(secret);

    await byTestId(page, 'token-revoke').click();
    expect(await page.locator('mat-dialog-content').textContent()).toContain('Revoke the token “stock sync”?');
    await byTestId(page, 'confirm-yes').click();
    await byTestId(page, 'tokens-empty').waitFor();
    expect(await statusWith(secret)).toBe(401);
    await expectSoundLayout(page);
    expect(errors).toEqual([]);
  });

  test('a manager makes a service account and a token for it, which acts as that account', async () => {
    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    const errors = collectPageErrors(page);
    await page.goto('/account/tokens');
    await page.locator('[data-testid="token-row"], [data-testid="tokens-empty"]').first().waitFor();
    const username = `robot-${Math.random().toString(36).slice(2, 8)}`;
    await byTestId(page, 'service-account-username').fill(username);
    await byTestId(page, 'service-account-email').fill(`${username}@e2e.test`);
    await byTestId(page, 'service-account-create').click();
    await expect
      .poll(async () => (await byTestId(page, 'token-owner').locator('option:checked').textContent())?.trim())
      .toBe(`${username} (service account)`);
    await byTestId(page, 'tokens-empty').waitFor();
    await byTestId(page, 'token-name').fill('shop sync');
    await byTestId(page, 'token-role').selectOption('staff');
    await byTestId(page, 'token-create').click();
    const secret = (await byTestId(page, 'token-secret').textContent())?.trim() ?? '';
    expect(await byTestId(page, 'token-secret-panel').textContent()).toContain(`the service account ${username}`);
    await expectSoundLayout(page);
    await screenshot(page, `tokens-service-account-${size}`);

    const me = await fetch(`${baseUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(await me.json()).toMatchObject({ username, role: 'staff' });
    expect(errors).toEqual([]);
  });
});
