import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from './deploy-files';
import { TEST_IMAGE, docker, runScript, type ScriptResult } from './swarm-script';

const run = promisify(execFile);
const SCRIPT = join(__dirname, 'deploy-stack.sh');

const deployStack = (file: string, stack: string): Promise<ScriptResult> =>
  runScript(SCRIPT, [file], { IMS_STACK: stack, ROLLOUT_TIMEOUT: '240' });

describe("ops/deploy/deploy-stack.sh on a Swarm manager, with docker-stack.yml's rolling-update settings", () => {
  const stack = `imsdeploy${randomBytes(3).toString('hex')}`;
  const service = `${stack}_web`;
  let dir = '';
  let updateSettings: { update_config: unknown; rollback_config: unknown };

  /** A stack of one service, healthy when its command made /tmp/ok, updated the way the real API is. */
  const stackFile = async (name: string, command: string) => {
    const file = join(dir, `${name}.yml`);
    const web = {
      image: TEST_IMAGE,
      command: ['sh', '-c', command],
      healthcheck: { test: ['CMD', 'test', '-f', '/tmp/ok'], interval: '1s', timeout: '1s', retries: 2 },
      deploy: { replicas: 2, ...updateSettings, restart_policy: { condition: 'any', delay: '1s' } },
    };
    await writeFile(file, stringify({ version: '3.9', services: { web } }));
    return file;
  };

  const runningCommands = async () => {
    const tasks = (await docker('service', 'ps', '-q', '--filter', 'desired-state=running', service)).split('\n');
    const states = await Promise.all(tasks.map((task) => docker('inspect', '--format', '{{.Status.State}}', task)));
    const args = await Promise.all(tasks.map((task) => docker('inspect', '--format', '{{json .Spec.ContainerSpec.Args}}', task)));
    return { states, commands: args.map((json) => (JSON.parse(json) as string[]).at(-1)) };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ims-deploy-'));
    const real = parse(await readFile(join(REPO_ROOT, 'docker-stack.yml'), 'utf8'), { merge: true }) as {
      services: { api: { deploy: { update_config: unknown; rollback_config: unknown } } };
    };
    const { update_config, rollback_config } = real.services.api.deploy;
    updateSettings = { update_config, rollback_config };
  });

  afterAll(async () => {
    await run('docker', ['stack', 'rm', stack]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('deploys a new stack and returns once every replica runs healthy', async () => {
    const result = await deployStack(await stackFile('first', 'touch /tmp/ok; exec sleep 600'), stack);
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${service}: running its new tasks`);
    expect(await runningCommands()).toEqual({
      states: ['running', 'running'],
      commands: ['touch /tmp/ok; exec sleep 600', 'touch /tmp/ok; exec sleep 600'],
    });
  }, 300_000);

  it('fails an update whose tasks never turn healthy, and Swarm puts the previous version back', async () => {
    const result = await deployStack(await stackFile('broken', 'exec sleep 601'), stack);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${service}: failed: rollback_(started|completed): update rolled back`));
    for (let attempt = 0; attempt < 120; attempt += 1) {
      if ((await docker('service', 'inspect', '--format', '{{.UpdateStatus.State}}', service)) === 'rollback_completed') break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(await runningCommands()).toEqual({
      states: ['running', 'running'],
      commands: ['touch /tmp/ok; exec sleep 600', 'touch /tmp/ok; exec sleep 600'],
    });
  }, 300_000);

  it('after a rollback, waits for the next good update to finish on every replica', async () => {
    const result = await deployStack(await stackFile('fixed', 'touch /tmp/ok; exec sleep 602'), stack);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`stack ${stack} deployed`);
    expect(await docker('service', 'inspect', '--format', '{{.UpdateStatus.State}}', service)).toBe('completed');
    expect(await runningCommands()).toEqual({
      states: ['running', 'running'],
      commands: ['touch /tmp/ok; exec sleep 602', 'touch /tmp/ok; exec sleep 602'],
    });
  }, 300_000);
});
