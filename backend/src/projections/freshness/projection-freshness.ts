import type { Pool } from 'pg';
import { liveCheckpoint } from '../projector';

/** The poll that covers a notification this process missed. */
const RECHECK_MS = 100;

/**
 * Read-your-writes over eventually consistent read models: waits until every named projection
 * has applied the event at `position`, woken by each batch's NOTIFY (`changed`). "Applied" compares in the
 * gap-free order, (transaction id, position) against the checkpoint: a checkpoint past the
 * position in number may still lack it, and one short of it may already hold it.
 */
export class ProjectionFreshness {
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly pool: Pool,
    private readonly projections: readonly string[],
  ) {}

  /** A projection committed a batch (its NOTIFY arrived): every waiting read checks again. */
  changed(): void {
    for (const wake of [...this.waiting]) wake();
  }

  /** True once they have; false when `timeoutMs` passed first (the caller then reads what is there). */
  async waitFor(position: number, timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.applied(position)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.nextChange(Math.min(left, RECHECK_MS));
    }
  }

  /** An event that does not exist (another epoch's position, say) has nothing to wait for. */
  private async applied(position: number): Promise<boolean> {
    const { rows } = await this.pool.query<{ applied: boolean }>(
      `SELECT coalesce(bool_and(c.name IS NOT NULL AND (e.transaction_id, e.position) <= (c.transaction_id, c.position)), true) AS applied
         FROM events e
        CROSS JOIN unnest($2::text[]) AS wanted(name)
         LEFT JOIN checkpoints c ON c.name = wanted.name
        WHERE e.position = $1`,
      [position, this.projections.map(liveCheckpoint)],
    );
    return rows[0]?.applied ?? true;
  }

  private nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiting.add(done);
    });
  }
}
