import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../../../database';
import type { ItemSort, ItemSortField, ItemsCursor } from '../../queries/impl/cursors';
import type { ItemDetailView, ItemLocationStock, ItemView, ListedItemView } from '../../queries/impl/views';
import { MAIN_LOCATION_ID } from '../../domain/item-events';
import { ITEM_COLUMNS, toItemView, type ItemRow } from './item-row';

export interface ItemSearch {
  readonly search?: string | undefined;
  /** Only items low in total or at some location with a threshold. */
  readonly lowStock: boolean;
  /** Only archived items when true, only the others when false, both when undefined. */
  readonly archived?: boolean | undefined;
  /** Only items with stock at this location (`read_item_stock`, the stock projection's). */
  readonly locationId?: string | undefined;
  /** Only items not counted since this ISO time (`read_item_counts`, the stocktakes projection's). */
  readonly notCountedSince?: string | undefined;
  readonly sort?: ItemSort;
  readonly limit: number;
  readonly after?: Pick<ItemsCursor, 'key' | 'id'> | undefined;
}

/**
 * Each sort field's SQL and its type, never null so that a row comparison can page through it: an
 * unpriced item sorts below every price, and times compare as the milliseconds since 1970 the API shows.
 */
const SORT_KEYS: Record<ItemSortField, { readonly expression: string; readonly type: string }> = {
  sku: { expression: 'sku', type: 'text' },
  name: { expression: 'name', type: 'text' },
  quantity: { expression: 'quantity', type: 'bigint' },
  price: { expression: 'coalesce(price, -1)', type: 'numeric' },
  updatedAt: { expression: 'floor(extract(epoch FROM updated_at) * 1000)::bigint', type: 'bigint' },
};

type CountedRow = ItemRow & { last_counted_at: Date | null };

type SortedRow = CountedRow & { sort_key: string };

/** When a posted stocktake last counted the item (`read_item_counts`, the stocktakes projection's). */
const LAST_COUNTED_AT = '(SELECT c.last_counted_at FROM read_item_counts c WHERE c.item_id = read_items.id) AS last_counted_at';

const toListedView = (row: CountedRow): ListedItemView => ({
  ...toItemView(row),
  lastCountedAt: row.last_counted_at?.toISOString() ?? null,
});

/** The text `read_items_search` indexes (003_read_models.ts); the query must spell it the same way. */
const SEARCH_TEXT = `(sku || E'\\n' || name || E'\\n' || description)`;

/**
 * The item is at or below its threshold at some location (`read_item_stock`, the stock projection's).
 * `low_stock` is a stored column, so the planner counts these rows from its statistics: a comparison
 * of two columns it guessed a third of all rows, and would then walk every item in the sort's order
 * looking for some.
 */
