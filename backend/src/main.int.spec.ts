import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';

const run = promisify(execFile);
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

describe('a start that cannot succeed', () => {
  it('says why on stderr, without a stack trace, and exits 1', async () => {
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, PORT: '0' };
    const outcome = await run(process.execPath, [resolve('dist/backend/src/main.js')], { env, timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (error: unknown) => {
        const { code, stderr } = error as { code: number; stderr: string };
        return { code, stderr };
      },
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('IMS could not start: JWT_SECRET (or JWT_SECRET_FILE) is required');
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
  });
});
