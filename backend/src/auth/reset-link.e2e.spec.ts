import { createHash } from 'node:crypto';
import { startFunctionHost, type FunctionHost } from '@ims/functions';
import { startSendGridStandIn, type SendGridStandIn } from '@ims/functions/testing';
import { Client } from 'pg';
import { seededManager, tokenFor, type SignedIn } from '../../../test/auth-helpers';
import { match } from '../../../test/matchers';
import { refresh, signIn, step } from '../../../test/session-steps';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { call } from '../live/testing/replicas';

const FUNCTION_API_KEY = 'reset-link-e2e-function-key';
const PUBLIC_URL = 'https://ims.example.com';

let sendgrid: SendGridStandIn;
let functionHost: FunctionHost;
let testApp: TestApp;
let manager: SignedIn;
let database: Client;

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
  functionHost = await startFunctionHost({
    port: 0,
    env: { FUNCTION_API_KEY, SENDGRID_API_KEY: 'SG.reset-e2e', SENDGRID_API_URL: sendgrid.url, ALERT_EMAIL_FROM: 'IMS <ims@example.com>' },
  });
  testApp = await startTestApp({
    FUNCTION_URL: functionHost.url,
    ACCOUNT_NOTICE_URL: functionHost.accountNoticeUrl,
    FUNCTION_API_KEY,
    PUBLIC_URL,
  });
  manager = await seededManager(testApp);
  database = new Client({ connectionString: testApp.database.url });
  await database.connect();
});

afterAll(async () => {
  await database.end();
  await testApp.close();
  await functionHost.close();
  await sendgrid.close();
});

const emailReset = (userId: string) =>
  call(testApp.baseUrl, manager.token, 'POST', `/api/users/${userId}/password-reset`, { delivery: 'email' });

const setPassword = (token: string, newPassword: string) =>
  step(testApp.baseUrl, '/api/auth/password-reset', { body: { token, newPassword } });

/** The token of the latest link emailed to `address`, read from the recorded mail as its user would. */
function latestLinkTo(address: string): URL {
  const mails = sendgrid.requests.filter((request) => request.body.personalizations.some((p) => p.to.some((to) => to.email === address)));
  const text = mails.at(-1)?.body.content.find((content) => content.type === 'text/plain')?.value ?? '';
  const link = /https:\/\/\S+/.exec(text)?.[0];
  if (!link) throw new Error(`no link in the mail to ${address}: ${text}`);
  return new URL(link);
}

const tokenOf = (link: URL) => link.searchParams.get('token') ?? '';

const refused = { status: 410, body: { type: '/problems/reset-link-invalid', status: 410 } };

