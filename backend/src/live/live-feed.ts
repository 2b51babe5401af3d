import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_URL, InjectPool, createPool, onClient, pipelinedTogether, preparedStatements, type Statements } from '../database';
import { readEpoch, StoreNotifications } from '../event-store';
import { START, type Checkpoint, Subscription, type StepOutcome } from '../event-store';
import { CHANGES_CHANNEL, parseChangesNotice, type EventRange } from '../projections';
import { HeardFrontier } from './frontier-wake-ups';
import { pauseAfterFanOut } from './fan-out-pause';
import { compareCheckpoints } from './feed-order';
import { LiveFeedSources, readFeed, type FeedSource } from './feed-source';
import { outgoing, type FeedEntry, type OutgoingEntry } from './live-messages';
import { LIVE_OPTIONS, type LiveOptions } from './live-options';
import { RecentMessages } from './recent-messages';
import { roleChangesIn, type RoleChange } from './role-changes';
import { checkpointAt, feedState, moreEventsThan, nextRangeEnd, pointBefore } from './store-range';
import { messageOf } from '../common';

export interface FeedListener {
  /** New messages in feed order, already held for resumes. */
  delivered(entries: readonly OutgoingEntry[]): void;
  /** Every client must refetch: the store's epoch changed or a read model was rebuilt. */
  reset(): void;
  rolesChanged(changes: readonly RoleChange[]): void;
}

