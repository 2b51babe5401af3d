import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { WebSocket } from 'ws';
import { migrateToLatest } from '../../db/src/migrate';
import { startBenchCluster } from './bench-database';
import { BENCH_MANAGER_PASSWORD, startBenchServer, type BenchServer } from './bench-server';
import { Crowd, socketWriteFloor } from './crowd';
import { present, printHeadline, printTable } from './present';

/**
 * Live updates end to end: a steady stream of stock movements through HTTP while 200 WebSocket
 * clients listen; the latency from each POST's start to every client's message, messages lost,
 * and the API's memory per socket (with 200, then a few thousand sockets open). The few thousand
 * are a crowd in a process of their own (live-crowd.ts): read in this one, their messages would
 * queue ahead of the measured clients' and the figure would time this process, not the API.
 */

const CLIENTS = 200;
const EXTRA_SOCKETS = 2_000;
const RATE_PER_SECOND = Number(process.env.LIVE_BENCH_RATE ?? 50);
const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 10);
const ITEMS = 20;
const MAX_IN_FLIGHT = 32;

/** The API process's resident memory in bytes (Linux). */
async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kilobytes) throw new Error('no VmRSS in /proc status');
  return Number(kilobytes) * 1024;
}

/**
 * A POST, sent again (same Idempotency-Key, so recorded once) when the connection drops: a kept-alive
 * connection the server is closing just then is lost on any loaded machine.
 */
async function post<T>(url: string, token: string | undefined, body: unknown, key?: string): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    }).catch((error: unknown) => {
      if (!key || attempt >= 3) throw error;
      return undefined;
    });
    if (!response) continue;
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }
}

const NOTE = /"note":"bench-(\d+)"/;
/** The message's own position comes first after its type. */
const POSITION = /^\{"type":"[^"]+","position":(\d+)/;

interface Notice {
  readonly projection: string;
  readonly transactionId: bigint;
  readonly position: number;
  readonly at: number;
}

/**
 * The projections' NOTIFYs on `ims_changes` as this process hears them, to tell when a movement was
 * committed in both read models the message comes from: what follows is the live feed's own time.
 */
class CommitWatch {
  private readonly notices: Notice[] = [];

  private constructor(private readonly client: Client) {
    client.on('notification', (message) => {
      const notice = JSON.parse(message.payload ?? '{}') as { projection?: string; upTo?: { transactionId: string; position: number } };
      if (notice.projection && notice.upTo) {
        this.notices.push({
          projection: notice.projection,
          transactionId: BigInt(notice.upTo.transactionId),
          position: notice.upTo.position,
          at: performance.now(),
        });
      }
    });
  }

  static async start(url: string): Promise<CommitWatch> {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query('LISTEN ims_changes');
    return new CommitWatch(client);
  }

  /** When the items and the history projections had both committed the event at (transactionId, position). */
  committedAt(transactionId: bigint, position: number): number | undefined {
    const times = ['items', 'history'].map(
      (projection) =>
        this.notices.find(
          (notice) =>
            notice.projection === projection &&
            (notice.transactionId > transactionId || (notice.transactionId === transactionId && notice.position >= position)),
        )?.at,
    );
    return times.every((time) => time !== undefined) ? Math.max(...times) : undefined;
  }

