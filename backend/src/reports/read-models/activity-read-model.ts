import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../../database';
import {
  ACTIVITY_TYPES,
  noneOfEach,
  TOP_MOVERS,
  type Activity,
  type ActivityBucketSize,
  type ActivityType,
  type TopMover,
} from '../domain/activity';

interface CountRow {
  start: Date;
  type: ActivityType | null;
  movements: number;
  units: number;
}

interface MoverRow {
  item_id: string;
  sku: string;
  name: string;
  unit: string;
  movements: number;
  units_in: number;
  units_used: number;
  units_transferred: number;
}

const MOVEMENT_TYPES = ACTIVITY_TYPES.map((type) => `'${type}'`).join(', ');

/** Movements per bucket and type, and the top movers, from the movements in `read_item_history`. */
@Injectable()
export class ActivityReadModel {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async between(from: Date, to: Date, bucket: ActivityBucketSize): Promise<Activity> {
    const counts = await this.pool.query<CountRow>(
      `WITH buckets AS (
         SELECT start FROM generate_series(date_trunc($3, $1::timestamptz AT TIME ZONE 'UTC'),
                                           ($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC',
                                           make_interval(days => CASE $3 WHEN 'week' THEN 7 ELSE 1 END)) AS start),
       counted AS (
         SELECT date_trunc($3, h.at AT TIME ZONE 'UTC') AS start, h.type, count(*)::bigint AS movements, sum(abs(h.quantity))::bigint AS units
           FROM read_item_history h
          WHERE h.type IN (${MOVEMENT_TYPES}) AND h.at >= $1 AND h.at < $2
          GROUP BY 1, 2)
       SELECT b.start AT TIME ZONE 'UTC' AS start, c.type, coalesce(c.movements, 0) AS movements, coalesce(c.units, 0) AS units
         FROM buckets b LEFT JOIN counted c ON c.start = b.start
        ORDER BY b.start`,
      [from, to, bucket],
    );
    const movers = await this.pool.query<MoverRow>(
      `SELECT h.item_id, i.sku, i.name, i.unit, count(*)::bigint AS movements,
              coalesce(sum(h.quantity) FILTER (WHERE h.type = 'IN' OR (h.type = 'ADJUST' AND h.quantity > 0)), 0)::bigint AS units_in,
              coalesce(sum(abs(h.quantity)) FILTER (WHERE h.type = 'OUT' OR (h.type = 'ADJUST' AND h.quantity < 0)), 0)::bigint AS units_used,
              coalesce(sum(h.quantity) FILTER (WHERE h.type = 'TRANSFER'), 0)::bigint AS units_transferred
         FROM read_item_history h JOIN read_items i ON i.id = h.item_id
        WHERE h.type IN (${MOVEMENT_TYPES}) AND h.at >= $1 AND h.at < $2
        GROUP BY h.item_id, i.sku, i.name, i.unit
        ORDER BY units_used DESC, movements DESC, upper(i.sku), h.item_id
        LIMIT ${TOP_MOVERS}`,
      [from, to],
    );
    const buckets = new Map<number, { start: string; movements: Record<ActivityType, number>; units: Record<ActivityType, number> }>();
    for (const row of counts.rows) {
      const entry = buckets.get(row.start.getTime()) ?? { start: row.start.toISOString(), movements: noneOfEach(), units: noneOfEach() };
      buckets.set(row.start.getTime(), entry);
      if (row.type === null) continue;
      entry.movements[row.type] = row.movements;
      entry.units[row.type] = row.units;
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucket,
      buckets: [...buckets.values()],
      topMovers: movers.rows.map(toTopMover),
    };
  }
}

const toTopMover = (row: MoverRow): TopMover => ({
  itemId: row.item_id,
  sku: row.sku,
  name: row.name,
  unit: row.unit,
  movements: row.movements,
  unitsIn: row.units_in,
  unitsUsed: row.units_used,
  unitsTransferred: row.units_transferred,
});
