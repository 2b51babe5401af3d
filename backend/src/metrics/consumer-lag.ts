import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../database';
import { EventStore } from '../event-store';

export interface ConsumerLagReading {
  /** The checkpoint's name: a projection, the alert dispatcher, ... */
  readonly name: string;
  readonly position: number;
  /** Stored events after the checkpoint in reading order, not yet applied. */
  readonly behind: number;
  /** When the checkpoint last moved. */
  readonly updatedAt: Date;
}

export interface ConsumerLagReport {
  readonly headPosition: number;
  readonly consumers: readonly ConsumerLagReading[];
}

// Counting what lies after a checkpoint walks the (transaction_id, position) index: exact and cheap
// while a consumer keeps up; past this many a distance in positions is estimate enough.
const EXACT_UP_TO = 10_000;

/**
 * How far each checkpointed consumer is behind the events table. A checkpoint's position alone
 * does not say it: readers go in (transaction id, position) order, so the last event read may
 * carry a smaller position than the head although nothing is left to read.
 */
@Injectable()
export class ConsumerLag {
  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly store: EventStore,
  ) {}

  async read(): Promise<ConsumerLagReport> {
    const { rows } = await this.pool.query<{ name: string; position: number; updated_at: Date; behind: number; head: number }>(
      `SELECT c.name, c.position, c.updated_at,
              (SELECT count(*) FROM (
                 SELECT FROM events e
                  WHERE (e.transaction_id, e.position) > (c.transaction_id, c.position)
                  LIMIT $1) after_checkpoint) AS behind,
              coalesce((SELECT max(position) FROM events), 0) AS head
         FROM checkpoints c
        ORDER BY c.name`,
      [EXACT_UP_TO],
    );
    const head = rows[0]?.head ?? (await this.store.headPosition());
    return {
      headPosition: head,
      consumers: rows.map((row) => ({
        name: row.name,
        position: row.position,
        behind: row.behind < EXACT_UP_TO ? row.behind : Math.max(row.behind, head - row.position),
        updatedAt: row.updated_at,
      })),
    };
  }
}
