import { startSendGridStandIn, type SendGridStandIn } from '@ims/functions/testing';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { parse } from 'yaml';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { freePort } from '../../backend/src/database';
import { REPO_ROOT } from './deploy-files';

/**
 * Two API replicas and the function host as processes, started from the built code the images run
 * (`node dist/backend/src/main.js`, `node functions/dist/src/local-host.main.js`) with exactly the
 * environment names docker-stack.yml gives the API (secrets as *_FILE) and docker-compose.yml gives
 * the function host, on one new, unmigrated database, as a fresh stack starts. SendGrid is a local
 * recording server (the function's SENDGRID_API_URL).
 */

interface ServiceEnvironment {
  readonly environment: Record<string, string>;
}

const run = promisify(execFile);
const readDeployFile = async (name: string) =>
  parse(await readFile(join(REPO_ROOT, name), 'utf8'), { merge: true }) as { services: Record<string, ServiceEnvironment> };

interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  output: string;
}

function start(name: string, script: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, [script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started: Started = { name, child, output: '' };
  const keep = (chunk: Buffer) => {
    started.output = (started.output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return started;
}

async function stop(started: Started): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  const killed = setTimeout(() => started.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killed);
}

async function until<T>(what: string, read: () => Promise<T | undefined>, processes: readonly Started[], seconds = 90): Promise<T> {
  for (let attempt = 0; attempt < seconds * 4; attempt += 1) {
    const dead = processes.find((started) => started.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode}) while waiting for ${what}:\n${dead.output}`);
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen; output:\n${processes.map((p) => `--- ${p.name}\n${p.output}`).join('\n')}`);
}

interface LiveMessage {
  readonly type: string;
  readonly position?: number;
  readonly data?: Record<string, unknown>;
}

describe('two API replicas and the function host, started as the stack starts them, on one database', () => {
  const suffix = randomBytes(4).toString('hex');
  const adminPassword = `admin-${suffix}-password`;
  const functionApiKey = `function-key-${suffix}`;
  const sendGridKey = `SG.test-${suffix}`;
  let database: TestDatabase;
  let sendGrid: SendGridStandIn;
  let secrets = '';
  const processes: Started[] = [];
  const apiPorts: number[] = [];
  let stackApi: ServiceEnvironment;
  let composeFunction: ServiceEnvironment;
  let apiEnvironmentNames: string[] = [];

  beforeAll(async () => {
    // What the function image builds (docker/server.Dockerfile, target function); `npm run build` does not.
    await run('npm', ['run', 'build', '--silent', '-w', 'functions'], { cwd: REPO_ROOT });
    const [stack, compose] = await Promise.all([readDeployFile('docker-stack.yml'), readDeployFile('docker-compose.yml')]);
    stackApi = stack.services.api!;
    composeFunction = compose.services.function!;

    database = await createTestDatabase({ migrate: false });
    sendGrid = await startSendGridStandIn();
    secrets = await mkdtemp(join(tmpdir(), 'ims-secrets-'));

    const functionPort = await freePort();
    const functionValues: Record<string, string> = {
      PORT: String(functionPort),
      FUNCTION_API_KEY: functionApiKey,
      SENDGRID_API_KEY: sendGridKey,
      ALERT_EMAIL_FROM: 'ims@example.test',
      ALERT_EMAIL_TO: 'stock@example.test',
    };
    const functionEnv = Object.fromEntries(Object.keys(composeFunction.environment).map((name) => [name, functionValues[name] ?? '']));
    processes.push(
      start('function host', 'functions/dist/src/local-host.main.js', {
        ...functionEnv,
        NODE_ENV: 'production',
        SENDGRID_API_URL: sendGrid.url,
      }),
    );
    const functionUrl = `http://127.0.0.1:${functionPort}/api/v1/web/ims/alerts/low-stock-email`;

    // Docker secrets: one file each, named by the stack's *_FILE variables.
    const secretValues: Record<string, string> = {
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(48).toString('base64'),
      ADMIN_PASSWORD: adminPassword,
      FUNCTION_API_KEY: functionApiKey,
    };
    const apiEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries(stackApi.environment)) {
      if (name.endsWith('_FILE') && value.startsWith('/run/secrets/')) {
        const file = join(secrets, value.replace('/run/secrets/', ''));
        await writeFile(file, `${secretValues[name.replace(/_FILE$/, '')] ?? ''}\n`, { mode: 0o600 });
        apiEnv[name] = file;
      } else {
        // The chain anchor's volume is a directory of this run, as the secrets are.
        const local: Record<string, string> = {
          FUNCTION_URL: functionUrl,
          ADMIN_USERNAME: 'manager',
          IMS_CHAIN_ANCHOR_PATH: join(secrets, 'chain-anchor.json'),
        };
        // `${NAME:-default}` as Swarm reads it with NAME unset in this run.
        apiEnv[name] = local[name] ?? value.replace(/^\$\{\w+:-(.*)\}$/, '$1');
      }
    }
    apiEnvironmentNames = Object.keys(apiEnv).sort();
    for (const replica of [1, 2]) {
      const port = await freePort();
      apiPorts.push(port);
      processes.push(
        start(`api replica ${replica}`, 'dist/backend/src/main.js', {
          ...apiEnv,
          PORT: String(port),
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
        }),
      );
    }
    await until(
      'both replicas and the function host answering their health checks',
      async () => {
        const answers = await Promise.all([
          ...apiPorts.map((port) => fetch(`http://127.0.0.1:${port}/api/health`)),
          fetch(`http://127.0.0.1:${functionPort}/health`),
        ]);
        return answers.every((answer) => answer.status === 200) ? true : undefined;
      },
      processes,
      120,
    );
  }, 240_000);

  afterAll(async () => {
    await Promise.all(processes.map(stop));
    // Each is still unset when beforeAll failed before creating it, and the ones created before it must still go.
    /* eslint-disable @typescript-eslint/no-unnecessary-condition */
    await sendGrid?.close();
    await database?.drop();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
    if (secrets) await rm(secrets, { recursive: true, force: true });
  }, 60_000);

  const api = async (port: number, path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("get the stack's API settings, secrets read from files, and the Compose function host's", () => {
    expect(apiEnvironmentNames).toEqual(Object.keys(stackApi.environment).sort());
    expect(apiEnvironmentNames).toEqual(expect.arrayContaining(['DATABASE_URL_FILE', 'JWT_SECRET_FILE', 'FUNCTION_URL']));
    expect(Object.keys(composeFunction.environment)).toContain('FUNCTION_API_KEY');
  });

  it('send a change made through one replica to a WebSocket client of the other, and email its low-stock alert once', async () => {
    const [portA = 0, portB = 0] = apiPorts;
    const login = await api(portA, '/api/auth/login', { method: 'POST', body: { username: 'manager', password: adminPassword } });
    expect(login.status).toBe(200);
    const token = String(login.body.accessToken);

    const messages: LiveMessage[] = [];
    const socket = new WebSocket(`ws://127.0.0.1:${portB}/ws?token=${encodeURIComponent(token)}`);
    socket.on('message', (raw: Buffer) => messages.push(JSON.parse(raw.toString()) as LiveMessage));
    try {
      await until('the hello of replica B', () => Promise.resolve(messages.find((m) => m.type === 'hello')), processes);

      const sku = `DEPLOY-${suffix}`;
      const created = await api(portA, '/api/items', {
        method: 'POST',
        token,
        body: { sku, name: 'Nitrile gloves', quantity: 10, lowStockThreshold: 5 },
      });
      expect(created.status).toBe(201);
      const itemId = String(created.body.id);
      const moved = await api(portA, '/api/stock-movements', { method: 'POST', token, body: { itemId, type: 'OUT', quantity: 6 } });
      expect(moved.status).toBe(201);

      const seen = await until(
        'the new item and its movement on replica B',
        () => {
          const ofItem = messages.filter((m) => m.data?.id === itemId || (m.data?.item as { id?: string } | undefined)?.id === itemId);
          const types = ofItem.map((m) => m.type);
          return Promise.resolve(types.includes('item.created') && types.includes('stock.moved') ? ofItem : undefined);
        },
        processes,
      );
      const movement = seen.find((m) => m.type === 'stock.moved');
      expect((movement?.data?.item as { quantity?: number } | undefined)?.quantity).toBe(4);

      const sent = await until(
        'the alert recorded as sent',
        async () => {
          const alerts = await api(portB, `/api/alerts?itemId=${itemId}`, { token });
          const list = alerts.body.alerts as { state: string }[] | undefined;
          return list?.length === 1 && list[0]?.state === 'sent' ? list : undefined;
        },
        processes,
      );
      expect(sent).toHaveLength(1);

      // One more change through replica B, seen by the same client: both dispatchers have had time to act.
      const refill = await api(portB, '/api/stock-movements', { method: 'POST', token, body: { itemId, type: 'IN', quantity: 1 } });
      expect(refill.status).toBe(201);
      await until(
        'the refill on the socket',
        () =>
          Promise.resolve(
            messages.find((m) => m.type === 'stock.moved' && (m.data?.item as { quantity?: number } | undefined)?.quantity === 5),
          ),
        processes,
      );

      const emails = sendGrid.requests.filter((request) => request.body.subject.includes(sku));
      expect(emails).toHaveLength(1);
      expect(emails[0]?.authorization).toBe(`Bearer ${sendGridKey}`);
      expect(emails[0]?.body.personalizations[0]?.to).toEqual([{ email: 'stock@example.test' }]);
      expect(emails[0]?.body.subject).toMatch(/has 4 \S+ left/);
    } finally {
      socket.close();
    }
  }, 180_000);
});