describe('an emailed reset link', () => {
  it('arrives by email, sets the password once, ends every session, and records the reset and the change', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const session = await signIn(testApp.baseUrl, staff.user.username, staff.password);

    const reset = await emailReset(staff.user.id);

    expect(reset).toMatchObject({ status: 202, body: { emailed: true, to: staff.user.email, position: match.any(Number) } });
    expect(JSON.stringify(reset.body)).not.toMatch(/token|temporaryPassword/);
    const link = latestLinkTo(staff.user.email);
    expect(`${link.origin}${link.pathname}`).toBe(`${PUBLIC_URL}/reset-password`);
    expect(tokenOf(link)).toMatch(/^[\w-]{43}$/);
    // Until the link is used, the old password and sessions still hold.
    expect((await call(testApp.baseUrl, staff.token, 'GET', '/api/auth/me')).status).toBe(200);

    const weak = await setPassword(tokenOf(link), 'password');
    expect(weak).toMatchObject({ status: 400, body: { errors: [{ field: 'newPassword' }] } });
    const used = await setPassword(tokenOf(link), 'chosen-by-link-1');
    expect(used.status).toBe(204);

    expect((await call(testApp.baseUrl, staff.token, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await refresh(testApp.baseUrl, session.cookie)).status).toBe(401);
    expect((await signIn(testApp.baseUrl, staff.user.username, staff.password)).status).toBe(401);
    expect(await signIn(testApp.baseUrl, staff.user.username, 'chosen-by-link-1')).toMatchObject({
      status: 200,
      body: { passwordChangeRequired: false },
    });
    expect(await setPassword(tokenOf(link), 'chosen-by-link-2')).toMatchObject(refused);

    const events = await call<{ events: { type: string; metadata: { reason: string } }[] }>(
      testApp.baseUrl,
      manager.token,
      'GET',
      `/api/events?streamId=user-${staff.user.id}&limit=100`,
    );
    expect(events.body.events.map((event) => [event.type, event.metadata.reason]).slice(-2)).toEqual([
      ['PasswordReset', 'reset link emailed by a manager'],
      ['PasswordChanged', 'password set with an emailed reset link'],
    ]);
  });

  it('keeps only the sha-256 of the token in the database', async () => {
    const staff = await tokenFor(testApp, 'staff');
    await emailReset(staff.user.id);
    const token = tokenOf(latestLinkTo(staff.user.email));

    const { rows } = await database.query<{ token_hash: Buffer }>('SELECT token_hash FROM password_reset_links WHERE user_id = $1', [
      staff.user.id,
    ]);

    expect(rows.map((row) => row.token_hash.toString('hex'))).toEqual([createHash('sha256').update(token).digest('hex')]);
  });

  it('is refused once expired', async () => {
    const staff = await tokenFor(testApp, 'staff');
    await emailReset(staff.user.id);
    // Stands for the half hour passing.
    await database.query("UPDATE password_reset_links SET expires_at = now() - interval '1 second' WHERE user_id = $1", [staff.user.id]);

    expect(await setPassword(tokenOf(latestLinkTo(staff.user.email)), 'chosen-too-late-1')).toMatchObject(refused);
    expect((await signIn(testApp.baseUrl, staff.user.username, staff.password)).status).toBe(200);
  });

  it('is replaced by a newer reset, by a temporary password, by a password change and by a deactivation', async () => {
    const staff = await tokenFor(testApp, 'staff');
    await emailReset(staff.user.id);
    const older = tokenOf(latestLinkTo(staff.user.email));
    await emailReset(staff.user.id);
    const newer = tokenOf(latestLinkTo(staff.user.email));
    expect(newer).not.toBe(older);
    expect(await setPassword(older, 'chosen-from-older-1')).toMatchObject(refused);

    await call(testApp.baseUrl, manager.token, 'POST', `/api/users/${staff.user.id}/password-reset`);
    expect(await setPassword(newer, 'chosen-after-temp-1')).toMatchObject(refused);

    await emailReset(staff.user.id);
    const beforeChange = tokenOf(latestLinkTo(staff.user.email));
    await setPassword(beforeChange, 'chosen-by-link-3');
    await emailReset(staff.user.id);
    const beforeOwnChange = tokenOf(latestLinkTo(staff.user.email));
    const own = await signIn(testApp.baseUrl, staff.user.username, 'chosen-by-link-3');
    const changed = await call(testApp.baseUrl, own.body.accessToken as string, 'POST', '/api/auth/password', {
      currentPassword: 'chosen-by-link-3',
      newPassword: 'chosen-by-owner-4',
    });
    expect(changed.status).toBe(204);
    expect(await setPassword(beforeOwnChange, 'chosen-after-own-5')).toMatchObject(refused);

    await emailReset(staff.user.id);
    const beforeDeactivation = tokenOf(latestLinkTo(staff.user.email));
    await call(testApp.baseUrl, manager.token, 'PATCH', `/api/users/${staff.user.id}`, { active: false });
    expect(await setPassword(beforeDeactivation, 'chosen-while-off-6')).toMatchObject(refused);
  });

  it('lets exactly one of two concurrent uses through', async () => {
    const staff = await tokenFor(testApp, 'staff');
    await emailReset(staff.user.id);
    const token = tokenOf(latestLinkTo(staff.user.email));

    const answers = await Promise.all([setPassword(token, 'racing-words-one'), setPassword(token, 'racing-words-two')]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 410]);
    const winner = answers[0].status === 204 ? 'racing-words-one' : 'racing-words-two';
    expect((await signIn(testApp.baseUrl, staff.user.username, winner)).status).toBe(200);
  });

  it('is not emailed to a deactivated account: 409, no mail, no link kept, no event', async () => {
    const staff = await tokenFor(testApp, 'staff');
    await call(testApp.baseUrl, manager.token, 'PATCH', `/api/users/${staff.user.id}`, { active: false });
    const mailsBefore = sendgrid.requests.length;

    const reset = await emailReset(staff.user.id);

    expect(reset).toMatchObject({ status: 409, body: { type: '/problems/conflict', detail: match.stringContaining('deactivated') } });
    expect(sendgrid.requests).toHaveLength(mailsBefore);
    const { rows } = await database.query('SELECT 1 FROM password_reset_links WHERE user_id = $1', [staff.user.id]);
    expect(rows).toHaveLength(0);
    const events = await call<{ events: { type: string }[] }>(
      testApp.baseUrl,
      manager.token,
      'GET',
      `/api/events?streamId=user-${staff.user.id}&limit=100`,
    );
    expect(events.body.events.map((event) => event.type)).not.toContain('PasswordReset');
  });

  it('refuses a made-up token with the same answer as a used one', async () => {
    expect(await setPassword('x'.repeat(43), 'chosen-for-nobody-1')).toMatchObject(refused);
  });
});

