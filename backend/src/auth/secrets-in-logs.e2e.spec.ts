import { randomBytes } from 'node:crypto';
import { startFunctionHost } from '@ims/functions';
import { startSendGridStandIn } from '@ims/functions/testing';
import { seededManager, SEEDED_MANAGER, tokenFor } from '../../../test/auth-helpers';
import { refresh, signIn, step } from '../../../test/session-steps';
import { stdoutDuring } from '../../../test/stdout';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { LiveClient } from '../live/testing/live-client';
import { call } from '../live/testing/replicas';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp({ LOG_LEVEL: 'trace' });
});
afterAll(() => testApp.close());

test('at LOG_LEVEL=trace, sign-in, refresh, a password change, a reset and a failed sign-in log no password, token or cookie', async () => {
  const manager = await seededManager(testApp);
  const staff = await tokenFor(testApp, 'staff');
  const newPassword = `lantern-${randomBytes(6).toString('hex')}`;
  const wrongPassword = `wrong-${randomBytes(6).toString('hex')}`;
  const secrets: string[] = [SEEDED_MANAGER.password, staff.password, newPassword, wrongPassword, manager.token, staff.token];

  const { output } = await stdoutDuring(async () => {
    const session = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const renewed = await refresh(testApp.baseUrl, session.cookie);
    const token = renewed.body.accessToken as string;
    const changed = await step(testApp.baseUrl, '/api/auth/password', {
      token,
      body: { currentPassword: staff.password, newPassword },
    });
    expect(changed.status).toBe(204);
    expect((await signIn(testApp.baseUrl, staff.user.username, wrongPassword)).status).toBe(401);
    const reset = await call<{ temporaryPassword: string }>(
      testApp.baseUrl,
      manager.token,
      'POST',
      `/api/users/${staff.user.id}/password-reset`,
    );
    expect(reset.status).toBe(201);
    const limited = await signIn(testApp.baseUrl, staff.user.username, reset.body.temporaryPassword);
    expect(limited.body.passwordChangeRequired).toBe(true);
    expect((await call(testApp.baseUrl, limited.body.accessToken as string, 'GET', '/api/items')).status).toBe(403);
    secrets.push(
      session.body.accessToken as string,
      session.cookie ?? '',
      token,
      renewed.cookie ?? '',
      reset.body.temporaryPassword,
      limited.body.accessToken as string,
      limited.cookie ?? '',
    );
  });

  // Something was logged at trace: the requests themselves, at least.
  expect(output).toContain('/api/auth/login');
  expect(output).toContain('/api/auth/password');
  expect(secrets.every((secret) => secret.length >= 8)).toBe(true);
  expect(secrets.filter((secret) => output.includes(secret))).toEqual([]);
});

test('at LOG_LEVEL=trace, making, using (also on the socket, also refused) and revoking an API token logs no secret', async () => {
  const staff = await tokenFor(testApp, 'staff');
  const { output, result: secret } = await stdoutDuring(async () => {
    const created = await call<{ id: string; token: string }>(testApp.baseUrl, staff.token, 'POST', '/api/tokens', { name: 'logged' });
    expect(created.status).toBe(201);
    const { token, id } = created.body;
    expect((await call(testApp.baseUrl, token, 'GET', '/api/items')).status).toBe(200);
    const socket = await LiveClient.greeted(testApp.baseUrl, token);
    expect((await call(testApp.baseUrl, staff.token, 'DELETE', `/api/tokens/${id}`)).status).toBe(204);
    await socket.closed;
    expect((await call(testApp.baseUrl, token, 'GET', '/api/items')).status).toBe(401);
    const refusedSocket = await LiveClient.connect(testApp.baseUrl, token);
    await refusedSocket.closed;
    return token;
  });
  expect(output).toContain('/api/tokens');
  expect(secret).toMatch(/^ims_pat_/);
  expect(output).not.toContain(secret.slice('ims_pat_'.length));
});

test('at LOG_LEVEL=trace, an emailed reset link, its page, its use and its reuse log neither its token nor the new password', async () => {
  const sendgrid = await startSendGridStandIn();
  const functionHost = await startFunctionHost({
    port: 0,
    env: { FUNCTION_API_KEY: 'logs-key', SENDGRID_API_KEY: 'SG.logs', SENDGRID_API_URL: sendgrid.url, ALERT_EMAIL_FROM: 'ims@example.com' },
  });
  const mailing = await startTestApp({
    LOG_LEVEL: 'trace',
    FUNCTION_URL: functionHost.url,
    ACCOUNT_NOTICE_URL: functionHost.accountNoticeUrl,
    FUNCTION_API_KEY: 'logs-key',
  });
  try {
    const manager = await seededManager(mailing);
    const staff = await tokenFor(mailing, 'staff');
    const newPassword = `harbour-${randomBytes(6).toString('hex')}`;

    const { output, result: token } = await stdoutDuring(async () => {
      const reset = await call(mailing.baseUrl, manager.token, 'POST', `/api/users/${staff.user.id}/password-reset`, { delivery: 'email' });
      expect(reset.status).toBe(202);
      const text = sendgrid.requests[0]?.body.content.find((content) => content.type === 'text/plain')?.value ?? '';
      const link = new URL(/http:\/\/\S+/.exec(text)?.[0] ?? '');
      await fetch(link);
      const used = await step(mailing.baseUrl, '/api/auth/password-reset', {
        body: { token: link.searchParams.get('token'), newPassword },
      });
      expect(used.status).toBe(204);
      const reused = await step(mailing.baseUrl, '/api/auth/password-reset', {
        body: { token: link.searchParams.get('token'), newPassword },
      });
      expect(reused.status).toBe(410);
      return link.searchParams.get('token') ?? '';
    });

    expect(output).toContain('/api/auth/password-reset');
    expect(token).toHaveLength(43);
    expect([token, newPassword].filter((secret) => output.includes(secret))).toEqual([]);
  } finally {
    await mailing.close();
    await functionHost.close();
    await sendgrid.close();
  }
});
