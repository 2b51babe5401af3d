import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../database';
import { EventStore, VersionConflictError } from '../event-store';
import { ACCESS_ATTEMPTS_STREAM, accessStreamId, type AccessEvent } from './domain/access-events';
import type { ActingUser } from '../access';

/** Appends racing on one stream (a burst of failed sign-ins) each retry this often, then give up. */
const ATTEMPTS = 20;

/**
 * Records access events. Nothing is decided from them, so an append is made at whatever version
 * the stream has, read just before, and made again when another got there first.
 */
@Injectable()
export class AccessLog {
  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly store: EventStore,
  ) {}

  /**
   * `owner`: the user whose access it is, undefined for a failed sign-in with a name that belongs to
   * nobody (recorded in the one attempts stream). `actor`: who acted, when it was the owner signing in or out.
   */
  async record(event: AccessEvent, owner: string | undefined, actor?: ActingUser): Promise<void> {
    const streamId = owner === undefined ? ACCESS_ATTEMPTS_STREAM : accessStreamId(owner);
    const metadata = { ...(actor && { userId: actor.id, username: actor.username }), correlationId: randomUUID() };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.append({ streamId, expectedVersion: await this.versionOf(streamId), events: [{ ...event, metadata }] });
        return;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  private async versionOf(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ version: number | null }>(
      'SELECT max(stream_version) AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]?.version ?? 0;
  }
}
