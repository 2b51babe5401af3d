import { Injectable, Logger } from '@nestjs/common';
import { IdempotencyKeyReusedError, ReservationConflictError, VersionConflictError, EventStore, positioned } from '../../event-store';
import type { AppendRequest, IdempotencyRecord, Positioned } from '../../event-store';
import { Metrics } from '../../metrics';
import type { ItemCommand } from '../domain/item-commands';
import { InventoryRuleError } from '../domain/item-errors';
import { itemStreamId } from '../domain/item-events';
import {
  onlyAccepted,
  planBatch,
  type Accepted,
  type BatchPlan,
  type DecidedWithoutEvents,
  type QueuedCommand,
  type Respond,
  type Segment,
} from './batch-plan';
import { metadataOf, type CommandContext } from './impl/command-context';
import { ItemStates } from './item-states';
import { answeredAt, storedAnswer } from './keyed-answers';

/** Appends kept losing to writers in other processes; the client may simply try again. */
export class ItemContentionError extends Error {
  constructor(readonly itemId: string) {
    super(`item ${itemId} is changing too fast to apply this change; try again`);
    this.name = 'ItemContentionError';
  }
}

/** A command waiting in its item's queue for its answer. */
interface PendingCommand extends QueuedCommand {
  /** Rounds that ended without an answer for this command. */
  attempts: number;
  alone?: boolean;
  resolve(result: Positioned<object>): void;
  reject(error: unknown): void;
}

/** What a round leaves: the commands to decide again, and whether they lost a race to another process (and back off). */
interface Leftover {
  readonly again: readonly PendingCommand[];
  readonly conflicted: boolean;
}

/** A plan and whether its state was just read (refusals and no-ops may only be given on such a state). */
interface Planned {
  readonly plan: BatchPlan<PendingCommand>;
  readonly version: number;
  readonly read: boolean;
}

/** Enough that two replicas hammering one item almost never give up (each race is about even). */
const MAX_ATTEMPTS = 20;
/** Commands on one item decided together and appended in as few transactions as the plan allows. */
const MAX_BATCH = 100;
/** Jittered, growing pause after a lost race, so that the racing replicas fall out of step. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

const NOTHING_LEFT: Leftover = { again: [], conflicted: false };

const isRefusal = (error: unknown) =>
  error instanceof InventoryRuleError ||
  error instanceof ReservationConflictError ||
  error instanceof IdempotencyKeyReusedError ||
  error instanceof ItemContentionError;

/** Each accepted command with the position of its last event, from the positions of the segment's append (in event order). */
function withLastPositions<A extends Accepted>(accepted: readonly A[], positions: readonly number[]): [A, number][] {
  let end = 0;
  return accepted.map((command) => {
    end += command.events.length;
    const position = positions[end - 1];
    if (position === undefined) throw new Error(`the append answered ${positions.length} positions, fewer than its ${end} events`);
    return [command, position];
  });
}

/** What the store keeps for a keyed command: its key, and the answer a retry with that key gets. */
const idempotencyOf = ({ queued: { context }, result }: Accepted<PendingCommand>): IdempotencyRecord | undefined =>
  context.idempotency && { scope: context.user.id, ...context.idempotency, result };

const queuedIn = <Q extends QueuedCommand>(segment: Segment<Q>): Q[] => [
  ...segment.accepted.map(({ queued }) => queued),
  ...segment.followers.map(({ queued }) => queued),
];

/**
 * Load, decide, append with the version read — for every item command. Commands on one item
 * queue in this process instead of racing each other: whatever queued while the previous append
 * was committing is decided as one batch, in arrival order, on the cached folded state
 * (ItemStates), and appended together (planBatch), so a hot item moves at the rate of batches,
 * not of transactions. A batch whose commands are all accepted is appended without reading the
 * stream (the expected version proves the cached state current); one with a refusal or a no-op
 * is decided again on a state just read. Only other processes can conflict: the cached state is
 * then dropped and the commands decided again, a bounded number of times. A command with an
 * idempotency key costs no round trip of its own: it is decided like any other, and its append
 * claims the key in the statement that writes its events, so a retry of an answered command writes
 * nothing and gets the first answer; one decided without events (a refusal, a no-op) has no
 * append to check its key, so it looks the key up before it is answered.
 * Every answer carries the global position of the command's last event (for a no-op, of the
 * event that made the state it saw; for a replay, of the first command's), for read-your-writes.
 */