const LOW_AT_A_LOCATION = 'EXISTS (SELECT 1 FROM read_item_stock s WHERE s.item_id = read_items.id AND s.low_stock)';

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** Reads `read_items`, kept by the items projection. */
@Injectable()
export class ItemReadModel {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async get(id: string): Promise<ItemView | null> {
    const { rows } = await this.pool.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM read_items WHERE id = $1`, [id]);
    const row = rows[0];
    return row ? toItemView(row) : null;
  }

  /**
   * The item with its non-zero stock and its thresholds per location, main location first, then by
   * code. The code is the locations' read model's (the main location's is MAIN until it is renamed).
   */
  async detail(id: string): Promise<ItemDetailView | null> {
    const found = await this.pool.query<CountedRow>(`SELECT ${ITEM_COLUMNS}, ${LAST_COUNTED_AT} FROM read_items WHERE id = $1`, [id]);
    const row = found.rows[0];
    if (!row) return null;
    const { rows } = await this.pool.query<ItemLocationStock>(
      `SELECT s.location_id AS "locationId", coalesce(l.code, 'MAIN') AS code, s.quantity, s.low_stock_threshold AS "lowStockThreshold",
              coalesce(s.low_stock, false) AS "lowStock"
         FROM read_item_stock s LEFT JOIN read_locations l ON l.id = s.location_id
        WHERE s.item_id = $1 AND (s.stocked OR s.low_stock_threshold IS NOT NULL)
        ORDER BY s.location_id <> $2, upper(coalesce(l.code, 'MAIN'))`,
      [id, MAIN_LOCATION_ID],
    );
    return { ...toListedView(row), locations: rows };
  }

  /** The items among `ids` that exist, archived or not, in no particular order. */
  async getMany(ids: readonly string[]): Promise<ItemView[]> {
    const { rows } = await this.pool.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM read_items WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toItemView);
  }

  /**
   * The item a scanner's code names: the one with exactly this barcode, else the one with this SKU
   * (regardless of case, as SKUs are unique). A barcode wins over another item's equal SKU.
   */
  async byCode(code: string): Promise<ItemDetailView | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM read_items WHERE barcode = $1 OR upper(sku) = upper($1) ORDER BY barcode = $1 IS NOT TRUE LIMIT 1`,
      [code],
    );
    const row = rows[0];
    return row ? this.detail(row.id) : null;
  }

  async exists(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM read_items WHERE id = $1', [id]);
    return rowCount === 1;
  }

  /**
   * In `sort` order (SKU by default), ties by id; one row more than `limit` is read to know whether
   * more follow, and `next` is the last row's key (as text, exactly as the database compares it).
   * The page is chosen first and only its rows get their `lastCountedAt`, so that a sort without an
   * index reads no other table for every item it sorts. Low stock is two conditions no index serves
   * together (low in total: `read_items_low_stock`; low at a location: another table), so each is
   * read in the sort's order on its own and the two pages merged, as the movements list does.
   */
  async list(search: ItemSearch): Promise<{ items: ListedItemView[]; next: { key: string; id: string } | null }> {
    const sort = search.sort ?? 'sku';
    const descending = sort.startsWith('-');
    const { expression, type } = SORT_KEYS[(descending ? sort.slice(1) : sort) as ItemSortField];
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const where = (sql: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql(`$${parameters.length}`));
    };
    if (search.search) where((p) => `(${SEARCH_TEXT} ILIKE ${p} OR barcode ILIKE ${p})`, likePattern(search.search));
    if (search.archived !== undefined) conditions.push(search.archived ? 'archived' : 'NOT archived');
    if (search.locationId) {
      where(
        (p) => `EXISTS (SELECT 1 FROM read_item_stock s WHERE s.item_id = read_items.id AND s.location_id = ${p} AND s.stocked)`,
        search.locationId,
      );
    }
    if (search.notCountedSince) {
      where(
        (p) => `NOT EXISTS (SELECT 1 FROM read_item_counts c WHERE c.item_id = read_items.id AND c.last_counted_at >= ${p})`,
        search.notCountedSince,
      );
    }
    if (search.after) {
      const { key, id } = search.after;
      parameters.push(key);
      const keyPlaceholder = `$${parameters.length}`;
      where((p) => `(${expression}, id) ${descending ? '<' : '>'} (${keyPlaceholder}::${type}, ${p}::uuid)`, id);
    }
    parameters.push(search.limit + 1);
    const direction = descending ? 'DESC' : 'ASC';
    const order = `ORDER BY ${expression} ${direction}, id ${direction} LIMIT $${parameters.length}`;
    const select = (also: readonly string[]) => {
      const all = [...conditions, ...also];
      return `SELECT ${ITEM_COLUMNS}, (${expression}) AS sort_value, (${expression})::text AS sort_key
                FROM read_items ${all.length > 0 ? `WHERE ${all.join(' AND ')}` : ''} ${order}`;
    };
    // A UNION (and the page read from it) can be ordered only by its output columns, not by the sort's expression.
    const pageOrder = `ORDER BY sort_value ${direction}, id ${direction} LIMIT $${parameters.length}`;
    // An item low both in total and at a location is in both pages: UNION lists it once.
    const page = search.lowStock ? `(${select(['low_stock'])}) UNION (${select([LOW_AT_A_LOCATION])}) ${pageOrder}` : select([]);
    const { rows } = await this.pool.query<SortedRow>(
      `SELECT read_items.*, ${LAST_COUNTED_AT} FROM (${page}) read_items ${pageOrder}`,
      parameters,
    );
    const listed = rows.slice(0, search.limit);
    const last = listed.at(-1);
    return { items: listed.map(toListedView), next: rows.length > search.limit && last ? { key: last.sort_key, id: last.id } : null };
  }
}
