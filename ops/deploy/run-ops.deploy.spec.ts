import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { TEST_IMAGE, docker, runScript } from './swarm-script';

const run = promisify(execFile);
const SCRIPT = join(__dirname, 'run-ops.sh');

/**
 * The API image cannot be built here (its base image cannot be pulled), so the stack's API runs
 * an image whose `node` prints what it was asked and the DATABASE_URL it was given, and exits 1
 * for `verify`, as the CLI does when it finds a difference.
 */
const STAND_IN_NODE = `#!/bin/sh
echo "node $*"
echo "DATABASE_URL from $DATABASE_URL_FILE: $(cat "$DATABASE_URL_FILE")"
[ "$2" = verify ] && exit 1
exit 0
`;

const runOps = (stack: string, ...args: string[]) => runScript(SCRIPT, args, { IMS_STACK: stack });

describe('ops/deploy/run-ops.sh on a Swarm manager', () => {
  const suffix = randomBytes(3).toString('hex');
  const stack = `imsops${suffix}`;
  const image = `ims-test/ops-stand-in:${suffix}`;
  const secret = `imsops${suffix}_database_url`;
  const databaseUrl = `postgres://ims:secret-${suffix}@db:5432/ims`;
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ims-run-ops-'));
    await writeFile(join(dir, 'node'), STAND_IN_NODE);
    await chmod(join(dir, 'node'), 0o755);
    await writeFile(join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nCOPY node /bin/node\n`);
    await run('docker', ['build', '--quiet', '--tag', image, dir]);
    await run('sh', ['-c', `printf '%s' "$URL" | docker secret create ${secret} -`], { env: { ...process.env, URL: databaseUrl } });
    // The shape of docker-stack.yml's API: the secret mounted as database_url, the backend network.
    const stackFile = {
      version: '3.9',
      services: {
        api: {
          image,
          command: ['sleep', '600'],
          environment: { DATABASE_URL_FILE: '/run/secrets/database_url' },
          secrets: ['database_url'],
          networks: ['backend'],
          deploy: { replicas: 0 },
        },
      },
      networks: { backend: { driver: 'overlay' } },
      secrets: { database_url: { external: true, name: secret } },
    };
    await writeFile(join(dir, 'stack.yml'), stringify(stackFile));
    await run('docker', ['stack', 'deploy', '--compose-file', join(dir, 'stack.yml'), stack]);
  }, 120_000);

  afterAll(async () => {
    await run('docker', ['stack', 'rm', stack]).catch(() => undefined);
    // Both stay in use until Swarm has removed the stack's tasks and their containers.
    for (const removal of [
      ['secret', 'rm', secret],
      ['image', 'rm', image],
    ]) {
      for (let attempt = 0; attempt < 60; attempt += 1) {
        if (
          await run('docker', removal).then(
            () => true,
            () => false,
          )
        )
          break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it("runs the CLI from the API's image with the API's database secret, while the API has no replica", async () => {
    const result = await runOps(stack, 'status', '--json');
    expect(result.stderr).not.toMatch(/did not start|no service/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('node dist/ops/src/cli.js status --json');
    expect(result.stdout).toContain(`DATABASE_URL from /run/secrets/database_url: ${databaseUrl}`);
    expect(await docker('service', 'ls', '--quiet', '--filter', `name=${stack}_ops`)).toBe('');
  }, 120_000);

  it("exits with the command's own exit code", async () => {
    const result = await runOps(stack, 'verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('node dist/ops/src/cli.js verify');
    expect(await docker('service', 'ls', '--quiet', '--filter', `name=${stack}_ops`)).toBe('');
  }, 120_000);

  it('refuses a stack that is not deployed', async () => {
    const result = await runOps(`${stack}missing`, 'status');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no service ${stack}missing_api`);
  });
});
