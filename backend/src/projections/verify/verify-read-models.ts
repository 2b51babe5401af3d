import { isDeepStrictEqual } from 'node:util';
import type { Pool, PoolClient } from 'pg';
import { onClient } from '../../database';
import { readCheckpoint } from '../../event-store';
import { START, type Checkpoint } from '../../event-store';
import { ofAppliedTypes, type LoggedEvent, type Projection } from '../projection';
import { liveCheckpoint } from '../projector';

export interface Difference {
  readonly projection: string;
  /** The row, by the key its projection gives it (an item id, an event position). */
  readonly key: string;
  /** The column that differs, or `row` for a row missing from (or unexpected in) the model. */
  readonly field: string;
  readonly model: unknown;
  readonly expected: unknown;
}

export interface Verification {
  /** Rows compared per projection. */
  readonly checked: Readonly<Record<string, number>>;
  /** How many differences there are in all. */
  readonly differenceCount: number;
  /** The differences, the first `maxDifferences` of them. */
  readonly differences: readonly Difference[];
}

export interface VerifyOptions {
  readonly maxDifferences?: number;
  /** Events read so far, per projection. */
  readonly onProgress?: (projection: string, events: number) => void;
}

const PAGE = 5000;

class Findings {
  readonly differences: Difference[] = [];
  count = 0;

  constructor(private readonly max: number) {}

  add(difference: Difference): void {
    this.count += 1;
    if (this.differences.length < this.max) this.differences.push(difference);
  }

  /** Every field of `expected` the model row lacks or holds otherwise; the whole row when it is missing. */
  compare<Row extends object>(projection: string, key: string, model: Row | undefined, expected: Row | undefined): void {
    if (!model || !expected) {
      this.add({ projection, key, field: 'row', model: model ? 'present' : 'missing', expected: expected ? 'present' : 'absent' });
      return;
    }
    for (const field of Object.keys(expected) as (keyof Row & string)[]) {
      if (!isDeepStrictEqual(model[field], expected[field]))
        this.add({ projection, key, field, model: model[field], expected: expected[field] });
    }
  }
}

/** The events a projection has applied (of its types, up to its checkpoint), in position order, page by page. */
async function* appliedEvents(client: PoolClient, projection: Projection, upTo: Checkpoint): AsyncGenerator<LoggedEvent[]> {
  let after = 0;
  for (;;) {
    const { rows } = await client.query<LoggedEvent>(
      `SELECT e.position, e.stream_version AS version, e.type, e.data, e.metadata, e.recorded_at AS at FROM events e
        WHERE e.position > $1 AND ${ofAppliedTypes(projection.handles)} AND (e.transaction_id, e.position) <= ($2::xid8, $3::bigint)
        ORDER BY e.position LIMIT ${PAGE}`,
      [after, upTo.transactionId, upTo.position],
    );
    const last = rows.at(-1);
    if (last === undefined) return;
    after = last.position;
    yield rows;
  }
}

/** The pages, each reported (events read so far) once the projection has taken it. */
async function* reported<T>(pages: AsyncIterable<readonly T[]>, report: (read: number) => void): AsyncGenerator<readonly T[]> {
  let read = 0;
  for await (const page of pages) {
    yield page;
    read += page.length;
    report(read);
  }
}

async function verifyProjection(client: PoolClient, projection: Projection, findings: Findings, options: VerifyOptions): Promise<number> {
  const upTo = (await readCheckpoint(client, liveCheckpoint(projection.name))) ?? START;
  return projection.verify({
    db: client,
    events: () => reported(appliedEvents(client, projection, upTo), (read) => options.onProgress?.(projection.name, read)),
    compare: (key, model, expected) => findings.compare(projection.name, key, model, expected),
  });
}

/**
 * Recomputes the read models from the events (each projection's `verify`) and lists every
 * difference. Reads one snapshot (REPEATABLE READ, read only: it takes no transaction id, so it
 * holds back no gap-free reader), in which each model and its checkpoint agree; each is compared with the events up to
 * its own checkpoint, so a projection merely behind the log is not a difference.
 */
export async function verifyReadModels(pool: Pool, projections: readonly Projection[], options: VerifyOptions = {}): Promise<Verification> {
  const findings = new Findings(options.maxDifferences ?? 10_000);
  const checked: Record<string, number> = {};
  await onClient(pool, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const projection of projections) checked[projection.name] = await verifyProjection(client, projection, findings, options);
    await client.query('COMMIT');
  });
  return { checked, differenceCount: findings.count, differences: findings.differences };
}
