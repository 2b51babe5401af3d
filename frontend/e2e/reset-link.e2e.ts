import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { startFunctionHost, type FunctionHost } from '../../functions/src/local-host';
import { startSendGridStandIn, type SendGridStandIn } from '../../functions/test/sendgrid-stand-in';
import { Api } from './support/api';
import { anonymousContext, byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';
import { E2E_MANAGER, freePort, startServer, type RunningServer } from './support/server';

const FUNCTION_API_KEY = 'e2e-reset-link-function-key';

// A second server on the shared app's database, with mail configured: its emails reach a recording SendGrid stand-in.
let sendgrid: SendGridStandIn;
let functionHost: FunctionHost;
let server: RunningServer;
let browser: Browser;
let boss: Api;

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
  functionHost = await startFunctionHost({
    port: 0,
    env: { FUNCTION_API_KEY, SENDGRID_API_KEY: 'SG.e2e-reset', SENDGRID_API_URL: sendgrid.url, ALERT_EMAIL_FROM: 'IMS <ims@e2e.test>' },
  });
  // PUBLIC_URL is the server's own address, which "Forgot password?" links need.
  const port = await freePort();
  server = await startServer({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: inject('databaseUrl'),
    JWT_SECRET: 'e2e-reset-link-secret-of-enough-length-0123456789',
    FUNCTION_URL: functionHost.url,
    ACCOUNT_NOTICE_URL: functionHost.accountNoticeUrl,
    FUNCTION_API_KEY,
  });
  browser = await launchBrowser();
  boss = await Api.signIn(server.baseUrl, E2E_MANAGER.username, E2E_MANAGER.password);
});
afterAll(async () => {
  // Each is still unset when beforeAll failed before starting it, and the ones started before it must still stop.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await browser?.close();
  await server?.stop();
  await functionHost?.close();
  await sendgrid?.close();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
});

/** The link in the latest email to `address`, as its reader would copy it. */
function linkMailedTo(address: string): string {
  const mail = sendgrid.requests
    .filter((request) => request.body.personalizations.some((p) => p.to.some((to) => to.email === address)))
    .at(-1);
  const text = mail?.body.content.find((content) => content.type === 'text/plain')?.value ?? '';
  const link = /http:\/\/\S+\/reset-password\?token=[\w-]+/.exec(text)?.[0];
  if (!link) throw new Error(`no reset link mailed to ${address}`);
  return link;
}

/** A staff account whose password nobody in the test knows: only a reset link gets them in. */
async function newStaff(prefix: string): Promise<{ username: string; email: string }> {
  const username = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const email = `${username}@e2e.test`;
  const password = `password-${Math.random().toString(36).slice(2, 10)}`;
  await boss.call('POST', '/api/users', { username, email, password, role: 'staff' });
  return { username, email };
}

async function setPassword(page: Page, password: string): Promise<void> {
  await byTestId(page, 'reset-new').fill(password);
  await byTestId(page, 'reset-confirm').fill(password);
  await byTestId(page, 'reset-submit').click();
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('at %s size', (size, viewport) => {
  test('a manager emails a reset link; its owner opens it, sets a password, signs in with it, and the link then refuses', async () => {
    const { username, email } = await newStaff('linked');

    const managerPage = await (await signedInContext(browser, boss, viewport)).newPage();
    await managerPage.goto('/users');
    await byTestId(managerPage, `user-reset-email-${username}`).click();
    expect(await managerPage.locator('mat-dialog-content').textContent()).toContain(`Email ${username} a one-time link`);
    await byTestId(managerPage, 'confirm-yes').click();
    await expect.poll(() => byTestId(managerPage, 'users-reset-emailed').textContent()).toContain(`Email sent to ${email}.`);
    await expectSoundLayout(managerPage);
    await screenshot(managerPage, `reset-link-users-${size}`);

    const link = linkMailedTo(email);
    expect(new URL(link).origin).toBe(server.baseUrl);
    const visitor = await (await anonymousContext(browser, server.baseUrl, viewport)).newPage();
    const errors = collectPageErrors(visitor);
    await visitor.goto(link);
    expect(await visitor.locator('h1').textContent()).toContain('Set a new password');
    await expect.poll(() => visitor.url()).toBe(`${server.baseUrl}/reset-password`);
    await expectSoundLayout(visitor);
    await screenshot(visitor, `reset-link-page-${size}`);

    await byTestId(visitor, 'reset-new').fill('chosen-by-link-words');
    await byTestId(visitor, 'reset-confirm').fill('chosen-by-link-wordz');
    await byTestId(visitor, 'reset-submit').click();
    await expect.poll(() => visitor.locator('mat-error').allTextContents()).toContain('Does not match the new password');

    await setPassword(visitor, 'chosen-by-link-words');
    await expect.poll(() => byTestId(visitor, 'reset-done').textContent()).toContain('Your password is set');
    await byTestId(visitor, 'reset-sign-in').click();
    await visitor.waitForURL(/\/sign-in/);
    await byTestId(visitor, 'login-username').fill(username);
    await byTestId(visitor, 'login-password').fill('chosen-by-link-words');
    await byTestId(visitor, 'login-submit').click();
    await visitor.waitForURL((url) => url.pathname === '/');

    const again = await (await anonymousContext(browser, server.baseUrl, viewport)).newPage();
    await again.goto(link);
    await setPassword(again, 'chosen-twice-words');
    await expect.poll(() => byTestId(again, 'reset-link-invalid').textContent()).toContain('This link no longer works');
    await expectSoundLayout(again);
    await screenshot(again, `reset-link-used-${size}`);
    expect(errors).toEqual([]);
  });

  test('"Forgot password?" on the sign-in page emails a link that sets a new password, and says the same for a made-up name', async () => {
    const { username, email } = await newStaff('forgetful');
    const visitor = await (await anonymousContext(browser, server.baseUrl, viewport)).newPage();
    const errors = collectPageErrors(visitor);

    await visitor.goto('/sign-in');
    await byTestId(visitor, 'forgot-link').click();
    await visitor.waitForURL(/\/forgot-password/);
    await expectSoundLayout(visitor);
    await byTestId(visitor, 'forgot-login').fill(`nobody-${username}`);
    await byTestId(visitor, 'forgot-submit').click();
    const unknownAnswer = await byTestId(visitor, 'forgot-sent').textContent();

    await visitor.reload();
    await byTestId(visitor, 'forgot-login').fill(username);
    await byTestId(visitor, 'forgot-submit').click();
    expect(await byTestId(visitor, 'forgot-sent').textContent()).toBe(unknownAnswer);
    await expectSoundLayout(visitor);
    await screenshot(visitor, `reset-link-forgot-${size}`);

    await expect.poll(() => sendgrid.requests.some((request) => JSON.stringify(request.body).includes(email))).toBe(true);
    await visitor.goto(linkMailedTo(email));
    await setPassword(visitor, 'chosen-when-forgotten');
    await expect.poll(() => byTestId(visitor, 'reset-done').textContent()).toContain('Your password is set');
    expect(errors).toEqual([]);
  });
});
