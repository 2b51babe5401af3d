import type { Statements } from '../../database';
import { ProjectionUpdated, type Handles, type Projection, type TableNames } from '../../projections';
import { evolve, initialStocktake, type Stocktake } from '../domain/stocktake';
import type { StocktakeChangedData, StocktakeEvent } from '../domain/stocktake-events';

const STOCKTAKES = 'stocktakes';
const STOCKTAKES_TABLE = 'read_stocktakes';
const LINES_TABLE = 'read_stocktake_lines';
const COUNTS_TABLE = 'read_item_counts';

/** The stocktakes' projection applies their own events and ignores the other features'. */
const STOCKTAKE_EVENTS = {
  StocktakeChanged: 'apply',
  LocationChanged: 'ignore',
  ItemChanged: 'ignore',
  StockMoved: 'ignore',
  LocationThresholdSet: 'ignore',
  StockTransferred: 'ignore',
  UserRegistered: 'ignore',
  UserRoleChanged: 'ignore',
  UserDeactivated: 'ignore',
  UserReactivated: 'ignore',
  PasswordChanged: 'ignore',
  PasswordReset: 'ignore',
  UserSignedIn: 'ignore',
  UserSignInFailed: 'ignore',
  UserSignedOut: 'ignore',
  ApiTokenCreated: 'ignore',
  ApiTokenRevoked: 'ignore',
  LowStockAlertRaised: 'ignore',
  LowStockAlertSent: 'ignore',
  LowStockAlertPreviewed: 'ignore',
  LowStockAlertFailed: 'ignore',
  WebhookDisabled: 'ignore',
} as const satisfies Handles;

interface BatchEvent {
  stream_version: number;
  position: number;
  data: StocktakeChangedData;
  metadata: { userId?: string; username?: string };
  recorded_at: Date;
}

