import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../../../database';
import type { ItemsCursor } from '../../queries/impl/cursors';
import type { ItemView } from '../../queries/impl/views';
import { ITEM_COLUMNS, toItemView, type ItemRow } from './item-row';

export interface ItemSearch {
  readonly search?: string | undefined;
  readonly lowStock: boolean;
  readonly includeArchived: boolean;
  readonly limit: number;
  readonly after?: ItemsCursor | undefined;
}

/** The text `read_items_search` indexes (003_read_models.ts); the query must spell it the same way. */
const SEARCH_TEXT = `(sku || E'\\n' || name || E'\\n' || description)`;

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

  async exists(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM read_items WHERE id = $1', [id]);
    return rowCount === 1;
  }

  /** In SKU order; one row more than `limit` is read to know whether more follow. */
  async list(search: ItemSearch): Promise<{ items: ItemView[]; more: boolean }> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const where = (sql: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql(`$${parameters.length}`));
    };
    if (search.search) where((p) => `${SEARCH_TEXT} ILIKE ${p}`, likePattern(search.search));
    if (search.lowStock) conditions.push('low_stock');
    if (!search.includeArchived) conditions.push('NOT archived');
    if (search.after) where((p) => `sku > ${p}`, search.after.sku);
    parameters.push(search.limit + 1);
    const { rows } = await this.pool.query<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM read_items
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY sku, id LIMIT $${parameters.length}`,
      parameters,
    );
    return { items: rows.slice(0, search.limit).map(toItemView), more: rows.length > search.limit };
  }
}
