import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../../../database';
import { MAIN_LOCATION_ID } from '../../domain/item-events';
import type { PositionCursor } from '../../queries/impl/cursors';
import type { StockMovementFilter } from '../../queries/impl/list-stock-movements.query';
import { LISTED_MOVEMENT_TYPES, type HistoryEntry, type ListedMovementType, type ListedStockMovement } from '../../queries/impl/views';
import {
  HISTORY_COLUMNS,
  REVERSED_BY,
  toHistoryEntry,
  toListedStockMovement,
  type HistoryRow,
  type ListedMovementRow,
} from './history-row';

/** The columns of a movement's row a reversal reads. */
export type RecordedMovementRow = Pick<HistoryRow, 'item_id' | 'location_id' | 'to_location_id' | 'user_id' | 'reverses'> & {
  type: ListedMovementType;
  quantity: number;
};

export interface Page<T> {
  readonly rows: T[];
  readonly more: boolean;
}

/** Newest first is (at, position) descending; within one item that is also stream order. */
class Conditions {
  readonly sql: string[] = [];
  readonly parameters: unknown[] = [];

  add(sql: (placeholder: string) => string, value: unknown): void {
    this.sql.push(sql(this.value(value)));
  }

  /** A parameter's placeholder, for a value the statement may name more than once. */
  value(value: unknown): string {
    this.parameters.push(value);
    return `$${this.parameters.length}`;
  }

  /** Rows after the cursor's row in newest-first order: a seek on the same index the order uses. */
  before(cursor: PositionCursor | undefined): void {
    if (cursor) this.add((p) => `(at, position) < (SELECT at, position FROM read_item_history WHERE position = ${p})`, cursor.position);
  }

  /**
   * The page's rows. With `either`, the rows that also match one of those conditions, which no row
   * matches two of: each is read in its own index's order and the two merged, so that a page stays
   * a seek (an OR would read every match to sort them).
   */
  page(limit: number, either: readonly string[] = []): string {
    const order = `ORDER BY at DESC, position DESC LIMIT ${this.value(limit + 1)}`;
    const select = (also: readonly string[]) =>
      `SELECT ${HISTORY_COLUMNS} FROM read_item_history WHERE ${[...this.sql, ...also].join(' AND ')} ${order}`;
    if (either.length === 0) return select([]);
    return `${either.map((condition) => `(${select([condition])})`).join(' UNION ALL ')} ${order}`;
  }
}

const paged = <Row, T>(rows: Row[], limit: number, view: (row: Row) => T): Page<T> => ({
  rows: rows.slice(0, limit).map(view),
  more: rows.length > limit,
});

/** Reads `read_item_history`, kept by the history projection: histories, movements, stock at a time. */
@Injectable()
export class HistoryReadModel {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async history(itemId: string, limit: number, cursor: PositionCursor | undefined): Promise<Page<HistoryEntry>> {
    const conditions = new Conditions();
    conditions.add((p) => `item_id = ${p}`, itemId);
    conditions.before(cursor);
    const { rows } = await this.pool.query<HistoryRow>(
      `SELECT entry.*, ${REVERSED_BY('entry')} FROM (${conditions.page(limit)}) entry ORDER BY entry.at DESC, entry.position DESC`,
      conditions.parameters,
    );
    return paged(rows, limit, toHistoryEntry);
  }

  /** Items are archived, never deleted: every movement's item has a row to name it by. */
  async movements(filter: StockMovementFilter, limit: number, cursor: PositionCursor | undefined): Promise<Page<ListedStockMovement>> {
    const conditions = new Conditions();
    if (filter.type) conditions.add((p) => `type = ${p}`, filter.type);
    else conditions.add((p) => `type = ANY(${p}::text[])`, LISTED_MOVEMENT_TYPES);
    if (filter.itemId) conditions.add((p) => `item_id = ${p}`, filter.itemId);
    if (filter.userId) conditions.add((p) => `user_id = ${p}`, filter.userId);
    if (filter.from) conditions.add((p) => `at >= ${p}`, filter.from);
    if (filter.to) conditions.add((p) => `at < ${p}`, filter.to);
    conditions.before(cursor);
    // A transfer is at both its ends; the decider never lets the two be one location.
    const location = filter.locationId === undefined ? undefined : conditions.value(filter.locationId);
    const atLocation = location === undefined ? [] : [`location_id = ${location}`, `to_location_id = ${location}`];
    const { rows } = await this.pool.query<ListedMovementRow>(
      `SELECT movement.*, item.sku, item.name AS item_name, ${REVERSED_BY('movement')}
         FROM (${conditions.page(limit, atLocation)}) movement
         JOIN read_items item ON item.id = movement.item_id
        ORDER BY movement.at DESC, movement.position DESC`,
      conditions.parameters,
    );
    return paged(rows, limit, toListedStockMovement);
  }

  /** A stock movement or transfer by its id, as a reversal needs it; undefined when there is none (yet). */
  async movement(movementId: string): Promise<RecordedMovementRow | undefined> {
    const { rows } = await this.pool.query<RecordedMovementRow>(
      `SELECT item_id, type, quantity, location_id, to_location_id, user_id, reverses
         FROM read_item_history WHERE movement_id = $1 AND type = ANY($2::text[])`,
      [movementId, LISTED_MOVEMENT_TYPES],
    );
    return rows[0];
  }

  /**
   * The quantity after the item's last event at or before `at`: one probe of the
   * (item_id, at, position) index, which carries quantity_after, whatever the log's size.
   */
  async stockAt(itemId: string, at: Date): Promise<{ quantity: number; position: number } | undefined> {
    const { rows } = await this.pool.query<{ quantity_after: number; position: number }>(
      `SELECT quantity_after, position FROM read_item_history
        WHERE item_id = $1 AND at <= $2 ORDER BY at DESC, position DESC LIMIT 1`,
      [itemId, at],
    );
    const row = rows[0];
    return row && { quantity: row.quantity_after, position: row.position };
  }

  /**
   * The units at one location after the item's events at or before `at`: the sum of what each of
   * them moved there (rows carry the item's totals, not the location's), with the last such event (a
   * threshold's entry, at the location too, moves nothing).
   */
  async stockAtLocation(itemId: string, at: Date, locationId: string): Promise<{ quantity: number; position: number } | undefined> {
    const { rows } = await this.pool.query<{ quantity: number; position: number | null }>(
      `SELECT coalesce(sum(CASE WHEN type = 'created' THEN quantity_after
                                WHEN type = 'TRANSFER' AND location_id = $3 THEN -quantity
                                WHEN type = 'TRANSFER' THEN quantity
                                ELSE quantity_after - quantity_before END), 0)::bigint AS quantity,
              max(position) AS position
         FROM read_item_history
        WHERE item_id = $1 AND at <= $2 AND type <> 'threshold'
          AND (location_id = $3 OR to_location_id = $3 OR (type = 'created' AND $3 = $4::uuid))`,
      [itemId, at, locationId, MAIN_LOCATION_ID],
    );
    const row = rows[0];
    return row === undefined || row.position === null ? undefined : { quantity: row.quantity, position: row.position };
  }
}