@Injectable()
export class ItemCommandRunner {
  private readonly logger = new Logger(ItemCommandRunner.name);
  private readonly queues = new Map<string, PendingCommand[]>();
  private readonly states: ItemStates;

  constructor(
    private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {
    this.states = new ItemStates(store);
  }

  async run<Result extends object>(command: ItemCommand, context: CommandContext, respond: Respond<Result>): Promise<Positioned<Result>> {
    try {
      const result = await this.enqueue(command, context, respond);
      this.metrics.countCommand(command.type, 'accepted');
      return result;
    } catch (error) {
      this.metrics.countCommand(command.type, isRefusal(error) ? 'refused' : 'failed');
      throw error;
    }
  }

  private enqueue<Result extends object>(
    command: ItemCommand,
    context: CommandContext,
    respond: Respond<Result>,
  ): Promise<Positioned<Result>> {
    return new Promise<Positioned<Result>>((resolve, reject) => {
      const streamId = itemStreamId(command.data.itemId);
      const waiting: PendingCommand = {
        command,
        context,
        respond,
        attempts: 0,
        resolve: resolve as (result: Positioned<object>) => void,
        reject,
      };
      const queue = this.queues.get(streamId);
      if (queue) {
        queue.push(waiting);
        return;
      }
      const started = [waiting];
      this.queues.set(streamId, started);
      void this.work(streamId, started);
    });
  }

  private async work(streamId: string, queue: PendingCommand[]): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_BATCH);
        const { again, conflicted } = await this.round(streamId, batch).catch((error: unknown) => {
          // Commands already answered in this round ignore the rejection.
          for (const waiting of batch) waiting.reject(error);
          return NOTHING_LEFT;
        });
        const retried = again.filter((waiting) => {
          waiting.attempts += 1;
          if (waiting.attempts < MAX_ATTEMPTS) return true;
          waiting.reject(new ItemContentionError(waiting.command.data.itemId));
          return false;
        });
        queue.unshift(...retried);
        if (conflicted) {
          const attempt = Math.max(1, ...retried.map((waiting) => waiting.attempts));
          this.logger.debug(`version conflict on ${streamId}, attempt ${attempt}`);
          await backoff(attempt);
        }
      }
    } finally {
      this.queues.delete(streamId);
    }
  }

  /** Answers every command of the batch it can, appending segment after segment. */
  private async round(streamId: string, batch: readonly PendingCommand[]): Promise<Leftover> {
    const { plan, version, read } = await this.plan(streamId, batch);
    await this.settle(streamId, plan.leading);
    let expectedVersion = version;
    for (const [index, segment] of plan.segments.entries()) {
      const accepted = segment.accepted.map(({ queued }) => queued);
      const later = () => [
        ...segment.followers.map(({ queued }) => queued),
        ...plan.segments.slice(index + 1).flatMap(queuedIn),
        ...plan.deferred,
      ];
      const keyed = segment.accepted.find(({ queued }) => queued.context.idempotency);
      let outcome;
      try {
        outcome = await this.store.append(this.request(streamId, expectedVersion, segment.accepted, keyed));
      } catch (error) {
        // Decided on a cached state, a conflict says that another process moved the item since: decide again at once,
        // on the state the conflict brought (or a read one).
        if (error instanceof VersionConflictError) {
          this.states.catchUp(streamId, error.missed.get(streamId) ?? []);
          return { again: [...accepted, ...later()], conflicted: read };
        }
        this.states.forget(streamId);
        // Nothing of the segment was written: the one command to blame is refused, the rest decided again.
        if (error instanceof ReservationConflictError && read) {
          // A segment that takes or gives back a SKU holds that one command (planBatch).
          for (const queued of accepted) queued.reject(error);
          return { again: later(), conflicted: false };
        }
        // Decided on a cached state: the refusal may not stand on the state as it is, so decide again on a read one.
        if (error instanceof ReservationConflictError) return { again: [...accepted, ...later()], conflicted: false };
        if (error instanceof IdempotencyKeyReusedError && keyed) {
          keyed.queued.reject(error);
          return { again: [...accepted.filter((queued) => queued !== keyed.queued), ...later()], conflicted: false };
        }
        return this.blame(error, accepted, later());
      }
      if (outcome.status === 'replayed') {
        // The key was answered before (this is a retry, or another process was first): nothing of this segment was written.
        if (!keyed) throw new Error(`${streamId}: an append without an idempotency key was answered as a replay`);
        this.states.forget(streamId);
        await this.replay(streamId, keyed.queued, outcome.result);
        return { again: [...accepted.filter((queued) => queued !== keyed.queued), ...later()], conflicted: false };
      }
      expectedVersion = outcome.nextVersion;
      const last = segment.accepted.at(-1);
      if (last) this.states.remember(streamId, last.after);
      this.metrics.countAppendedEvents(segment.accepted.flatMap(({ events }) => events));
      for (const [{ queued, result }, position] of withLastPositions(segment.accepted, outcome.positions)) {
        queued.resolve(positioned(result as object, position));
      }
      await this.settle(streamId, segment.followers);
    }
    return { again: plan.deferred, conflicted: false };
  }

  /**
   * An append failed for a reason that is not a race (e.g. a value the database cannot store): it
   * belongs to one command, so the others are not failed with it. A segment of one command is
   * refused that error; a shared segment is decided again with each command appended alone.
   */
  private blame(error: unknown, accepted: PendingCommand[], later: PendingCommand[]): Leftover {
    const [only, ...others] = accepted;
    if (only && others.length === 0) {
      only.reject(error);
      return { again: later, conflicted: false };
    }
    for (const queued of accepted) queued.alone = true;
    return { again: [...accepted, ...later], conflicted: false };
  }

  /** On the cached state when every command is accepted there; otherwise on the stream read now. */
  private async plan(streamId: string, commands: readonly PendingCommand[]): Promise<Planned> {
    const cached = this.states.cached(streamId);
    if (cached) {
      const plan = planBatch(cached, commands);
      if (onlyAccepted(plan)) return { plan, version: cached.item.version, read: false };
    }
    const current = await this.states.load(streamId);
    return { plan: planBatch(current, commands), version: current.item.version, read: true };
  }

  private request(
    streamId: string,
    expectedVersion: number,
    accepted: readonly Accepted<PendingCommand>[],
    keyed: Accepted<PendingCommand> | undefined,
  ): AppendRequest {
    const idempotency = keyed && idempotencyOf(keyed);
    return {
      streamId,
      expectedVersion,
      events: accepted.flatMap(({ queued, events }) => events.map((event) => ({ ...event, metadata: metadataOf(queued.context) }))),
      reserve: accepted.flatMap(({ reservations }) => reservations.reserve),
      release: accepted.flatMap(({ reservations }) => reservations.release),
      ...(idempotency && { idempotency }),
    };
  }

  /** Answers the stored result of a keyed command with the position of the last event that command appended; never throws. */
  private async replay(streamId: string, waiting: PendingCommand, stored: unknown): Promise<void> {
    try {
      waiting.resolve(await answeredAt(this.store, streamId, waiting.context, stored as object));
    } catch (error) {
      waiting.reject(error);
    }
  }

  private async settle(streamId: string, settled: readonly DecidedWithoutEvents<PendingCommand>[]): Promise<void> {
    await Promise.all(
      settled.map(async (entry) => {
        try {
          // A retry of a command already answered is decided on the state its first run left, so it may come out
          // refused or a no-op (the key is checked by the append, and there is none): the first answer wins.
          if (entry.queued.context.idempotency) {
            const stored = await storedAnswer(this.store, entry.queued.context);
            if (stored !== undefined) {
              await this.replay(streamId, entry.queued, stored);
              return;
            }
          }
          if (entry.ok) {
            const position = await this.store.positionAt(streamId, entry.version);
            if (position === undefined) throw new Error(`${streamId} has no version ${entry.version}`);
            entry.queued.resolve(positioned(entry.result as object, position));
            return;
          }
        } catch (error) {
          entry.queued.reject(error);
          return;
        }
        entry.queued.reject(entry.error);
      }),
    );
  }
}
