import { Injectable, Logger } from '@nestjs/common';
import { IdempotencyKeyReusedError, ReservationConflictError, VersionConflictError } from '../../event-store/append-errors';
import { EventStore } from '../../event-store/event-store';
import { Metrics } from '../../metrics/metrics';
import { decide } from '../domain/decide';
import { fold } from '../domain/item';
import type { ItemCommand } from '../domain/item-commands';
import { InventoryRuleError } from '../domain/item-errors';
import { itemStreamId, type InventoryEvent, type InventoryEventMetadata } from '../domain/item-events';
import { skuReservations } from '../domain/sku';
import type { CommandContext } from './impl/command-context';
import { ItemStates, type ItemSnapshot } from './item-states';
import { KeyedLock } from './keyed-lock';

/** Appends kept losing to writers in other processes; the client may simply try again. */
export class ItemContentionError extends Error {
  constructor(readonly itemId: string) {
    super(`item ${itemId} is changing too fast to apply this change; try again`);
    this.name = 'ItemContentionError';
  }
}

/** Builds the command's answer from the state after it and the events it produced (none for a no-op). */
export type Respond<Result> = (after: ItemSnapshot, events: readonly InventoryEvent[]) => Result;

/** Enough that two replicas hammering one item almost never give up (each race is about even). */
const MAX_ATTEMPTS = 20;
/** Jittered, growing pause after a lost race, so that the racing replicas fall out of step. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

const isRefusal = (error: unknown) =>
  error instanceof InventoryRuleError ||
  error instanceof ReservationConflictError ||
  error instanceof IdempotencyKeyReusedError ||
  error instanceof ItemContentionError;

/**
 * Load, decide, append with the version read — for every item command. Commands on one item
 * run one at a time in this process (KeyedLock), on a cached folded state (ItemStates) that an
 * accepted command does not even re-read; a conflict with another process drops the cached state
 * and tries again, a bounded number of times.
 * A command with an idempotency key that was already answered returns that first answer.
 */
@Injectable()
export class ItemCommandRunner {
  private readonly logger = new Logger(ItemCommandRunner.name);
  private readonly lock = new KeyedLock();
  private readonly states: ItemStates;

  constructor(
    private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {
    this.states = new ItemStates(store);
  }

  async run<Result>(command: ItemCommand, context: CommandContext, respond: Respond<Result>): Promise<Result> {
    try {
      const result = await this.runLocked(command, context, respond);
      this.metrics.countCommand(command.type, 'accepted');
      return result;
    } catch (error) {
      this.metrics.countCommand(command.type, isRefusal(error) ? 'refused' : 'failed');
      throw error;
    }
  }

  private runLocked<Result>(command: ItemCommand, context: CommandContext, respond: Respond<Result>): Promise<Result> {
    const streamId = itemStreamId(command.data.itemId);
    return this.lock.run(streamId, async () => {
      const answered = await this.answered<Result>(context);
      if (answered !== undefined) return answered;
      try {
        return await this.decideAndAppend(streamId, command, context, respond);
      } catch (error) {
        // Another process may have answered the same key meanwhile: its answer wins over our refusal.
        if (error instanceof InventoryRuleError) return (await this.answered<Result>(context)) ?? Promise.reject(error);
        throw error;
      }
    });
  }

  private async decideAndAppend<Result>(
    streamId: string,
    command: ItemCommand,
    context: CommandContext,
    respond: Respond<Result>,
  ): Promise<Result> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const { current, events } = await this.decision(streamId, command);
      if (events.length === 0) return respond(current, events);
      const after: ItemSnapshot = { item: fold(events, current.item), updatedAt: context.now };
      const result = respond(after, events);
      try {
        const outcome = await this.store.append({
          streamId,
          expectedVersion: current.item.version,
          events: events.map((event) => ({ ...event, metadata: metadataOf(context) })),
          ...skuReservations(events),
          ...(context.idempotency && {
            idempotency: { scope: context.user.id, ...context.idempotency, result },
          }),
        });
        if (outcome.status === 'replayed') return outcome.result as Result;
        this.metrics.countAppendedEvents(events);
        this.states.remember(streamId, after);
        return result;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        this.states.forget(streamId);
        this.logger.debug(`version conflict on ${streamId}, attempt ${attempt}`);
        await backoff(attempt);
      }
    }
    throw new ItemContentionError(command.data.itemId);
  }

  /**
   * Decides on the cached state without reading when it yields events: the append's expected
   * version proves that state current, and a conflict drops it. A refusal or a no-op is never
   * checked by an append, so it is only given on a state just read.
   */
  private async decision(streamId: string, command: ItemCommand): Promise<{ current: ItemSnapshot; events: InventoryEvent[] }> {
    const cached = this.states.cached(streamId);
    if (cached) {
      try {
        const events = decide(command, cached.item);
        if (events.length > 0) return { current: cached, events };
      } catch (error) {
        if (!(error instanceof InventoryRuleError)) throw error;
      }
    }
    const current = await this.states.load(streamId);
    return { current, events: decide(command, current.item) };
  }

  private async answered<Result>(context: CommandContext): Promise<Result | undefined> {
    if (!context.idempotency) return undefined;
    const stored = await this.store.findIdempotency(context.user.id, context.idempotency.key);
    if (!stored) return undefined;
    if (stored.requestHash !== context.idempotency.requestHash) throw new IdempotencyKeyReusedError(context.idempotency.key);
    return stored.result as Result;
  }
}

function metadataOf(context: CommandContext): InventoryEventMetadata {
  return {
    userId: context.user.id,
    username: context.user.username,
    correlationId: context.correlationId,
    ...(context.idempotency && { idempotencyKey: context.idempotency.key }),
  };
}
