import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ALL_PROJECTIONS } from '../../backend/src/all-projections';
import { verifyReadModels } from '../../backend/src/projections/verify/verify-read-models';
import { LiveClient } from '../../backend/src/live/testing/live-client';
import { call, type Answer } from '../../backend/src/live/testing/replicas';
import { projectionsBehind } from '../bench/bench-database';
import { replicaStackFile, stackSecretName } from './replica-stack';
import { importRuntimeImage } from './runtime-image';
import { docker, runScript } from './swarm-script';

const REPLICAS = 3;
/** The engine's socket, which docker-stack.yml mounts into the API; its group lets the API's user read it. */
const SOCKET = '/var/run/docker.sock';
const CLIENTS_PER_REPLICA = 2;
const MOVEMENTS_PER_REPLICA = 10;

const stack = `imsreplicas${randomBytes(3).toString('hex')}`;
const image = `ims-test/runtime:${stack}`;
const secrets = {
  postgres_password: randomBytes(12).toString('hex'),
  jwt_secret: randomBytes(24).toString('hex'),
  admin_password: `keeper-${randomBytes(8).toString('hex')}`,
  function_api_key: randomBytes(12).toString('hex'),
};
let dir = '';
let pool: Pool | undefined;
/** Each replica's address by its task slot (1-based; index 0 is slot 1). */
let replicaUrls: string[] = [];
const clients: LiveClient[] = [];

/** Whether this host can listen on `port` on every interface, as the API does. */
const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });

/** A port template `<d>{{.Task.Slot}}<dd>` whose port for every slot is free, and that port per slot. */
async function apiPorts(): Promise<{ template: string; ports: number[] }> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const [first, last] = [2 + (attempt % 4), 10 + Math.floor(Math.random() * 90)];
    const ports = Array.from({ length: REPLICAS }, (_, slot) => Number(`${first}${slot + 1}${last}`));
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return { template: `${first}{{.Task.Slot}}${last}`, ports };
  }
  throw new Error('no free ports for the API replicas');
}

async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (await isFree(port)) return port;
  }
  throw new Error('no free port for PostgreSQL');
}

async function deploy(name: string, contents: string): Promise<void> {
  const file = join(dir, name);
  await writeFile(file, contents);
  const result = await runScript('ops/deploy/deploy-stack.sh', [file], {
    IMS_STACK: stack,
    ROLLOUT_TIMEOUT: '600',
    // Nothing listens there: an alert would fail and be retried, and the test raises none.
    FUNCTION_URL: 'http://127.0.0.1:9/low-stock-email',
    DOCKER_GID: String((await stat(SOCKET)).gid),
  });
  if (result.code !== 0) throw new Error(`deploy-stack.sh failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * A write sent as the web app sends it: with an Idempotency-Key, again after a 503's Retry-After
 * (a loaded machine's database connection can time out), so that the retry is applied once.
 */
async function write<T>(url: string, token: string, path: string, body: unknown): Promise<Answer<T>> {
  const headers = { 'idempotency-key': randomUUID() };
  for (let attempt = 1; ; attempt += 1) {
    const answer = await call<T>(url, token, 'POST', path, body, headers);
    if (answer.status !== 503 || attempt === 5) return answer;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ims-replicas-'));
  await importRuntimeImage(image);
  for (const [name, value] of Object.entries(secrets)) {
    await writeFile(join(dir, name), value);
    await docker('secret', 'create', stackSecretName(stack, name), join(dir, name));
  }
  const postgresPort = await freePort();
  const databaseUrl = `postgres://ims:${secrets.postgres_password}@127.0.0.1:${postgresPort}/ims`;
  await writeFile(join(dir, 'database_url'), databaseUrl);
  await docker('secret', 'create', stackSecretName(stack, 'database_url'), join(dir, 'database_url'));

  const { template, ports } = await apiPorts();
  const options = { stack, image, apiReplicas: REPLICAS, postgresPort, apiPortTemplate: template };
  // PostgreSQL healthy first, as the db node is in production long before an API update.
  await deploy('db.yml', await replicaStackFile({ ...options, withApi: false }));
  await deploy('stack.yml', await replicaStackFile({ ...options, withApi: true }));
  replicaUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  pool = new Pool({ connectionString: databaseUrl, max: 2 });
}, 900_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await pool?.end();
  await docker('stack', 'rm', stack).catch(() => undefined);
  // Secrets, volumes and the image stay in use until every container of the stack is gone.
  for (let waited = 0; waited < 120; waited += 1) {
    if ((await docker('ps', '-aq', '--filter', `label=com.docker.stack.namespace=${stack}`)) === '') break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  for (const name of [...Object.keys(secrets), 'database_url'])
    await docker('secret', 'rm', stackSecretName(stack, name)).catch(() => undefined);
  await docker('volume', 'rm', `${stack}_chain-anchor`).catch(() => undefined);
  await docker('image', 'rm', image).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}, 180_000);

