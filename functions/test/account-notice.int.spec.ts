import { ACCOUNT_NOTICE_PATH, startFunctionHost, type FunctionHost } from '../src/index';
import { startSendGridStandIn, type SendGridStandIn } from './sendgrid-stand-in';

const FUNCTION_API_KEY = 'notice-key-for-tests';

let sendgrid: SendGridStandIn;
let functionHost: FunctionHost;

const start = (env: Record<string, string | undefined>) =>
  startFunctionHost({
    port: 0,
    env: { FUNCTION_API_KEY, SENDGRID_API_URL: sendgrid.url, ALERT_EMAIL_FROM: 'IMS <ims@example.com>', ...env },
  });

beforeEach(async () => {
  sendgrid = await startSendGridStandIn();
  functionHost = await start({ SENDGRID_API_KEY: 'SG.notice-key' });
});

afterEach(async () => {
  await functionHost.close();
  await sendgrid.close();
});

const post = (body: unknown, authorization = `Bearer ${FUNCTION_API_KEY}`) =>
  fetch(functionHost.accountNoticeUrl, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const notice = { to: 'owner@example.com', username: 'first-owner', attemptedAt: '2026-12-03T06:50:00.000Z' };

describe('the account-notice function', () => {
  it("emails the owner's own address the notice, and nothing else the API might have passed on", async () => {
    const response = await post({ ...notice, password: 'comer-secret-words', registrantUsername: 'second-comer' });

    expect(new URL(functionHost.accountNoticeUrl).pathname).toBe(ACCOUNT_NOTICE_PATH);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'sent', email: { to: ['owner@example.com'] } });
    expect(sendgrid.requests).toHaveLength(1);
    const mail = sendgrid.requests[0]!;
    expect(mail.authorization).toBe('Bearer SG.notice-key');
    expect(mail.body.personalizations.flatMap((p) => p.to.map((to) => to.email))).toEqual(['owner@example.com']);
    expect(mail.body.from.email).toBe('ims@example.com');
    const text = mail.body.content.find((content) => content.type === 'text/plain')?.value;
    expect(text).toBe(
      'Someone tried to register a new IMS account with your email address on 2026-12-03T06:50:00.000Z.\n\n' +
        'If it was you, sign in with your username first-owner or ask a manager to reset your password; if not, nothing changed.',
    );
    const whole = JSON.stringify(mail.body);
    expect(whole).not.toContain('comer-secret-words');
    expect(whole).not.toContain('second-comer');
    expect(whole).not.toMatch(/https?:\/\//);
  });

  it('refuses a wrong key and a notice without a valid address, sending nothing', async () => {
    const wrongKey = await post(notice, 'Bearer wrong');
    const badAddress = await post({ ...notice, to: 'not-an-address' });

    expect([wrongKey.status, badAddress.status]).toEqual([401, 400]);
    expect(await badAddress.json()).toMatchObject({ type: '/problems/validation', errors: [{ field: 'to' }] });
    expect(sendgrid.requests).toHaveLength(0);
  });

  it('previews instead of sending when no SendGrid key is configured', async () => {
    await functionHost.close();
    functionHost = await start({});

    const response = await post(notice);

    expect(await response.json()).toMatchObject({ status: 'preview', email: { to: ['owner@example.com'] } });
    expect(sendgrid.requests).toHaveLength(0);
  });
});

describe('the password-reset-link kind', () => {
  const resetLink = {
    kind: 'password-reset-link',
    to: 'owner@example.com',
    username: 'first-owner',
    link: 'https://ims.example.com/reset-password?token=abc123',
    expiresAt: '2026-12-03T07:20:00.000Z',
  };

  it('emails the owner the link and when it expires', async () => {
    const response = await post(resetLink);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'sent',
      email: { to: ['owner@example.com'], subject: 'Set a new IMS password' },
    });
    const text = sendgrid.requests[0]?.body.content.find((content) => content.type === 'text/plain')?.value;
    expect(text).toBe(
      'A manager has reset the password of your IMS account first-owner.\n\n' +
        'Open this link to choose a new password: https://ims.example.com/reset-password?token=abc123\n\n' +
        'The link works once and expires at 2026-12-03T07:20:00.000Z. If you did not expect it, tell a manager; your password has not changed.',
    );
  });

  it('refuses a link that is not a web address, sending nothing', async () => {
    const response = await post({ ...resetLink, link: 'javascript:alert(1)' });

    expect(response.status).toBe(400);
    expect(sendgrid.requests).toHaveLength(0);
  });
});
