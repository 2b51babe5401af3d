import type { Pool } from 'pg';
import { liveCheckpoint } from '../projector';

/** The poll that covers a notification this process missed. */
const RECHECK_MS = 100;

/** A checkpointed consumer keeping a read model, and the streams it reads ('' for the whole log). */
export interface ReadModelConsumer {
  readonly checkpoint: string;
  readonly streamPrefix: string;
}

/** A projection reads the whole log. */
export const projectionConsumer = (name: string): ReadModelConsumer => ({ checkpoint: liveCheckpoint(name), streamPrefix: '' });

/**
 * Read-your-writes over eventually consistent read models: waits until every consumer that reads
 * the stream of the event at `position` has applied it, woken by each projection batch's NOTIFY
 * (`changed`) and by a short poll for the consumers that send none. "Applied" compares in the
 * gap-free order, (transaction id, position) against the checkpoint: a checkpoint past the
 * position in number may still lack it, and one short of it may already hold it.
 */
export class ProjectionFreshness {
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly pool: Pool,
    private readonly consumers: readonly ReadModelConsumer[],
  ) {}

  /** A projection committed a batch (its NOTIFY arrived): every waiting read checks again. */
  changed(): void {
    for (const wake of [...this.waiting]) wake();
  }

  /** True once they have; false when `timeoutMs` passed first. */
  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
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
         JOIN unnest($2::text[], $3::text[]) AS wanted(name, prefix) ON starts_with(e.stream_id, wanted.prefix)
         LEFT JOIN checkpoints c ON c.name = wanted.name
        WHERE e.position = $1`,
      [position, this.consumers.map((consumer) => consumer.checkpoint), this.consumers.map((consumer) => consumer.streamPrefix)],
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
