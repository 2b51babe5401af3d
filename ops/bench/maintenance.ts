import type { Pool } from 'pg';
import { present } from './present';

/**
 * PostgreSQL's own work that a load can overlap: checkpoints (after one, the first change to each
 * page writes the whole page into the WAL) and autovacuum's runs over the tables the load grows.
 * Either takes CPU and WAL flushes from the load, so two runs of the same code differ by them.
 */
export interface Maintenance {
  readonly checkpoints: number;
  /** Whole pages written into the WAL: what a checkpoint costs the writes after it. */
  readonly pageImages: number;
  /** Autovacuum's vacuums and analyses of the database's tables. */
  readonly autovacuums: number;
}

/** The counters so far; subtract two readings with `maintenanceBetween`. */
export async function maintenanceSoFar(pool: Pool): Promise<Maintenance> {
  const { rows } = await pool.query<{ checkpoints: string; page_images: string; autovacuums: string }>(
    `SELECT (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter) AS checkpoints,
            (SELECT wal_fpi FROM pg_stat_wal) AS page_images,
            (SELECT sum(autovacuum_count + autoanalyze_count) FROM pg_stat_user_tables) AS autovacuums`,
  );
  const row = present(rows[0], 'maintenance counters');
  return { checkpoints: Number(row.checkpoints), pageImages: Number(row.page_images), autovacuums: Number(row.autovacuums) };
}

export const maintenanceBetween = (before: Maintenance, after: Maintenance): Maintenance => ({
  checkpoints: after.checkpoints - before.checkpoints,
  pageImages: after.pageImages - before.pageImages,
  autovacuums: after.autovacuums - before.autovacuums,
});

/** e.g. "1 checkpoint, 4,312 page images; 3 autovacuums", or "none". */
export function describeMaintenance({ checkpoints, pageImages, autovacuums }: Maintenance): string {
  const parts = [
    checkpoints > 0 ? `${checkpoints} checkpoint${checkpoints === 1 ? '' : 's'}` : '',
    pageImages > 0 ? `${pageImages.toLocaleString('en-US')} page images` : '',
    autovacuums > 0 ? `${autovacuums} autovacuum${autovacuums === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
