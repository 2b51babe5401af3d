import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { inject } from 'vitest';
import { WebhookReceiver } from '../../backend/src/webhooks/testing/webhook-receiver';
import { Api } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
const receiver = new WebhookReceiver();

beforeAll(async () => {
  await receiver.start();
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
});
afterAll(async () => {
  await browser.close();
  await receiver.stop();
});

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('at %s size', (size, viewport) => {
  test('a manager creates a webhook (secret shown once), sends a test, and sees it delivered in the log, then redelivers it', async () => {
    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    const errors = collectPageErrors(page);
    await page.goto('/webhooks');
    await page.locator('[data-testid="webhook-row"], [data-testid="webhooks-empty"]').first().waitFor();

    const path = `/hook-${size}`;
    await byTestId(page, 'webhook-url').fill(`${receiver.url}${path}`);
    await page.locator('[data-topic="stock.moved"] input').check();
    await page.locator('[data-topic="item.*"] input').check();
    await byTestId(page, 'webhook-save').click();
    const secret = (await byTestId(page, 'webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const row = page.locator(`[data-testid="webhook-row"][data-webhook-url="${receiver.url}${path}"]`);
    expect(await row.locator('[data-testid="webhook-events"]').textContent()).toContain('stock.moved, item.*');
    if (size === 'phone') {
      for (const button of [
        byTestId(page, 'webhook-secret-done'),
        row.locator('[data-testid="webhook-test"]'),
        byTestId(page, 'webhook-save'),
      ]) {
        expect((await button.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
      }
    }
    await expectSoundLayout(page);
    await screenshot(page, `webhooks-created-${size}`);
    await byTestId(page, 'webhook-secret-done').click();

    await row.locator('[data-testid="webhook-test"]').click();
    await expect.poll(() => receiver.at(path).length).toBe(1);
    const [received] = receiver.at(path);
    expect(new Webhook(secret).verify(received!.body, received!.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });
    const delivery = page.locator('[data-testid="delivery-row"]').first();
    await expect.poll(() => delivery.getAttribute('data-state')).toBe('delivered');
    expect(await delivery.locator('[data-testid="delivery-answer"]').textContent()).toContain('HTTP 200');
    expect(await delivery.locator('[data-testid="delivery-attempts"]').textContent()).toContain('1 attempt');
    await expectSoundLayout(page);
    await screenshot(page, `webhooks-log-${size}`);

    await delivery.locator('[data-testid="delivery-redeliver"]').click();
    await expect.poll(() => receiver.at(path).length).toBe(2);
    expect(receiver.at(path).map(({ headers }) => headers['webhook-id'])).toEqual([
      received!.headers['webhook-id'],
      received!.headers['webhook-id'],
    ]);
    await expect.poll(() => delivery.getAttribute('data-state')).toBe('delivered');

    await row.locator('[data-testid="webhook-edit"]').click();
    await byTestId(page, 'webhook-active').locator('input').uncheck();
    await byTestId(page, 'webhook-save').click();
    await expect.poll(async () => (await row.locator('[data-testid="webhook-state"]').textContent())?.trim()).toContain('Paused');
    expect(errors).toEqual([]);
  });
});
