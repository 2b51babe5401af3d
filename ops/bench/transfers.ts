import autocannon from 'autocannon';
import { cpus, loadavg } from 'node:os';
import { migrateToLatest } from '../../db/src/migrate';
import { MAIN_LOCATION_ID } from '../../backend/src/inventory/domain/item-events';
import { startBenchCluster } from './bench-database';
import { BENCH_MANAGER_PASSWORD, startBenchServer, type BenchServer } from './bench-server';
import { createItems, post } from './commands';
import { present, printTable } from './present';

/**
 * Transfers per second through the whole HTTP stack (POST /api/transfers: JWT, validation, both
 * locations checked, decide, one group-committed append of one event with both legs) on distinct
 * items, beside single stock movements (POST /api/stock-movements, IN and OUT) on the same items,
 * server and cluster in the same run. The two loads alternate movements, transfers, transfers,
 * movements, so that a machine growing busier or idler during the run weighs on both alike.
 * `npm run bench -- transfers [seconds per load] [items]`.
 */

const CONNECTIONS = 64;
const GOAL = 0.8;
const seconds = Number(process.argv[3] ?? 15);
const itemCount = Number(process.argv[4] ?? 2_000);

interface LoadResult {
  readonly ok: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly refused: number;
}

type Body = (itemId: string, round: number) => object;

const movement: Body = (itemId, round) => ({ itemId, type: round % 2 === 0 ? 'IN' : 'OUT', quantity: 1 });
/** Out to the second location on even rounds, back on odd ones: the stock at each stays put and nothing is refused. */
const transferWith =
  (second: string): Body =>
  (itemId, round) => {
    const [fromLocationId, toLocationId] = round % 2 === 0 ? [MAIN_LOCATION_ID, second] : [second, MAIN_LOCATION_ID];
    return { itemId, fromLocationId, toLocationId, quantity: 1 };
  };

/** Each load starts at round 0 of every item (a transfer out), so a transfer back always finds its unit. */
async function load(
  server: BenchServer,
  token: string,
  path: string,
  body: Body,
  itemIds: readonly string[],
  duration = seconds,
): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: `${server.baseUrl}${path}`,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (request) => {
          const n = next++;
          const itemId = present(itemIds[n % itemIds.length], 'item id');
          return { ...request, body: JSON.stringify(body(itemId, Math.floor(n / itemIds.length))) };
        },
      },
    ],
  });
  return {
    ok: result['2xx'],
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    refused: result.non2xx + result.errors,
  };
}

/** Both runs of one load as one: their requests over their time; the latencies of the slower run (pessimistic). */
const combined = (runs: readonly LoadResult[]) => {
  const ok = runs.reduce((sum, run) => sum + run.ok, 0);
  return {
    perSecond: ok / runs.reduce((sum, run) => sum + run.seconds, 0),
    p50: Math.max(...runs.map((run) => run.p50)),
    p99: Math.max(...runs.map((run) => run.p99)),
    refused: runs.reduce((sum, run) => sum + run.refused, 0),
  };
};

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  try {
    const url = await cluster.database('transfers');
    await migrateToLatest(url);
    const server = await startBenchServer(url);
    try {
      const { accessToken } = await post<{ accessToken: string }>(`${server.baseUrl}/api/auth/login`, undefined, {
        username: 'manager',
        password: BENCH_MANAGER_PASSWORD,
      });
      const second = await post<{ id: string }>(`${server.baseUrl}/api/locations`, accessToken, { code: 'BENCH-B', name: 'Bench B' });
      const transfer = transferWith(second.id);
      const itemIds = await createItems(server.baseUrl, accessToken, itemCount);
      await load(server, accessToken, '/api/stock-movements', movement, itemIds, 3);
      await load(server, accessToken, '/api/transfers', transfer, itemIds, 3);

      const movementRuns = [await load(server, accessToken, '/api/stock-movements', movement, itemIds)];
      const transferRuns = [await load(server, accessToken, '/api/transfers', transfer, itemIds)];
      transferRuns.push(await load(server, accessToken, '/api/transfers', transfer, itemIds));
      movementRuns.push(await load(server, accessToken, '/api/stock-movements', movement, itemIds));
      const movements = combined(movementRuns);
      const transfers = combined(transferRuns);
      const ratio = transfers.perSecond / movements.perSecond;

      console.log(
        `\ntransfers benchmark — ${CONNECTIONS} connections, ${itemCount} distinct items round robin, ${seconds} s per run, two runs each (M T T M), durable embedded PostgreSQL`,
      );
      console.log(
        `machine: ${cpus().length} cores, load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')} (other work on it slows every figure)`,
      );
      printTable(
        ['load', 'per second', 'p50 ms', 'p99 ms', 'non-2xx and errors'],
        [
          ['POST /api/stock-movements (IN/OUT)', fmt(movements.perSecond), movements.p50, movements.p99, movements.refused],
          ['POST /api/transfers', fmt(transfers.perSecond), transfers.p50, transfers.p99, transfers.refused],
        ],
      );
      console.log(`transfers / movements: ${ratio.toFixed(2)} (goal ≥ ${GOAL}: ${ratio >= GOAL ? 'met' : 'not met'})`);
      console.log(
        JSON.stringify({
          transfersPerSecond: Math.round(transfers.perSecond),
          transfersP99Ms: transfers.p99,
          movementsPerSecond: Math.round(movements.perSecond),
          transfersVsMovements: Number(ratio.toFixed(2)),
        }),
      );
    } finally {
      await server.stop();
    }
  } finally {
    await cluster.close();
  }
}