/** Applies one event, unless the stocktake's row already reflects its version (a re-applied event changes nothing). */
async function applyEvent(event: BatchEvent, table: TableNames, db: Statements): Promise<void> {
  const { data, stream_version: version, position, recorded_at: at } = event;
  const [stocktakes, lines, counts] = [STOCKTAKES_TABLE, LINES_TABLE, COUNTS_TABLE].map((name) => `"${table(name)}"`);
  if (data.kind === 'opened') {
    const openedBy = event.metadata.userId === undefined ? null : { id: event.metadata.userId, username: event.metadata.username ?? '' };
    const inserted = await db.query(
      `INSERT INTO ${stocktakes} (id, location_id, status, opened_at, opened_by, version, position)
       VALUES ($1, $2, 'open', $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [data.stocktakeId, data.locationId, at, openedBy, version, position],
    );
    if (inserted.rowCount === 0) return;
    await db.query(
      `INSERT INTO ${lines} (stocktake_id, item_id, line_number)
       SELECT $1, item_id::uuid, line_number FROM unnest($2::text[]) WITH ORDINALITY AS l (item_id, line_number)`,
      [data.stocktakeId, data.itemIds],
    );
    return;
  }
  const status = data.kind === 'posted' ? 'posted' : 'open';
  const advanced = await db.query(
    `UPDATE ${stocktakes} SET status = $2, version = $3, position = $4, posted_at = CASE WHEN $2 = 'posted' THEN $5 ELSE posted_at END
      WHERE id = $1 AND version < $3`,
    [data.stocktakeId, status, version, position, at],
  );
  if (advanced.rowCount === 0) return;
  if (data.kind === 'counted') {
    await db.query(
      `UPDATE ${lines} SET counted = $3, expected = $4, counted_at = $5, counted_by = $6, counted_position = $7
        WHERE stocktake_id = $1 AND item_id = $2`,
      [data.stocktakeId, data.itemId, data.counted, data.expected, data.countedAt, data.countedBy, data.position],
    );
    return;
  }
  const settled = JSON.stringify(data.lines);
  await db.query(
    `UPDATE ${lines} l SET adjustment = p.adjustment
       FROM jsonb_to_recordset($2::jsonb) AS p ("itemId" uuid, adjustment bigint)
      WHERE l.stocktake_id = $1 AND l.item_id = p."itemId"`,
    [data.stocktakeId, settled],
  );
  await db.query(
    `INSERT INTO ${counts} AS c (item_id, last_counted_at)
     SELECT p."itemId", p."countedAt" FROM jsonb_to_recordset($1::jsonb) AS p ("itemId" uuid, "countedAt" timestamptz)
     ON CONFLICT (item_id) DO UPDATE SET last_counted_at = greatest(c.last_counted_at, excluded.last_counted_at)`,
    [settled],
  );
}

interface StocktakeRow {
  id: string;
  location_id: string;
  status: string;
  opened_at: Date;
  posted_at: Date | null;
  version: number;
  position: number;
}

interface LineRow {
  stocktake_id: string;
  item_id: string;
  line_number: number;
  counted: number | null;
  expected: number | null;
  counted_at: Date | null;
  counted_position: number | null;
  adjustment: number | null;
}

const iso = (at: Date | null) => at?.toISOString() ?? null;

/** What verify expects of each row, folded from the events by the domain's own `evolve`. */
class ExpectedRows {
  readonly stocktakes = new Map<string, { state: Stocktake; openedAt: string; postedAt: string | null; position: number }>();
  readonly adjustments = new Map<string, number>();
  readonly lastCounted = new Map<string, string>();

  add(event: StocktakeEvent, at: Date, position: number): void {
    const { data } = event;
    const current = this.stocktakes.get(data.stocktakeId);
    const state = evolve(current?.state ?? initialStocktake(), event);
    const openedAt = current?.openedAt ?? at.toISOString();
    this.stocktakes.set(data.stocktakeId, { state, openedAt, postedAt: data.kind === 'posted' ? at.toISOString() : null, position });
    if (data.kind !== 'posted') return;
    for (const line of data.lines) {
      this.adjustments.set(`${data.stocktakeId}/${line.itemId}`, line.adjustment);
      const last = this.lastCounted.get(line.itemId);
      if (last === undefined || Date.parse(line.countedAt) > Date.parse(last))
        this.lastCounted.set(line.itemId, new Date(line.countedAt).toISOString());
    }
  }
}

/**
 * `read_stocktakes` and `read_stocktake_lines`: each stocktake and its lines as its events left them;
 * `read_item_counts`: when each item was last counted by a posted stocktake.
 */
export const stocktakesProjection = {
  name: STOCKTAKES,
  version: 1,
  handles: STOCKTAKE_EVENTS,
  tables: [STOCKTAKES_TABLE, LINES_TABLE, COUNTS_TABLE],
  keyedDuringRebuild: [STOCKTAKES_TABLE, LINES_TABLE, COUNTS_TABLE],

  async apply({ events, parameters, tables }, transaction) {
    const { rows } = await transaction.query<BatchEvent>(
      `SELECT e.stream_version, e.position, e.data, e.metadata, e.recorded_at FROM events e WHERE ${events}
        ORDER BY e.transaction_id, e.position`,
      parameters,
    );
    for (const event of rows) await applyEvent(event, tables, transaction);
    return [];
  },

  /** Compares the three tables with the domain's own fold of every stocktake's events. */
  async verify(check) {
    const expected = new ExpectedRows();
    for await (const page of check.events()) {
      for (const { type, data, at, position } of page) expected.add({ type, data } as StocktakeEvent, at, position);
    }
    const { rows: stocktakes } = await check.db.query<StocktakeRow>(
      `SELECT id, location_id, status, opened_at, posted_at, version, position FROM ${STOCKTAKES_TABLE}`,
    );
    const { rows: lines } = await check.db.query<LineRow>(
      `SELECT stocktake_id, item_id, line_number, counted, expected, counted_at, counted_position, adjustment FROM ${LINES_TABLE}`,
    );
    const { rows: counts } = await check.db.query<{ item_id: string; last_counted_at: Date }>(
      `SELECT item_id, last_counted_at FROM ${COUNTS_TABLE}`,
    );
    const wanted = new Map<string, object>();
    for (const [id, { state, openedAt, postedAt, position }] of expected.stocktakes) {
      if (state.status === 'absent') continue;
      wanted.set(id, { locationId: state.locationId, status: state.status, openedAt, postedAt, version: state.version, position });
      [...state.lines].forEach(([itemId, count], index) =>
        wanted.set(`${id}/${itemId}`, {
          lineNumber: index + 1,
          counted: count?.counted ?? null,
          expected: count?.expected ?? null,
          countedAt: count ? new Date(count.countedAt).toISOString() : null,
          countedPosition: count?.position ?? null,
          adjustment: expected.adjustments.get(`${id}/${itemId}`) ?? null,
        }),
      );
    }
    for (const [itemId, at] of expected.lastCounted) wanted.set(`counted ${itemId}`, { lastCountedAt: at });
    const found = new Map<string, object>([
      ...stocktakes.map(
        (row) =>
          [
            row.id,
            {
              locationId: row.location_id,
              status: row.status,
              openedAt: iso(row.opened_at),
              postedAt: iso(row.posted_at),
              version: row.version,
              position: row.position,
            },
          ] as const,
      ),
      ...lines.map(
        (row) =>
          [
            `${row.stocktake_id}/${row.item_id}`,
            {
              lineNumber: row.line_number,
              counted: row.counted,
              expected: row.expected,
              countedAt: iso(row.counted_at),
              countedPosition: row.counted_position,
              adjustment: row.adjustment,
            },
          ] as const,
      ),
      ...counts.map((row) => [`counted ${row.item_id}`, { lastCountedAt: iso(row.last_counted_at) }] as const),
    ]);
    for (const key of new Set([...wanted.keys(), ...found.keys()])) check.compare(key, found.get(key), wanted.get(key));
    return found.size;
  },

  announcement: (changes) => new ProjectionUpdated(STOCKTAKES, changes),
} satisfies Projection<never>;
