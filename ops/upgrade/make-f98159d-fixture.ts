import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres } from '../../backend/src/database';
import { FIXTURE_DUMP, FIXTURE_EXPECTED, FIXTURE_USERS, type OldAnswers } from './f98159d-fixture';

/*
 * Remakes ops/upgrade/f98159d.sql.gz and f98159d.expected.json: a small history written through the
 * HTTP API of commit f98159d (before locations), dumped with pg_dump, and what that version answered.
 *
 *   git worktree add --detach /tmp/ims-old f98159d
 *   (cd /tmp/ims-old && npm ci && npm run build:server)
 *   npm run build:server && node dist/ops/upgrade/make-f98159d-fixture.js /tmp/ims-old
 *
 * (Quicker than npm ci: `cp -al node_modules /tmp/ims-old/` and unpack `npm pack @nestjs/throttler@6.7.1`
 * into its node_modules/@nestjs/throttler, the one module f98159d has that today's tree lacks.)
 * The answers' times and ids differ on each run; the spec reads them from the recorded file.
 *
 * Needs pg_dump 15 or later on PATH (the deploy tier's postgresql-client-15).
 */

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const JWT_SECRET = 'fixture-secret-of-enough-length-0123456789';

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

class OldApi {
  constructor(private readonly baseUrl: string) {}

  async call(
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  /** A call that must succeed; its body. */
  async ok<T>(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const answer = await this.call(method, path, token, body, headers);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }

  async login(username: string, password: string): Promise<string> {
    return (await this.ok<{ accessToken: string }>('POST', '/api/auth/login', undefined, { username, password })).accessToken;
  }
}

interface OldItem {
  readonly id: string;
  readonly sku: string;
  readonly version: number;
}

type Movement = OldAnswers['keyed']['answer'];

async function untilServing(baseUrl: string, output: () => string): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 250) {
    const status = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(250);
  }
  throw new Error(`the old server did not start:\n${output()}`);
}

/** The history: two users, eight items, movements with and without Idempotency-Key, a refusal, an archive, price edits, a low-stock alert. */
async function writeHistory(api: OldApi): Promise<{ instants: string[]; itemIds: string[]; keyed: OldAnswers['keyed'] }> {
  const manager = await api.login(FIXTURE_USERS.manager.username, FIXTURE_USERS.manager.password);
  await api.ok('POST', '/api/users', manager, {
    ...FIXTURE_USERS.staff,
    email: `${FIXTURE_USERS.staff.username}@example.com`,
    role: 'staff',
  });
  const staff = await api.login(FIXTURE_USERS.staff.username, FIXTURE_USERS.staff.password);

  const specs = [
    { sku: 'BOLT-M10', name: 'Bolt M10', unit: 'pcs', quantity: 400, lowStockThreshold: 50, price: 0.12 },
    { sku: 'NUT-M10', name: 'Nut M10', unit: 'pcs', quantity: 500, lowStockThreshold: 50, price: 0.05 },
    { sku: 'WASHER-10', name: 'Washer 10 mm', unit: 'pcs', quantity: 0, lowStockThreshold: 0 },
    { sku: 'CABLE-3G15', name: 'Cable 3G1.5', unit: 'm', quantity: 120, lowStockThreshold: 20, price: 1.8, description: 'H05VV-F, white' },
    { sku: 'GLOVES-L', name: 'Work gloves L', unit: 'pairs', quantity: 20, lowStockThreshold: 5, price: 4.5 },
    { sku: 'TAPE-PVC', name: 'Insulating tape', unit: 'rolls', quantity: 30, lowStockThreshold: 10, price: 0.9 },
    { sku: 'DRILL-8', name: 'Drill bit 8 mm', unit: 'pcs', quantity: 12, lowStockThreshold: 2, price: 3.2 },
    { sku: 'OLD-FUSE', name: 'Fuse 10 A (discontinued)', unit: 'pcs', quantity: 6, lowStockThreshold: 0 },
  ];
  const items = new Map<string, OldItem>();
  for (const spec of specs) items.set(spec.sku, await api.ok<OldItem>('POST', '/api/items', manager, spec));
  const itemOf = (sku: string): OldItem => {
    const item = items.get(sku);
    if (!item) throw new Error(`no item ${sku}`);
    return item;
  };
  const id = (sku: string) => itemOf(sku).id;
  const move = (token: string, sku: string, type: string, quantity: number, extra: Record<string, string> = {}, key?: string) =>
    api.ok<Movement>(
      'POST',
      '/api/stock-movements',
      token,
      { itemId: id(sku), type, quantity, ...extra },
      key ? { 'idempotency-key': key } : {},
    );

  const instants: string[] = [];
  const mark = async () => {
    await sleep(20);
    instants.push(new Date().toISOString());
    await sleep(20);
  };

  await move(staff, 'BOLT-M10', 'IN', 100, { reason: 'delivery', note: 'PO 1001' });
  await move(staff, 'BOLT-M10', 'OUT', 35, { reason: 'job 17' });
  const keyed = { key: randomUUID(), body: { itemId: id('NUT-M10'), type: 'OUT', quantity: 60, reason: 'job 17' } };
  const first = await move(staff, 'NUT-M10', 'OUT', 60, { reason: 'job 17' }, keyed.key);
  // A retry with the same key and body: the first answer again, no second event.
  await move(staff, 'NUT-M10', 'OUT', 60, { reason: 'job 17' }, keyed.key);
  await mark();
  await move(manager, 'WASHER-10', 'IN', 250, { reason: 'delivery' }, randomUUID());
  await move(manager, 'CABLE-3G15', 'ADJUST', 112, { reason: 'stocktake', note: 'counted on the drum' });
  const refused = await api.call('POST', '/api/stock-movements', staff, {
    itemId: id('DRILL-8'),
    type: 'OUT',
    quantity: 50,
    reason: 'too many',
  });
  if (refused.status < 400) throw new Error(`the movement beyond stock was accepted: ${JSON.stringify(refused.body)}`);
  await move(staff, 'DRILL-8', 'OUT', 4, { reason: 'job 18' });
  await mark();

  const gloves = itemOf('GLOVES-L');
  const priced = await api.ok<OldItem>(
    'PATCH',
    `/api/items/${gloves.id}`,
    manager,
    { price: 4.95, reason: 'supplier price list' },
    { 'if-match': String(gloves.version) },
  );
  await api.ok(
    'PATCH',
    `/api/items/${gloves.id}`,
    manager,
    { price: 5.25, name: 'Work gloves, size L' },
    { 'if-match': String(priced.version) },
  );
  // Down to 3 of 5: the low-stock alert is raised (a preview without SendGrid).
  await move(staff, 'GLOVES-L', 'OUT', 17, { reason: 'new starters' }, randomUUID());
  await move(staff, 'TAPE-PVC', 'OUT', 8, {});
  await move(staff, 'TAPE-PVC', 'IN', 24, { reason: 'delivery' });
  await mark();

  await move(manager, 'OLD-FUSE', 'ADJUST', 0, { reason: 'none left on the shelf' });
  await api.ok('DELETE', `/api/items/${id('OLD-FUSE')}`, manager, { reason: 'discontinued' });
  await move(staff, 'BOLT-M10', 'ADJUST', 462, { reason: 'stocktake' }, randomUUID());
  await mark();
  return { instants, itemIds: [...items.values()].map((item) => item.id), keyed: { ...keyed, answer: first } };
}

