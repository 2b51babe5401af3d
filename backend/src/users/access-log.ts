import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../database';
import { EventStore, type EventMetadata, VersionConflictError } from '../event-store';
import { ACCESS_ATTEMPTS_STREAM, accessStreamId, type AccessEvent } from './domain/access-events';
import type { ActingUser } from '../access';

/** Appends racing on one stream (a burst of failed sign-ins) each retry this often, after a growing random pause, then give up. */
const ATTEMPTS = 20;

/**
 * Records access events. Nothing is decided from them, so an append is made at whatever version
 * the stream has, read just before, and made again when another replica got there first. On this
 * replica the appends to one stream take turns: a burst of failed sign-ins on the one attempts
 * stream would otherwise mostly collide with each other.
 */
@Injectable()
export class AccessLog {
  private readonly turns = new Map<string, Promise<void>>();

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
    const previous = this.turns.get(streamId) ?? Promise.resolve();
    const mine = previous.then(() => this.append(streamId, { ...event, metadata }));
    const settled = mine.catch(() => undefined);
    this.turns.set(streamId, settled);
    void settled.then(() => {
      if (this.turns.get(streamId) === settled) this.turns.delete(streamId);
    });
    return mine;
  }

  private async append(streamId: string, event: AccessEvent & { metadata: EventMetadata }): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.append({ streamId, expectedVersion: await this.versionOf(streamId), events: [event] });
        return;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= ATTEMPTS) throw error;
        // A random pause, longer with each try: the other replica's queue goes on meanwhile, and
        // retrying at once could lose to it every time on a loaded machine.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * attempt * 5));
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
