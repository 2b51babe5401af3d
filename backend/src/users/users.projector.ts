import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { InjectPool } from '../database';
import { consumeNextBatch, ensureCheckpoint, EventStore, Subscription } from '../event-store';
import type { StoredEvent, BatchResult } from '../event-store';
import { USER_STREAM_PREFIX, type UserEvent } from './domain/user-events';
import { UserNotYetVisibleError } from './user-errors';
import { messageOf } from '../common';

export const USERS_CONSUMER = 'users';
const BATCH = 1000;
const WAIT_LIMIT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps the `users` read model: applies the user streams' events and moves its checkpoint in one
 * transaction, so a crash anywhere leaves the table and the log consistent and the next catch-up
 * (by any replica) finishes the work. Writers wait for their own event to be applied before they
 * answer, so a registration can sign in and a demotion counts at once.
 */
@Injectable()
export class UsersProjector implements OnApplicationShutdown {
  private readonly logger = new Logger(UsersProjector.name);
  // A slow poll only: writers drive their own catch-up, this covers a writer that died after appending.
  private readonly background = new Subscription(() => this.step(), undefined, {
    onError: (error) => this.logger.warn(`users projection: ${messageOf(error)}`),
  });

  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly store: EventStore,
  ) {}

  async start(): Promise<void> {
    await ensureCheckpoint(this.pool, USERS_CONSUMER);
    await this.catchUp();
    this.background.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.background.stop();
  }

  /**
   * Applies what was committed before the call, waiting for another replica that holds the turn;
   * it stops at the head it saw, so a steady stream of new events cannot keep it going for ever.
   */
  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    for (;;) {
      const { processed, acquired, checkpoint } = await this.step();
      if (!acquired) await sleep(5);
      else if (processed === 0 || (checkpoint?.position ?? 0) >= head) return;
    }
  }

  /** Returns once the read model shows `userId` at `version` or later. */
  async waitFor(userId: string, version: number): Promise<void> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const { rows } = await this.pool.query<{ version: number }>('SELECT version FROM users WHERE id = $1', [userId]);
      if ((rows[0]?.version ?? 0) >= version) return;
      if (Date.now() > deadline) {
        throw new UserNotYetVisibleError();
      }
      // Found nothing new: an older transaction is still open, so the gap-free read waits for it.
      if ((await this.step()).processed === 0) await sleep(pause);
    }
  }

  private step(): Promise<BatchResult> {
    return consumeNextBatch(this.pool, { name: USERS_CONSUMER, limit: BATCH, streamPrefix: USER_STREAM_PREFIX, apply });
  }
}

async function apply(events: readonly StoredEvent[], transaction: PoolClient): Promise<void> {
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as UserEvent;
    switch (event.type) {
      case 'UserRegistered':
        await transaction.query(
          `INSERT INTO users (id, username, email, role, version, created_at, updated_at, service)
           VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
          [
            event.data.userId,
            event.data.username,
            event.data.email,
            event.data.role,
            stored.streamVersion,
            stored.recordedAt,
            event.data.service === true,
          ],
        );
        break;
      case 'UserRoleChanged':
        await transaction.query('UPDATE users SET role = $2, version = $3, updated_at = $4 WHERE id = $1', [
          event.data.userId,
          event.data.to,
          stored.streamVersion,
          stored.recordedAt,
        ]);
        break;
      case 'UserDeactivated':
      case 'UserReactivated':
        await transaction.query('UPDATE users SET active = $2, version = $3, updated_at = $4 WHERE id = $1', [
          event.data.userId,
          event.type === 'UserReactivated',
          stored.streamVersion,
          stored.recordedAt,
        ]);
        break;
      case 'PasswordChanged':
      case 'PasswordReset':
        await transaction.query('UPDATE users SET version = $2 WHERE id = $1', [event.data.userId, stored.streamVersion]);
        break;
      default: {
        const unknown: never = event;
        throw new Error(`unknown user event ${JSON.stringify(unknown)}`);
      }
    }
  }
}
