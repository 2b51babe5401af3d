import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../database';
import type { ImportPlan, ImportSummary, PlannedStream } from './domain/import-plan';

export type ImportKind = 'items' | 'movements';

export type StoredImport =
  | {
      readonly status: 'previewed';
      readonly summary: ImportSummary;
      readonly streams: readonly PlannedStream[];
    }
  /** Applied: the last event's position, answered again to a second apply. */
  | { readonly status: 'applied'; readonly summary: ImportSummary; readonly appliedPosition: number }
  /** Not applied within the preview's time: its plan is gone, or soon will be. */
  | { readonly status: 'expired' };

interface ImportRow {
  summary: ImportSummary;
  plan: PlannedStream[] | null;
  applied_position: string | null;
  expired: boolean;
}

/**
 * Previewed imports. A preview's plan is kept until it is applied or `previewHours` have passed; then
 * only the record stays (who, when, which file, its summary, where it landed), so that applying again
 * still answers as the first time and an expired preview is told apart from an unknown id.
 */
@Injectable()
export class ImportsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** Keeps the new preview, and drops the plans of the previews that expired meanwhile (applied ones drop theirs at once). */
  async save(
    entry: { id: string; kind: ImportKind; fileName: string; createdBy: string; plan: ImportPlan },
    previewHours: number,
  ): Promise<void> {
    await this.pool.query(
      `WITH expired AS (
         UPDATE imports SET plan = NULL, rows = NULL
          WHERE plan IS NOT NULL AND created_at < now() - make_interval(hours => $8))
       INSERT INTO imports (id, kind, created_by, file_name, rows, summary, plan) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.id,
        entry.kind,
        entry.createdBy,
        entry.fileName,
        JSON.stringify(entry.plan.rows),
        JSON.stringify(entry.plan.summary),
        JSON.stringify(entry.plan.streams),
        previewHours,
      ],
    );
  }

  async find(id: string, previewHours: number): Promise<StoredImport | undefined> {
    const { rows } = await this.pool.query<ImportRow>(
      `SELECT summary, plan, applied_position,
              applied_at IS NULL AND (plan IS NULL OR created_at < now() - make_interval(hours => $2)) AS expired
         FROM imports WHERE id = $1`,
      [id, previewHours],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.applied_position !== null) return { status: 'applied', summary: row.summary, appliedPosition: Number(row.applied_position) };
    if (row.expired || row.plan === null) return { status: 'expired' };
    return { status: 'previewed', summary: row.summary, streams: row.plan };
  }

  /** Records where the import landed and drops its plan: applying again answers from the record alone. */
  async markApplied(id: string, position: number): Promise<void> {
    await this.pool.query(
      'UPDATE imports SET applied_at = now(), applied_position = $2, plan = NULL, rows = NULL WHERE id = $1 AND applied_at IS NULL',
      [id, position],
    );
  }
}
