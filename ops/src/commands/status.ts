import type { Pool } from 'pg';
import { countFutureEvents } from '../../../backend/src/event-store';
import { readEpoch, type StoreEpoch } from '../../../backend/src/event-store';
import { ALL_PROJECTIONS } from '../../../backend/src/all-projections';
import { countEvents, projectionStatus, type ProjectionStatus } from '../../../backend/src/projections';
import { EXIT } from '../common/ops-error';
import { print, table, type Terminal } from '../common/terminal';

export interface ConsumerStatus {
  readonly name: string;
  readonly position: number;
  readonly lag: number;
}

export interface StoreStatus {
  readonly epoch: StoreEpoch;
  readonly events: number;
  readonly headPosition: number;
  /** Events restored from a logical dump whose transaction ids still need `repair-restore`. */
  readonly needingRepair: number;
  readonly projections: readonly ProjectionStatus[];
  /** Checkpointed consumers that are not projections (users, alert dispatch, …). */
  readonly consumers: readonly ConsumerStatus[];
}

async function storeStatus(pool: Pool): Promise<StoreStatus> {
  const { rows } = await pool.query<{ events: number; head: number | null }>(
    'SELECT count(*) AS events, max(position) AS head FROM events',
  );
  const { rows: others } = await pool.query<{ name: string; transaction_id: string; position: number }>(
    'SELECT name, transaction_id::text, position FROM checkpoints ORDER BY name',
  );
  const consumers = await Promise.all(
    others
      .filter((row) => !row.name.startsWith('projection.'))
      .map(async (row) => ({
        name: row.name,
        position: row.position,
        lag: await countEvents(pool, { transactionId: row.transaction_id, position: row.position }),
      })),
  );
  return {
    epoch: await readEpoch(pool),
    events: rows[0]?.events ?? 0,
    headPosition: rows[0]?.head ?? 0,
    needingRepair: await countFutureEvents(pool),
    projections: await projectionStatus(pool, ALL_PROJECTIONS),
    consumers,
  };
}

const age = (since: Date | null): string => {
  if (!since) return 'never';
  const seconds = Math.max(0, Math.round((Date.now() - since.getTime()) / 1000));
  return seconds < 120 ? `${seconds} s ago` : seconds < 7200 ? `${Math.round(seconds / 60)} min ago` : since.toISOString();
};

/** `status`: the store's epoch and size, and where each projection and consumer stands. */
export async function status(pool: Pool, terminal: Terminal, options: { json?: boolean }): Promise<number> {
  const report = await storeStatus(pool);
  if (options.json) {
    print(terminal.out, JSON.stringify(report, null, 2));
    return EXIT.ok;
  }
  const { out } = terminal;
  print(out, `store epoch  ${report.epoch.epoch} (${report.epoch.reason}, ${report.epoch.changedAt.toISOString()})`);
  print(out, `events       ${report.events}, head position ${report.headPosition}`);
  print(
    out,
    report.needingRepair > 0
      ? `restore      ${report.needingRepair} events carry another cluster's transaction ids: readers see none of them; run repair-restore`
      : 'restore      nothing to repair',
  );
  print(out);
  for (const line of table([
    ['projection', 'position', 'lag', 'updated', 'rebuild', 'version'],
    ...report.projections.map((p) => [
      p.projection,
      String(p.checkpoint.position),
      String(p.lag),
      age(p.updatedAt),
      p.replayLag === null ? '-' : `in progress or interrupted, ${p.replayLag} events to reach the live checkpoint`,
      String(p.version),
    ]),
  ])) {
    print(out, line);
  }
  if (report.consumers.length > 0) {
    print(out);
    for (const line of table([
      ['consumer', 'position', 'lag'],
      ...report.consumers.map((c) => [c.name, String(c.position), String(c.lag)]),
    ])) {
      print(out, line);
    }
  }
  return EXIT.ok;
}