  /** Each position's transaction id, from the store. */
  async transactionIds(positions: readonly number[]): Promise<Map<number, bigint>> {
    const { rows } = await this.client.query<{ position: string; transaction_id: string }>(
      'SELECT position, transaction_id::text FROM events WHERE position = ANY($1::bigint[])',
      [positions],
    );
    return new Map(rows.map((row) => [Number(row.position), BigInt(row.transaction_id)]));
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** Sockets that note when each movement's message reaches each of them. */
class Listeners {
  readonly sockets: WebSocket[] = [];
  /** arrivals[n]: how many sockets have received movement n. */
  readonly arrivals: number[] = [];
  /** Pairs of (movement number, arrival time) for every message. */
  readonly deliveries: number[] = [];
  readonly startedAt: number[] = [];
  /** ms from each POST's start to its answer. */
  readonly answers: number[] = [];
  /** When each POST was answered, to tell the command's own time from the projection and the feed's. */
  readonly answeredAt: number[] = [];
  /** Each movement's event position, from its messages. */
  readonly positionOf: number[] = [];
  /** The size of a movement's message as it arrived. */
  messageBytes = 0;

  duplicates = 0;

  async open(baseUrl: string, token: string, count: number): Promise<void> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;
    for (let opened = 0; opened < count; opened += 100) {
      await Promise.all(Array.from({ length: Math.min(100, count - opened) }, () => this.openOne(url)));
    }
  }

  private openOne(url: string): Promise<void> {
    const socket = new WebSocket(url);
    this.sockets.push(socket);
    const seen = new Set<number>();
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.on('message', (raw: Buffer) => {
        const text = raw.toString();
        if (text.startsWith('{"type":"hello"')) {
          resolve();
          return;
        }
        const match = NOTE.exec(text);
        if (!match) return;
        const n = Number(match[1]);
        if (this.startedAt[n] === undefined) return;
        if (seen.has(n)) this.duplicates += 1;
        seen.add(n);
        this.arrivals[n] = (this.arrivals[n] ?? 0) + 1;
        this.positionOf[n] ??= Number(POSITION.exec(text)?.[1]);
        this.messageBytes = raw.length;
        this.deliveries.push(n, performance.now());
      });
    });
  }

  received(n: number): number {
    return this.arrivals[n] ?? 0;
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
  }
}

/**
 * POSTs `count` movements at a steady `rate`, each noted `bench-<n>`, with at most `MAX_IN_FLIGHT`
 * unanswered (a saturated API then sets the pace); the numbers recorded and the rate achieved.
 */
