import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../database';
import type { ImportPlan, ImportSummary, PlannedStream, RowPreview } from './domain/import-plan';

export type ImportKind = 'items' | 'movements';

export interface StoredImport {
  readonly id: string;
  readonly kind: ImportKind;
  readonly fileName: string;
  readonly rows: readonly RowPreview[];
  readonly summary: ImportSummary;
  readonly streams: readonly PlannedStream[];
  /** The last event's position once applied; null before. */
  readonly appliedPosition: number | null;
}

interface ImportRow {
  id: string;
  kind: ImportKind;
  file_name: string;
  rows: RowPreview[];
  summary: ImportSummary;
  plan: PlannedStream[];
  applied_position: string | null;
}

/** Previewed imports, kept until applied (and after, so that applying again answers without writing). */
@Injectable()
export class ImportsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async save(entry: { id: string; kind: ImportKind; fileName: string; createdBy: string; plan: ImportPlan }): Promise<void> {
    await this.pool.query(
      'INSERT INTO imports (id, kind, created_by, file_name, rows, summary, plan) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        entry.id,
        entry.kind,
        entry.createdBy,
        entry.fileName,
        JSON.stringify(entry.plan.rows),
        JSON.stringify(entry.plan.summary),
        JSON.stringify(entry.plan.streams),
      ],
    );
  }

  async find(id: string): Promise<StoredImport | undefined> {
    const { rows } = await this.pool.query<ImportRow>(
      'SELECT id, kind, file_name, rows, summary, plan, applied_position FROM imports WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return (
      row && {
        id: row.id,
        kind: row.kind,
        fileName: row.file_name,
        rows: row.rows,
        summary: row.summary,
        streams: row.plan,
        appliedPosition: row.applied_position === null ? null : Number(row.applied_position),
      }
    );
  }

  async markApplied(id: string, position: number): Promise<void> {
    await this.pool.query('UPDATE imports SET applied_at = now(), applied_position = $2 WHERE id = $1 AND applied_at IS NULL', [
      id,
      position,
    ]);
  }
}