/**
 * This replica's view of the live feed. Woken by the projections' NOTIFY on `ims_changes` (and
 * by a listener reconnect, and a slow poll), it reads the range between its cursor and the least
 * of its sources' checkpoints, in the projections' own (transaction id, position) order, so a
 * message exists only once its read models committed, and every replica reads the same messages
 * in the same order whichever replica's projector applied them. One read per wake-up serves every
 * socket; the last messages stay in memory for resumes.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveFeed');
  private readonly subscription: Subscription;
  private readonly recent: RecentMessages;
  private sources: readonly FeedSource[] = [];
  private checkpointNames: string[] = [];
  private position: Checkpoint = START;
  private storeEpoch = '';
  private resets = 0;
  private rebuilt = false;
  private listener: FeedListener | undefined;
  private unlisten: (() => void) | undefined;
  private readonly heard = new HeardFrontier(() => this.checkpointNames);

  /** The feed's own connection (one step runs at a time): HTTP traffic holding every connection of the shared pool cannot delay messages. */
  private readonly feedPool: Pool;

  constructor(
    @InjectPool() private readonly pool: Pool,
    @Inject(DATABASE_URL) databaseUrl: string,
    private readonly notifications: StoreNotifications,
    private readonly registry: LiveFeedSources,
    @Inject(LIVE_OPTIONS) private readonly options: LiveOptions,
  ) {
    this.feedPool = createPool(databaseUrl, { max: 1, applicationName: 'ims-live-feed' });
    this.recent = new RecentMessages(options.recentMessages, START);
    this.subscription = new Subscription(
      () => this.step(),
      notifications,
      {
        pollMs: options.pollMs,
        wakesOn: (payload) => this.heard.hear(payload),
        onError: (error) => this.logger.warn(`live feed: ${messageOf(error)}`),
      },
      CHANGES_CHANNEL,
    );
  }

  listen(listener: FeedListener): void {
    this.listener = listener;
  }

  /** How far this replica's feed has gone: every message up to here has been delivered. */
  get cursor(): Checkpoint {
    return this.position;
  }

  get epoch(): string {
    return this.storeEpoch;
  }

  /** Changes whenever clients are told to reset, so a resume in progress knows to stop. */
  get generation(): number {
    return this.resets;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sources = this.registry.seal();
    this.checkpointNames = [...new Set(this.sources.flatMap((source) => source.checkpoints))];
    const state = await feedState(this.pool, this.checkpointNames, START, 1);
    this.storeEpoch = state.epoch;
    await this.warmUp(state.frontier);
    this.unlisten = this.notifications.on(CHANGES_CHANNEL, (payload) => {
      if (parseChangesNotice(payload)?.rebuilt) this.rebuilt = true;
    });
    this.subscription.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unlisten?.();
    await this.subscription.stop();
    await this.feedPool.end();
  }

  /** Where the event at `position` stands in the feed's order; undefined when this store has no such event. */
  async checkpointOf(position: number): Promise<Checkpoint | undefined> {
    if (position === this.position.position) return this.position;
    return this.recent.checkpointOf(position) ?? checkpointAt(this.pool, position);
  }

  /** The held messages after `from`; undefined when some are no longer held (read them with `readStored`). */
  recentAfter(from: Checkpoint): OutgoingEntry[] | undefined {
    return this.recent.after(from);
  }

  /** Whether a client at `from` missed more events up to `upTo` than a resume replays (held ones need no check). */
  async tooFarBehind(from: Checkpoint, upTo: Checkpoint): Promise<boolean> {
    return compareCheckpoints(from, this.recent.base) < 0 && moreEventsThan(this.pool, from, upTo, this.options.resumeLimit);
  }

  /** The next batch of messages after `from` that memory no longer holds, and where the batch ends. */
  async readStored(from: Checkpoint): Promise<{ entries: OutgoingEntry[]; end: Checkpoint }> {
    const end = await nextRangeEnd(this.pool, from, this.recent.base, this.options.readBatch);
    if (compareCheckpoints(end, from) <= 0) return { entries: [], end: from };
    return { entries: (await this.read({ after: from, upTo: end })).map(outgoing), end };
  }

  /** Holds the last messages before `frontier` so that resumes after a restart need no database read. */
  private async warmUp(frontier: Checkpoint): Promise<void> {
    const base = await pointBefore(this.pool, frontier, this.options.recentMessages);
    this.recent.clear(base);
    this.position = base;
    while (compareCheckpoints(this.position, frontier) < 0) {
      const range = { after: this.position, upTo: await nextRangeEnd(this.pool, this.position, frontier, this.options.readBatch) };
      for (const entry of await this.read(range)) this.recent.push(outgoing(entry));
      this.position = range.upTo;
    }
  }

  /**
   * The feed reads up to the projections' checkpoints, whose every move is notified: nothing is ever
   * held back. Woken by the notice that moved the least of them, it knows where its range ends, and
   * reads every source's messages, the role changes and the store's epoch in one round trip on one
   * connection of its own. Otherwise (at start, after a rebuild, a reconnect or a restore, or far
   * behind) it first asks where the range ends: two round trips.
   */
  private step(): Promise<StepOutcome> {
    return onClient(this.feedPool, async (client) => {
      const heard = this.heardRangeEnd();
      if (heard) {
        const range: EventRange = { after: this.position, upTo: heard };
        const [entries, roleChanges, { epoch }] = await pipelinedTogether(client, [
          (statements) => this.read(range, statements),
          (statements) => roleChangesIn(statements, range),
          (statements) => readEpoch(statements),
        ]);
        if (epoch === this.storeEpoch) return this.deliver(range, entries, roleChanges, heard);
      }
      const state = await feedState(preparedStatements(client), this.checkpointNames, this.position, this.options.readBatch);
      if (state.epoch !== this.storeEpoch) {
        // A restore: positions of the old history, and the notices' points, mean nothing now.
        this.logger.warn(`store epoch changed to ${state.epoch}: live clients are told to refetch`);
        this.storeEpoch = state.epoch;
        this.heard.forget();
        this.restartAt(state.frontier);
        return { processed: 1, more: true, heldBack: false };
      }
      if (this.rebuilt) {
        this.rebuilt = false;
        this.restartAt(this.position);
      }
      if (compareCheckpoints(state.next, this.position) <= 0) return IDLE;
      const range: EventRange = { after: this.position, upTo: state.next };
      const [entries, roleChanges] = await pipelinedTogether(client, [
        (statements) => this.read(range, statements),
        (statements) => roleChangesIn(statements, range),
      ]);
      return this.deliver(range, entries, roleChanges, state.frontier);
    });
  }

  /**
   * Where the next range ends when the notices tell it: the heard frontier, when it lies ahead and
   * about a read batch away at most (further, the range is cut into batches; the positions of the
   * ends bound how many events lie between, as long as no transaction commits far out of order).
   */
  private heardRangeEnd(): Checkpoint | undefined {
    const heard = this.heard.point;
    if (!heard || this.rebuilt || compareCheckpoints(heard, this.position) <= 0) return undefined;
    return heard.position - this.position.position <= this.options.readBatch ? heard : undefined;
  }

  /** Holds and sends the range's messages and role changes; the feed is then at the range's end. */
  private async deliver(range: EventRange, entries: readonly FeedEntry[], roleChanges: readonly RoleChange[], frontier: Checkpoint) {
    const messages = entries.map(outgoing);
    for (const message of messages) this.recent.push(message);
    this.position = range.upTo;
    const fanOut = performance.now();
    if (messages.length > 0) this.listener?.delivered(messages);
    if (roleChanges.length > 0) this.listener?.rolesChanged(roleChanges);
    await pauseAfterFanOut(performance.now() - fanOut);
    return { processed: entries.length, more: compareCheckpoints(this.position, frontier) < 0, heldBack: false };
  }

  private restartAt(point: Checkpoint): void {
    this.recent.clear(point);
    this.position = point;
    this.resets += 1;
    this.listener?.reset();
  }

  private read(range: EventRange, db: Statements = this.pool): Promise<FeedEntry[]> {
    return readFeed(this.sources, range, db);
  }
}

const IDLE: StepOutcome = { processed: 0, more: false, heldBack: false };