async function stream(
  baseUrl: string,
  token: string,
  items: readonly string[],
  listeners: Listeners,
  first: number,
  count: number,
  rate: number,
): Promise<{ recorded: number[]; perSecond: number }> {
  const recorded: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (let k = 0; k < count; k += 1) {
    const wait = started + (k * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const n = first + k;
    listeners.startedAt[n] = performance.now();
    const body = {
      itemId: items[n % items.length],
      type: Math.floor(n / items.length) % 2 ? 'OUT' : 'IN',
      quantity: 1,
      note: `bench-${n}`,
    };
    const request = post(`${baseUrl}/api/stock-movements`, token, body, `bench-${n}`).then(() => {
      listeners.answeredAt[n] = performance.now();
      listeners.answers.push(listeners.answeredAt[n] - present(listeners.startedAt[n], `start of movement ${n}`));
      recorded.push(n);
      inFlight.delete(request);
    });
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  return { recorded, perSecond: (count * 1000) / (performance.now() - started) };
}

async function allArrived(listeners: Listeners, recorded: readonly number[], sockets: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && recorded.some((n) => listeners.received(n) < sockets)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

interface Result {
  readonly name: string;
  readonly sockets: number;
  readonly movements: number;
  readonly perSecond: number;
  readonly messages: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly answerP50: number;
  readonly afterAnswerP50: number;
  readonly afterAnswerP99: number;
  readonly afterCommitP50: number;
  readonly afterCommitP99: number;
  readonly cpuMsPerMovement: number;
  /** The API's round trips to PostgreSQL per movement: the command, every projection's batch, the live feed's reads. */
  readonly roundTripsPerMovement: number;
}

/** Streams `count` movements while `listeners` listen, and what they saw of them. */
async function measure(
  name: string,
  server: BenchServer,
  watch: CommitWatch,
  token: string,
  items: readonly string[],
  listeners: Listeners,
  first: number,
  count: number,
  sockets: number,
): Promise<Result> {
  listeners.deliveries.length = 0;
  listeners.answers.length = 0;
  const before = await server.usage();
  const { recorded, perSecond } = await stream(server.baseUrl, token, items, listeners, first, count, RATE_PER_SECOND);
  await allArrived(listeners, recorded, listeners.sockets.length);
  const after = await server.usage();
  const cpu = after.cpuMs - before.cpuMs;
  const roundTrips = after.statements - before.statements;
  const transactionIds = await watch.transactionIds(
    recorded.map((n) => present(listeners.positionOf[n], `position of movement ${n}`)).filter(Number.isFinite),
  );
  const latencies: number[] = [];
  const afterAnswer: number[] = [];
  const afterCommit: number[] = [];
  for (let k = 0; k < listeners.deliveries.length; k += 2) {
    const n = present(listeners.deliveries[k], 'delivered movement');
    const at = present(listeners.deliveries[k + 1], `delivery time of movement ${n}`);
    latencies.push(at - present(listeners.startedAt[n], `start of movement ${n}`));
    afterAnswer.push(at - present(listeners.answeredAt[n], `answer to movement ${n}`));
    const position = present(listeners.positionOf[n], `position of movement ${n}`);
    const transactionId = transactionIds.get(position);
    const committed = transactionId === undefined ? undefined : watch.committedAt(transactionId, position);
    if (committed !== undefined) afterCommit.push(at - committed);
  }
  for (const samples of [latencies, afterAnswer, afterCommit]) samples.sort((x, y) => x - y);
  const answers = [...listeners.answers].sort((x, y) => x - y);
  return {
    name,
    sockets,
    movements: recorded.length,
    perSecond,
    messages: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    lost: recorded.reduce((sum, n) => sum + Math.max(0, listeners.sockets.length - listeners.received(n)), 0),
    duplicates: listeners.duplicates,
    answerP50: percentile(answers, 50),
    afterAnswerP50: percentile(afterAnswer, 50),
    afterAnswerP99: percentile(afterAnswer, 99),
    afterCommitP50: percentile(afterCommit, 50),
    afterCommitP99: percentile(afterCommit, 99),
    cpuMsPerMovement: cpu / Math.max(recorded.length, 1),
    roundTripsPerMovement: roundTrips / Math.max(recorded.length, 1),
  };
}

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  try {
    const url = await cluster.database('live');
    await migrateToLatest(url);
    const server = await startBenchServer(url);
    const watch = await CommitWatch.start(url);
    const groups: Listeners[] = [];
    let crowd: Crowd | undefined;
    const group = () => {
      const listeners = new Listeners();
      groups.push(listeners);
      return listeners;
    };
    try {
      const { accessToken } = await post<{ accessToken: string }>(`${server.baseUrl}/api/auth/login`, undefined, {
        username: 'manager',
        password: BENCH_MANAGER_PASSWORD,
      });
      const items: string[] = [];
      for (let n = 0; n < ITEMS; n += 1) {
        items.push(
          (
            await post<{ id: string }>(`${server.baseUrl}/api/items`, accessToken, {
              sku: `LIVE-${n}`,
              name: `Live bench ${n}`,
              quantity: 1_000_000,
            })
          ).id,
        );
      }
      const pid = present(server.child.pid, 'server process id');
      const count = RATE_PER_SECOND * SECONDS;
      const results: Result[] = [];

      const single = group();
      await single.open(server.baseUrl, accessToken, 1);
      await measure('warm-up', server, watch, accessToken, items, single, 0, RATE_PER_SECOND, 1);
      results.push(await measure('1 client (the pipeline alone)', server, watch, accessToken, items, single, 10_000, count, 1));
      single.close();

      const idle = await residentBytes(pid);
      const clients = group();
      await clients.open(server.baseUrl, accessToken, CLIENTS);
      const withClients = await residentBytes(pid);
      results.push(await measure(`${CLIENTS} clients`, server, watch, accessToken, items, clients, 20_000, count, CLIENTS));
      clients.close();

      const beforeCrowd = await residentBytes(pid);
      crowd = await Crowd.open(`${server.baseUrl.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(accessToken)}`, EXTRA_SOCKETS);
      const withCrowd = await residentBytes(pid);
      const measured = group();
      await measured.open(server.baseUrl, accessToken, CLIENTS);
      const amongCrowd = await measure(
        `${CLIENTS} clients among ${CLIENTS + EXTRA_SOCKETS} sockets`,
        server,
        watch,
        accessToken,
        items,
        measured,
        30_000,
        count,
        CLIENTS + EXTRA_SOCKETS,
      );
      results.push(amongCrowd);
      const crowdSockets = crowd.sockets;
      const crowdExpected = amongCrowd.movements * crowdSockets;
      const crowdReceived = await crowd.received(crowdExpected);
      await crowd.close();
      crowd = undefined;
      const floor = await socketWriteFloor(CLIENTS + EXTRA_SOCKETS, measured.messageBytes);

      console.log(
        `\nlive benchmark — POST /api/stock-movements at ${RATE_PER_SECOND}/s for ${SECONDS} s on ${ITEMS} items while WebSocket clients listen; durable embedded PostgreSQL 15`,
      );
      console.log(
        `machine: ${cpus().length} cores, load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')} — shared and noisy: other work on it slows every figure`,
      );
      console.log(
        'latency: from the start of each POST to each client receiving its stock.moved message; the load generator, its clients, the API and PostgreSQL share the machine',
      );
      console.log(
        "  'after read models committed': from the later of the items and history projections' NOTIFY (heard by this process) to the message — the live feed's own share",
      );
      printTable(
        [
          'run',
          'sockets',
          'movements',
          'movements/s',
          'messages',
          'p50 ms',
          'p99 ms',
          'max ms',
          'lost',
          'duplicates',
          'POST answered p50 ms',
          'after answer p50 / p99 ms',
          'after read models committed p50 / p99 ms',
          'API CPU ms/movement',
          'API round trips/movement',
        ],
        results.map((r) => [
          r.name,
          r.sockets,
          r.movements,
          r.perSecond.toFixed(0),
          r.messages,
          r.p50.toFixed(1),
          r.p99.toFixed(1),
          r.max.toFixed(1),
          r.lost,
          r.duplicates,
          r.answerP50.toFixed(1),
          `${r.afterAnswerP50.toFixed(1)} / ${r.afterAnswerP99.toFixed(1)}`,
          `${r.afterCommitP50.toFixed(1)} / ${r.afterCommitP99.toFixed(1)}`,
          r.cpuMsPerMovement.toFixed(2),
          r.roundTripsPerMovement.toFixed(1),
        ]),
      );
      const [alone, fanned] = results;
      console.log(
        `goal: p50 ≤ 10 ms, p99 ≤ 50 ms, 0 lost; fan-out to ${CLIENTS} clients costs ${(present(fanned, 'fanned-out result').cpuMsPerMovement / present(alone, 'single-client result').cpuMsPerMovement).toFixed(2)}× the API CPU of one`,
      );
      console.log(
        `API resident memory: ${mib(idle)} MiB, ${mib(withClients)} MiB with ${CLIENTS} sockets (${((withClients - idle) / CLIENTS / 1024).toFixed(1)} KiB per socket)`,
      );
      console.log(
        `  ${EXTRA_SOCKETS} more idle sockets: ${mib(beforeCrowd)} → ${mib(withCrowd)} MiB (${((withCrowd - beforeCrowd) / EXTRA_SOCKETS / 1024).toFixed(1)} KiB per socket; resident memory, so garbage not yet collected counts too)`,
      );
      console.log(
        `  the other ${crowdSockets} sockets (in a process of their own) received ${crowdReceived} of the ${crowdExpected} messages sent them`,
      );
      console.log(
        `the floor of a delivery to the crowd: a WebSocket server doing nothing else writes one ${measured.messageBytes}-byte message to each of ${floor.sockets} sockets in ${floor.passMs.toFixed(1)} ms (p50 of ${floor.passes} passes; ${floor.writeUs.toFixed(1)} µs a socket)`,
      );
      const fannedOut = present(results[1], 'fanned-out result');
      printHeadline({
        p50Ms: fannedOut.p50,
        p99Ms: fannedOut.p99,
        crowdP50Ms: amongCrowd.p50,
        crowdP99Ms: amongCrowd.p99,
        crowdWriteFloorMs: floor.passMs,
        lost: fannedOut.lost + amongCrowd.lost + Math.max(0, crowdExpected - crowdReceived),
      });
    } finally {
      for (const listeners of groups) listeners.close();
      await crowd?.close();
      await watch.close();
      await server.stop();
    }
  } finally {
    await cluster.close();
  }
}