describe('where no email can be sent', () => {
  it('answers 409 and changes nothing: no link kept, no event, the password as it was', async () => {
    const staff = await tokenFor(testApp, 'staff');
    sendgrid.answerWith(500);
    try {
      const reset = await emailReset(staff.user.id);

      expect(reset).toMatchObject({ status: 409, body: { type: '/problems/conflict' } });
    } finally {
      sendgrid.answerWith(202);
    }
    const { rows } = await database.query('SELECT 1 FROM password_reset_links WHERE user_id = $1', [staff.user.id]);
    expect(rows).toHaveLength(0);
    const events = await call<{ events: { type: string }[] }>(
      testApp.baseUrl,
      manager.token,
      'GET',
      `/api/events?streamId=user-${staff.user.id}&limit=100`,
    );
    expect(events.body.events.map((event) => event.type)).not.toContain('PasswordReset');
    expect((await signIn(testApp.baseUrl, staff.user.username, staff.password)).status).toBe(200);
  });

  it('still answers a temporary password when none is asked to be emailed', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const reset = await call(testApp.baseUrl, manager.token, 'POST', `/api/users/${staff.user.id}/password-reset`, {
      delivery: 'temporary',
    });
    expect(reset).toMatchObject({ status: 201, body: { temporaryPassword: match.any(String) } });
  });
});

describe('a forgotten password', () => {
  const requestLink = (login: string) => step(testApp.baseUrl, '/api/auth/password-reset-request', { body: { login } });

  it('answers an account and a made-up name alike, and only the account gets a link, which works', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const mailsBefore = sendgrid.requests.length;

    const known = await requestLink(staff.user.username);
    const unknown = await requestLink(`nobody-${staff.user.username}`);

    expect(known.status).toBe(202);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    await vi.waitFor(() => expect(sendgrid.requests.length).toBe(mailsBefore + 1), { timeout: 10_000 });
    const link = latestLinkTo(staff.user.email);
    expect(`${link.origin}${link.pathname}`).toBe(`${PUBLIC_URL}/reset-password`);
    expect((await setPassword(tokenOf(link), 'chosen-when-forgotten-1')).status).toBe(204);
    expect((await signIn(testApp.baseUrl, staff.user.username, 'chosen-when-forgotten-1')).status).toBe(200);
  });

  it('finds the account by its email too', async () => {
    const staff = await tokenFor(testApp, 'staff');

    expect((await requestLink(staff.user.email.toUpperCase())).status).toBe(202);

    await vi.waitFor(() => expect(latestLinkTo(staff.user.email).pathname).toBe('/reset-password'), { timeout: 10_000 });
  });

  it('refuses a fourth request for one login within the hour, whether or not it names an account', async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push((await requestLink('nobody-at-all')).status);

    expect(answers).toEqual([202, 202, 202, 429]);
  });

  it('is not offered where PUBLIC_URL is not set: the link must never point at the Host a stranger sent', async () => {
    const bare = await startTestApp({
      FUNCTION_URL: functionHost.url,
      ACCOUNT_NOTICE_URL: functionHost.accountNoticeUrl,
      FUNCTION_API_KEY,
    });
    try {
      const answer = await step(bare.baseUrl, '/api/auth/password-reset-request', { body: { login: 'manager' } });
      expect(answer).toMatchObject({ status: 503, body: { type: '/problems/unavailable' } });
    } finally {
      await bare.close();
    }
  });
});
