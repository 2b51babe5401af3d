import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../../database';
import { MAIN_LOCATION_FIELDS } from '../../locations';
import { valuationOf, type Valuation, type ValuedStock } from '../domain/valuation';
import { PRICE_TIMELINE, STOCK_TIMELINE } from './valuation.projection';

interface ValuedStockRow {
  location_id: string;
  code: string;
  location_name: string;
  item_id: string;
  sku: string;
  name: string;
  unit: string;
  quantity: number;
  price: string | null;
}

/**
 * Stock worth at a past time, read from the valuation projection's timelines: at each location, each
 * item's units from its last timeline row recorded at or before the time, priced by its last price row
 * at or before it. Items are named as they are named now (read_items), locations likewise.
 */
@Injectable()
export class ValuationReadModel {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async at(at: Date, locationId: string | undefined): Promise<Valuation> {
    const { rows } = await this.pool.query<ValuedStockRow>(
      `WITH stock AS (
         SELECT DISTINCT ON (item_id, location_id) item_id, location_id, quantity
           FROM ${STOCK_TIMELINE}
          WHERE at <= $1 AND ($2::uuid IS NULL OR location_id = $2::uuid)
          ORDER BY item_id, location_id, version DESC),
       price AS (
         SELECT DISTINCT ON (item_id) item_id, price FROM ${PRICE_TIMELINE} WHERE at <= $1 ORDER BY item_id, version DESC)
       SELECT s.location_id, coalesce(l.code, $3) AS code, coalesce(l.name, $4) AS location_name,
              s.item_id, i.sku, i.name, i.unit, s.quantity, p.price
         FROM stock s
         JOIN price p ON p.item_id = s.item_id
         JOIN read_items i ON i.id = s.item_id
         LEFT JOIN read_locations l ON l.id = s.location_id
        WHERE s.quantity <> 0
        ORDER BY upper(coalesce(l.code, $3)), s.location_id, upper(i.sku), s.item_id`,
      [at, locationId ?? null, MAIN_LOCATION_FIELDS.code, MAIN_LOCATION_FIELDS.name],
    );
    return valuationOf(at, locationId ?? null, rows.map(toValuedStock));
  }
}

const toValuedStock = (row: ValuedStockRow): ValuedStock => ({
  location: { locationId: row.location_id, code: row.code, name: row.location_name },
  item: { itemId: row.item_id, sku: row.sku, name: row.name, unit: row.unit },
  quantity: row.quantity,
  price: row.price === null ? null : Number(row.price),
});