/** What the old version answered for everything the upgrade must keep. */
async function recordAnswers(api: OldApi, written: Awaited<ReturnType<typeof writeHistory>>): Promise<OldAnswers> {
  const { instants, itemIds, keyed } = written;
  const manager = await api.login(FIXTURE_USERS.manager.username, FIXTURE_USERS.manager.password);
  let alerts: OldAnswers['alerts'] = [];
  for (let waited = 0; waited < 30_000; waited += 250) {
    alerts = (await api.ok<{ alerts: OldAnswers['alerts'] }>('GET', '/api/alerts', manager)).alerts;
    if (alerts.length > 0 && alerts.every((alert) => alert.state !== 'pending')) break;
    await sleep(250);
  }
  const items: OldAnswers['items'][number][] = [];
  for (const itemId of itemIds) {
    items.push({
      item: await api.ok(`GET`, `/api/items/${itemId}`, manager),
      history: await api.ok(`GET`, `/api/items/${itemId}/history?limit=100`, manager),
      stockAt: await Promise.all(
        instants.map((at) =>
          api.ok<{ quantity: number; position: number | null }>(
            `GET`,
            `/api/items/${itemId}/stock-at?at=${encodeURIComponent(at)}`,
            manager,
          ),
        ),
      ),
    });
  }
  return {
    instants: [...instants],
    keyed,
    list: await api.ok('GET', '/api/items?limit=100', manager),
    items,
    movements: await api.ok('GET', '/api/stock-movements?limit=100', manager),
    alerts,
    verify: await api.ok('GET', '/api/events/verify', manager),
  };
}

/** pg_dump as plain INSERTs, so the test loads it with `pg` alone; psql's \restrict guard lines dropped. */
async function dump(url: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--format=plain', '--inserts', '--no-owner', '--no-privileges', '--no-comments', url], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter((line) => !/^\\(un)?restrict /.test(line))
    .join('\n');
}

async function main(oldCheckout: string): Promise<void> {
  const oldMain = resolve(oldCheckout, 'dist/backend/src/main.js');
  if (!existsSync(oldMain)) throw new Error(`${oldMain} is missing: build the old checkout first (npm run build:server there)`);
  const dataDir = await mkdtemp(join(tmpdir(), 'ims-fixture-'));
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE ims_f98159d');
    await admin.end();
    const url = server.url.replace(/\/postgres$/, '/ims_f98159d');
    const port = await freePort();
    let printed = '';
    const child = spawn(process.execPath, [oldMain], {
      cwd: oldCheckout,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: url,
        PORT: String(port),
        JWT_SECRET,
        ADMIN_USERNAME: FIXTURE_USERS.manager.username,
        ADMIN_PASSWORD: FIXTURE_USERS.manager.password,
        IMS_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      printed = (printed + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exited = new Promise((done) => child.once('exit', done));
    try {
      const api = new OldApi(`http://127.0.0.1:${port}`);
      await untilServing(`http://127.0.0.1:${port}`, () => printed);
      const answers = await recordAnswers(api, await writeHistory(api));
      await writeFile(resolve(FIXTURE_EXPECTED), `${JSON.stringify(answers, null, 2)}\n`);
      // As the repository's Prettier keeps it, so that `npm run lint` passes on the remade file.
      await run('npx', ['prettier', '--write', FIXTURE_EXPECTED]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    const sql = await dump(url);
    await writeFile(resolve(FIXTURE_DUMP), gzipSync(sql, { level: 9 }));
    process.stdout.write(`${FIXTURE_DUMP}: ${sql.length} bytes of SQL; ${FIXTURE_EXPECTED} written\n`);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const [oldCheckout] = process.argv.slice(2);
if (!oldCheckout) {
  process.stderr.write('usage: node dist/ops/upgrade/make-f98159d-fixture.js <checkout of f98159d, built>\n');
  process.exit(2);
}
main(oldCheckout).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
