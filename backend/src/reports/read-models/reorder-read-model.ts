import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../../database';
import { USE_WINDOWS, type ReorderCandidate } from '../domain/reorder';

interface CandidateRow {
  id: string;
  sku: string;
  name: string;
  unit: string;
  quantity: number;
  reorder_point: number;
  reorder_quantity: number | null;
  lead_time_days: number | null;
  price: string | null;
  used30: number;
  used90: number;
}

/**
 * The items due for ordering (not archived, at or below their reorder point), from `read_items`, with
 * the units each used in the last 30 and 90 days before `now`, from the movements in `read_item_history`:
 * OUT units and the units of negative adjustments (domain/reorder.ts says why); a reversed movement and
 * its correction cancel out, so neither counts.
 */
@Injectable()
export class ReorderReadModel {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async candidates(now: Date): Promise<ReorderCandidate[]> {
    const [short, long] = USE_WINDOWS;
    const { rows } = await this.pool.query<CandidateRow>(
      `WITH due AS (
         SELECT id, sku, name, unit, quantity, reorder_point, reorder_quantity, lead_time_days, price
           FROM read_items WHERE reorder_due AND NOT archived),
       used AS (
         SELECT h.item_id,
                coalesce(sum(abs(h.quantity)) FILTER (WHERE h.at > $1::timestamptz - make_interval(days => $2)), 0)::bigint AS used30,
                sum(abs(h.quantity))::bigint AS used90
           FROM read_item_history h JOIN due ON due.id = h.item_id
          WHERE (h.type = 'OUT' OR (h.type = 'ADJUST' AND h.quantity < 0))
            AND h.reverses IS NULL
            AND NOT EXISTS (SELECT FROM read_item_history r WHERE r.reverses = h.movement_id)
            AND h.at > $1::timestamptz - make_interval(days => $3) AND h.at <= $1
          GROUP BY h.item_id)
       SELECT due.*, coalesce(used.used30, 0) AS used30, coalesce(used.used90, 0) AS used90
         FROM due LEFT JOIN used ON used.item_id = due.id
        ORDER BY upper(due.sku), due.id`,
      [now, short, long],
    );
    return rows.map((row) => ({
      itemId: row.id,
      sku: row.sku,
      name: row.name,
      unit: row.unit,
      quantity: row.quantity,
      reorderPoint: row.reorder_point,
      reorderQuantity: row.reorder_quantity,
      leadTimeDays: row.lead_time_days,
      price: row.price === null ? null : Number(row.price),
      used30: row.used30,
      used90: row.used90,
    }));
  }
}