describe(`docker-stack.yml's API with ${REPLICAS} replicas on one PostgreSQL, deployed to Swarm by deploy-stack.sh`, () => {
  it('runs every replica as its own task, each answering on the port its slot gives it', async () => {
    const tasks = (await docker('service', 'ps', '-q', '--filter', 'desired-state=running', `${stack}_api`)).split('\n');
    const ports = await Promise.all(
      tasks.map(async (task) => {
        const container = await docker('inspect', '--format', '{{.Status.ContainerStatus.ContainerID}}', task);
        const env = JSON.parse(await docker('inspect', '--format', '{{json .Config.Env}}', container)) as string[];
        return `http://127.0.0.1:${env.find((entry) => entry.startsWith('PORT='))?.slice('PORT='.length)}`;
      }),
    );
    expect(ports.sort()).toEqual([...replicaUrls].sort());
    for (const url of replicaUrls) expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });

  it("every replica's clients hear every change made through any replica, and the projections apply each event once", async () => {
    if (!pool) throw new Error('no database');
    const database = pool;
    const [first, second] = replicaUrls;
    if (!first || !second) throw new Error('fewer than two replicas');
    const login = await fetch(`${first}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'manager', password: secrets.admin_password }),
    });
    const { accessToken: token } = (await login.json()) as { accessToken: string };

    const byReplica = await Promise.all(
      replicaUrls.map((url) => Promise.all(Array.from({ length: CLIENTS_PER_REPLICA }, () => LiveClient.greeted(url, token)))),
    );
    clients.push(...byReplica.flat());
    // Each replica counts the sockets it holds itself: the clients are spread over three processes.
    for (const url of replicaUrls) {
      const report = await call<{ webSocketClients: number }>(url, token, 'GET', '/api/health/system');
      expect(report.body.webSocketClients).toBe(CLIENTS_PER_REPLICA);
    }

    const created = await write<{ id: string; position: number }>(second, token, '/api/items', {
      sku: `REPLICAS-${stack}`,
      name: 'Heard by every replica',
      quantity: 0,
    });
    expect(created).toMatchObject({ status: 201 });
    const itemId = created.body.id;
    for (const client of clients) await client.change('item.created', (message) => message.position === created.body.position);

    // Movements through all three replicas at once, so that every replica's projectors are woken together.
    const movements = await Promise.all(
      replicaUrls.map(async (url, lane) => {
        const answers = [];
        for (let n = 1; n <= MOVEMENTS_PER_REPLICA; n += 1) {
          const quantity = lane * MOVEMENTS_PER_REPLICA + n;
          const answer = await write<{ position: number }>(url, token, '/api/stock-movements', { itemId, type: 'IN', quantity });
          expect(answer).toMatchObject({ status: 201 });
          answers.push({ position: answer.body.position, quantity });
        }
        return answers;
      }),
    );
    const positions = movements
      .flat()
      .map(({ position }) => position)
      .sort((a, b) => a - b);
    const total = movements.flat().reduce((sum, { quantity }) => sum + quantity, 0);

    for (const client of clients) {
      await client.until((messages) => positions.every((position) => messages.some((message) => message.position === position)));
      const heard = client.changes.filter((message) => message.type === 'stock.moved').map((message) => message.position);
      expect(heard).toEqual(positions);
    }

    for (let waited = 0; (await projectionsBehind(database)) > 0; waited += 1) {
      if (waited > 300) throw new Error('the projections never caught up');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { rows: items } = await database.query<{ quantity: string }>('SELECT quantity FROM read_items WHERE id = $1', [itemId]);
    expect(items.map((row) => Number(row.quantity))).toEqual([total]);
    const { rows: history } = await database.query<{ position: string }>(
      'SELECT position FROM read_item_history WHERE item_id = $1 ORDER BY position',
      [itemId],
    );
    expect(history.map((row) => Number(row.position))).toEqual([created.body.position, ...positions]);
    const verification = await verifyReadModels(database, ALL_PROJECTIONS);
    expect(verification.differences).toEqual([]);
  }, 180_000);
});
