import { randomBytes } from 'node:crypto';
import { seededManager, SEEDED_MANAGER, tokenFor } from '../../../test/auth-helpers';
import { refresh, signIn, step } from '../../../test/session-steps';
import { stdoutDuring } from '../../../test/stdout';
import { startTestApp, type TestApp } from '../../../test/test-app';
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
