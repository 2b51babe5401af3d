import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../../database';
import type { StocktakeActor, StocktakeLineView, StocktakeStatus, StocktakeSummary, StocktakeView } from '../queries/impl/views';

interface SummaryRow {
  id: string;
  location_id: string;
  location_code: string;
  status: StocktakeStatus;
  opened_at: Date;
  opened_by: StocktakeActor | null;
  posted_at: Date | null;
  line_count: number;
  counted_count: number;
}

interface LineRow {
  item_id: string;
  sku: string | null;
  name: string | null;
  unit: string | null;
  counted: number | null;
  expected: number | null;
  counted_at: Date | null;
  counted_by: StocktakeActor | null;
  counted_position: number | null;
}

/** The main location's code until it is renamed (it has no row in `read_locations` before). */
const SUMMARY = `SELECT s.id, s.location_id, coalesce(l.code, 'MAIN') AS location_code, s.status, s.opened_at, s.opened_by, s.posted_at,
         (SELECT count(*)::int FROM read_stocktake_lines n WHERE n.stocktake_id = s.id) AS line_count,
         (SELECT count(*)::int FROM read_stocktake_lines n WHERE n.stocktake_id = s.id AND n.counted IS NOT NULL) AS counted_count
    FROM read_stocktakes s LEFT JOIN read_locations l ON l.id = s.location_id`;

const toSummary = (row: SummaryRow): StocktakeSummary => ({
  id: row.id,
  locationId: row.location_id,
  locationCode: row.location_code,
  status: row.status,
  openedAt: row.opened_at.toISOString(),
  openedBy: row.opened_by,
  postedAt: row.posted_at?.toISOString() ?? null,
  lineCount: row.line_count,
  countedCount: row.counted_count,
});

function toLine(row: LineRow, blind: boolean): StocktakeLineView {
  const line: StocktakeLineView = {
    itemId: row.item_id,
    sku: row.sku ?? '',
    name: row.name ?? '',
    unit: row.unit ?? '',
    counted: row.counted,
    countedAt: row.counted_at?.toISOString() ?? null,
    countedBy: row.counted_by,
    countedPosition: row.counted_position,
  };
  if (blind) return line;
  const variance = row.counted === null || row.expected === null ? null : row.counted - row.expected;
  return { ...line, expected: row.expected, variance };
}

/** Reads the stocktakes' tables, kept by their projection; the lines with the items' current SKU and name. */
@Injectable()
export class StocktakeReadModel {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** Newest first. */
  async list(): Promise<StocktakeSummary[]> {
    const { rows } = await this.pool.query<SummaryRow>(`${SUMMARY} ORDER BY s.opened_at DESC, s.id`);
    return rows.map(toSummary);
  }

  /** `blind`: without the stock each count is compared with, as a counter sees it. */
  async get(id: string, blind: boolean): Promise<StocktakeView | null> {
    const { rows } = await this.pool.query<SummaryRow>(`${SUMMARY} WHERE s.id = $1`, [id]);
    const summary = rows[0];
    if (!summary) return null;
    const lines = await this.pool.query<LineRow>(
      `SELECT n.item_id, i.sku, i.name, i.unit, n.counted, n.expected, n.counted_at, n.counted_by, n.counted_position
         FROM read_stocktake_lines n LEFT JOIN read_items i ON i.id = n.item_id
        WHERE n.stocktake_id = $1 ORDER BY n.line_number`,
      [id],
    );
    return { ...toSummary(summary), lines: lines.rows.map((row) => toLine(row, blind)) };
  }
}
