import type { Pool } from 'pg';
import { ensureCheckpoint, Subscription } from '../event-store';
import type { StoreNotifications, StepOutcome } from '../event-store';
import { LIVE_TABLES, type Projection } from './projection';
import { projectNextBatch, type BatchOutcome, type BatchTarget } from './projection-batch';
import { messageOf } from '../common';

/** The checkpoint row of a projection's live tables. */
export const liveCheckpoint = (projection: string) => `projection.${projection}`;

export interface ProjectorOptions {
  readonly batchSize: number;
  /** The slow poll that covers a lost notification. */
  readonly pollMs: number;
  /** Under load (a batch of at least `lingerAbove` events), the pause that lets the next batch grow. */
  readonly lingerAbove: number;
  readonly lingerMs: number;
  /** Receives what each committed live batch changed (the EventBus in the app). */
  readonly publish: (announcement: object) => void;
  readonly onError: (error: unknown, projection: string) => void;
}

export interface ProjectorStats {
  readonly projection: string;
  readonly batches: number;
  readonly events: number;
  readonly errors: number;
  readonly lastError: string | undefined;
}

/** When a projector wakes: the slow poll, and the pause after a batch of at least `lingerAbove` events. */
export const PROJECTOR_TIMING = { pollMs: 2000, lingerAbove: 4, lingerMs: 25 } as const;

const DEFAULTS: ProjectorOptions = {
  batchSize: 500,
  ...PROJECTOR_TIMING,
  publish: () => undefined,
  onError: () => undefined,
};

/**
 * Keeps one projection's live tables caught up: wakes on each append's NOTIFY, on a reconnect
 * of the listener (so a database restart is caught up from the checkpoint) and on a slow poll.
 * A failing batch rolls back, is counted and retried with backoff; the loop never ends by itself.
 */
export class Projector {
  private readonly options: ProjectorOptions;
  private readonly subscription: Subscription;
  private counts = { batches: 0, events: 0, errors: 0 };
  private lastError: string | undefined;

  constructor(
    private readonly pool: Pool,
    readonly projection: Projection,
    notifications: StoreNotifications | undefined,
    options: Partial<ProjectorOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.subscription = new Subscription(() => this.step(), notifications, {
      pollMs: this.options.pollMs,
      lingerAbove: this.options.lingerAbove,
      lingerMs: this.options.lingerMs,
      onError: (error) => this.failed(error),
    });
  }

  async start(): Promise<void> {
    await this.prepare();
    this.subscription.start();
  }

  /** Makes sure the projection's checkpoint row exists, for a batch to move it. */
  prepare(): Promise<void> {
    return ensureCheckpoint(this.pool, liveCheckpoint(this.projection.name));
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }

  get stats(): ProjectorStats {
    return { projection: this.projection.name, ...this.counts, lastError: this.lastError };
  }

  /** Applies batches until none is left (or another replica holds the lock); how many events it took. */
  async catchUp(): Promise<number> {
    await ensureCheckpoint(this.pool, liveCheckpoint(this.projection.name));
    let total = 0;
    for (let taken = (await this.step()).processed; taken > 0; taken = (await this.step()).processed) total += taken;
    return total;
  }

  /** One batch: how many events it covered, and whether more wait behind an open transaction. */
  async step(): Promise<StepOutcome> {
    return this.record(await projectNextBatch(this.pool, this.target));
  }

  /** What this projector's next live batch is (a ProjectorGroup takes it together with others'). */
  get target(): BatchTarget {
    return {
      projection: this.projection,
      checkpoint: liveCheckpoint(this.projection.name),
      tables: LIVE_TABLES,
      limit: this.options.batchSize,
      announce: true,
    };
  }

  /** Counts a committed batch of this projection and publishes what it changed. */
  record(outcome: BatchOutcome): BatchOutcome {
    if (outcome.processed === 0) return outcome;
    this.counts.batches += 1;
    this.counts.events += outcome.processed;
    if (outcome.changes.length > 0) this.announce(outcome.changes);
    return outcome;
  }

  /** Counts a batch of this projection that failed, and reports it. */
  failed(error: unknown): void {
    this.counts.errors += 1;
    this.lastError = messageOf(error);
    this.options.onError(error, this.projection.name);
  }

  private announce(changes: readonly unknown[]): void {
    try {
      this.options.publish(this.projection.announcement(changes));
    } catch (error) {
      // The batch is committed; a failing subscriber must not make it look failed and retried.
      this.failed(error);
    }
  }
}
