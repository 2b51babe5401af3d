import { startFunctionHost, type FunctionHost } from '@ims/functions';
import { startSendGridStandIn, type SendGridStandIn } from '@ims/functions/testing';
import { postFrom } from '../../../test/from-address';
import { startTestApp, type TestApp } from '../../../test/test-app';

const FUNCTION_API_KEY = 'notice-e2e-function-key';

let sendgrid: SendGridStandIn;
let functionHost: FunctionHost;
let testApp: TestApp;

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
  functionHost = await startFunctionHost({
    port: 0,
    env: { FUNCTION_API_KEY, SENDGRID_API_KEY: 'SG.notice-e2e', SENDGRID_API_URL: sendgrid.url, ALERT_EMAIL_FROM: 'IMS <ims@example.com>' },
  });
  testApp = await startTestApp({ FUNCTION_URL: functionHost.url, ACCOUNT_NOTICE_URL: functionHost.accountNoticeUrl, FUNCTION_API_KEY });
});

afterAll(async () => {
  await testApp.close();
  await functionHost.close();
  await sendgrid.close();
});

const register = (body: object, address: string) => postFrom(address, `${testApp.baseUrl}/api/auth/register`, body);

const mailsTo = (address: string) =>
  sendgrid.requests.filter((request) => request.body.personalizations.some((p) => p.to.some((to) => to.email === address)));

const plainText = (address: string) => mailsTo(address)[0]?.body.content.find((content) => content.type === 'text/plain')?.value;

test("a taken email gets the very answer a new one gets, and the account's owner, only they, gets one notice", async () => {
  const fresh = await register(
    { username: 'notice-owner', email: 'notice-owner@example.com', password: 'owner-secret-words' },
    '127.0.1.1',
  );
  const again = await register(
    { username: 'notice-comer', email: 'Notice-Owner@example.com', password: 'comer-secret-words' },
    '127.0.1.1',
  );

  expect(fresh.status).toBe(201);
  expect(again.status).toBe(fresh.status);
  expect(again.headers['content-type']).toBe(fresh.headers['content-type']);
  expect(again.body).toEqual({ user: { username: 'notice-comer', email: 'Notice-Owner@example.com', role: 'staff' } });
  await vi.waitFor(() => expect(mailsTo('notice-owner@example.com')).toHaveLength(1), { timeout: 10_000 });
  expect(sendgrid.requests).toHaveLength(1);
  expect(plainText('notice-owner@example.com')).toMatch(
    /^Someone tried to register a new IMS account with your email address on \d{4}-\d\d-\d\dT[\d:.]+Z\.\n\nIf it was you, sign in with your username notice-owner or ask a manager to reset your password; if not, nothing changed\.$/,
  );
  const whole = JSON.stringify(mailsTo('notice-owner@example.com'));
  expect(whole).not.toContain('comer-secret-words');
  expect(whole).not.toContain('notice-comer');
  expect(whole).not.toContain('Notice-Owner@example.com');
});

test('a second attempt within the hour sends the owner no second notice, and a fresh registration sends none', async () => {
  await register({ username: 'hour-owner', email: 'hour-owner@example.com', password: 'hour-secret-words' }, '127.0.1.2');
  await register({ username: 'other-owner', email: 'other-owner@example.com', password: 'other-secret-words' }, '127.0.1.2');
  await register({ username: 'hour-comer-1', email: 'hour-owner@example.com', password: 'comer-secret-words' }, '127.0.1.2');
  await vi.waitFor(() => expect(mailsTo('hour-owner@example.com')).toHaveLength(1), { timeout: 10_000 });

  const repeated = await register(
    { username: 'hour-comer-2', email: 'hour-owner@example.com', password: 'comer-secret-words' },
    '127.0.1.2',
  );
  // A later attempt on another account: once its notice is there, the repeated one has had its chance.
  await register({ username: 'other-comer', email: 'other-owner@example.com', password: 'comer-secret-words' }, '127.0.1.2');
  await vi.waitFor(() => expect(mailsTo('other-owner@example.com')).toHaveLength(1), { timeout: 10_000 });

  expect(repeated.status).toBe(201);
  expect(mailsTo('hour-owner@example.com')).toHaveLength(1);
  expect(sendgrid.requests.flatMap((request) => request.body.personalizations.flatMap((p) => p.to.map((to) => to.email)))).not.toContain(
    'hour-comer-1@example.com',
  );
});

test('a notice SendGrid refuses changes nothing for the registrant', async () => {
  await register({ username: 'refused-owner', email: 'refused-owner@example.com', password: 'refused-secret-words' }, '127.0.1.3');
  sendgrid.answerWith(500);
  try {
    const again = await register(
      { username: 'refused-comer', email: 'refused-owner@example.com', password: 'comer-secret-words' },
      '127.0.1.3',
    );
    await vi.waitFor(() => expect(mailsTo('refused-owner@example.com')).toHaveLength(1), { timeout: 10_000 });

    expect(again.status).toBe(201);
    expect(again.body).toEqual({ user: { username: 'refused-comer', email: 'refused-owner@example.com', role: 'staff' } });
  } finally {
    sendgrid.answerWith(202);
  }
});
