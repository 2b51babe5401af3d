import { isDeepStrictEqual } from 'node:util';
import type { Pool, PoolClient } from 'pg';
import { readCheckpoint } from '../../event-store/checkpointed-batch';
import { START, type Checkpoint } from '../../event-store/stored-event';
import type { InventoryEvent, InventoryEventMetadata } from '../../inventory/domain/item-events';
import { HISTORY_COLUMNS, toHistoryEntry, type HistoryRow } from '../history/history-row';
import { HISTORY } from '../history/history.projection';
import { ITEMS } from '../items/items.projection';
import { ITEM_COLUMNS, toItemView, type ItemRow } from '../items/item-row';
import { ITEM_EVENTS } from '../inventory-event-sql';
import { liveCheckpoint } from '../projector';
import { expectedHistory, ItemFold, type ExpectedHistory, type ExpectedItem, type InventoryRecord } from './expected-rows';

export interface Difference {
  readonly projection: string;
  /** The row: an item id or an event position. */
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
      if (!isDeepStrictEqual(model[field], expected[field])) this.add({ projection, key, field, model: model[field], expected: expected[field] });
    }
  }
}

interface EventRow {
  position: number;
  stream_version: number;
  type: InventoryEvent['type'];
  data: InventoryEvent['data'];
  metadata: Partial<InventoryEventMetadata>;
  recorded_at: Date;
}

/** The inventory events a projection has applied (up to its checkpoint), in position order, page by page. */
async function* appliedEvents(client: PoolClient, upTo: Checkpoint): AsyncGenerator<InventoryRecord[]> {
  let after = 0;
  for (;;) {
    const { rows } = await client.query<EventRow>(
      `SELECT e.position, e.stream_version, e.type, e.data, e.metadata, e.recorded_at FROM events e
        WHERE e.position > $1 AND ${ITEM_EVENTS} AND (e.transaction_id, e.position) <= ($2::xid8, $3::bigint)
        ORDER BY e.position LIMIT ${PAGE}`,
      [after, upTo.transactionId, upTo.position],
    );
    if (rows.length === 0) return;
    after = rows.at(-1)!.position;
    yield rows.map((row) => ({
      position: row.position,
      version: row.stream_version,
      event: { type: row.type, data: row.data } as InventoryEvent,
      metadata: row.metadata,
      at: row.recorded_at,
    }));
  }
}

async function verifyItems(client: PoolClient, findings: Findings, options: VerifyOptions): Promise<number> {
  const fold = new ItemFold();
  let read = 0;
  for await (const page of appliedEvents(client, (await readCheckpoint(client, liveCheckpoint(ITEMS))) ?? START)) {
    for (const record of page) fold.add(record);
    read += page.length;
    options.onProgress?.(ITEMS, read);
  }
  const expected = new Map<string, ExpectedItem>([...fold.expected()].map((item) => [item.id, item]));
  const { rows } = await client.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM read_items`);
  for (const row of rows) {
    findings.compare(ITEMS, row.id, { ...toItemView(row), position: row.position }, expected.get(row.id));
    expected.delete(row.id);
  }
  for (const [id, item] of expected) findings.compare(ITEMS, id, undefined, item);
  return rows.length;
}

async function verifyHistory(client: PoolClient, findings: Findings, options: VerifyOptions): Promise<number> {
  const asModel = (row: HistoryRow) => ({ ...toHistoryEntry(row), itemId: row.item_id, version: row.version, movementId: row.movement_id });
  const compareRange = async (from: number, to: number | null, expected: readonly ExpectedHistory[]) => {
    const { rows } = await client.query<HistoryRow>(
      `SELECT ${HISTORY_COLUMNS} FROM read_item_history WHERE position > $1 AND ($2::bigint IS NULL OR position <= $2) ORDER BY position`,
      [from, to],
    );
    const wanted = new Map(expected.map((entry) => [entry.position, entry]));
    for (const row of rows) {
      findings.compare(HISTORY, String(row.position), asModel(row), wanted.get(row.position));
      wanted.delete(row.position);
    }
    for (const [position, entry] of wanted) findings.compare(HISTORY, String(position), undefined, entry);
    return rows.length;
  };
  let read = 0;
  let checked = 0;
  let after = 0;
  for await (const page of appliedEvents(client, (await readCheckpoint(client, liveCheckpoint(HISTORY))) ?? START)) {
    const to = page.at(-1)!.position;
    checked += await compareRange(after, to, page.map(expectedHistory));
    after = to;
    read += page.length;
    options.onProgress?.(HISTORY, read);
  }
  return checked + (await compareRange(after, null, []));
}

const VERIFIERS: Record<string, (client: PoolClient, findings: Findings, options: VerifyOptions) => Promise<number>> = {
  [ITEMS]: verifyItems,
  [HISTORY]: verifyHistory,
};

/**
 * Recomputes the named read models from the events and lists every difference. Reads one
 * snapshot (REPEATABLE READ, read only: it takes no transaction id, so it holds back no gap-free
 * reader), in which each model and its checkpoint agree; each is compared with the events up to
 * its own checkpoint, so a projection merely behind the log is not a difference.
 */
export async function verifyReadModels(pool: Pool, projections: readonly string[], options: VerifyOptions = {}): Promise<Verification> {
  const findings = new Findings(options.maxDifferences ?? 10_000);
  const checked: Record<string, number> = {};
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const projection of projections) {
      const verifier = VERIFIERS[projection];
      if (!verifier) throw new Error(`no verifier for projection ${projection}`);
      checked[projection] = await verifier(client, findings, options);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return { checked, differenceCount: findings.count, differences: findings.differences };
}
