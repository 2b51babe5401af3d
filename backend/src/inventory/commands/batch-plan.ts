import { decide } from '../domain/decide';
import { fold } from '../domain/item';
import type { ItemCommand } from '../domain/item-commands';
import type { InventoryEvent } from '../domain/item-events';
import { itemReservations, type ItemReservations } from '../domain/item-reservations';
import type { CommandContext } from './impl/command-context';
import type { ItemSnapshot } from './item-states';

/** Builds the command's answer from the state after it and the events it produced (none for a no-op). */
export type Respond<Result> = (after: ItemSnapshot, events: readonly InventoryEvent[]) => Result;

export interface QueuedCommand<Result = unknown> {
  readonly command: ItemCommand;
  readonly context: CommandContext;
  readonly respond: Respond<Result>;
  /** Appended in a segment of its own: a shared append with it failed for a reason none of its commands was told. */
  readonly alone?: boolean;
}

/** A command whose decision produced events: answered once they are appended. */
export interface Accepted<Q extends QueuedCommand = QueuedCommand> {
  readonly queued: Q;
  readonly events: readonly InventoryEvent[];
  readonly after: ItemSnapshot;
  readonly result: unknown;
  readonly reservations: ItemReservations;
}

/** A command refused, or a no-op (answered with the stream version it saw): answered once everything decided before it is appended. */
export type DecidedWithoutEvents<Q extends QueuedCommand = QueuedCommand> =
  | { readonly queued: Q; readonly ok: true; readonly result: unknown; readonly version: number }
  | { readonly queued: Q; readonly ok: false; readonly error: unknown };

/** Accepted commands appended in one request, and the commands settled on the state after them. */
export interface Segment<Q extends QueuedCommand = QueuedCommand> {
  readonly accepted: Accepted<Q>[];
  readonly followers: DecidedWithoutEvents<Q>[];
}

export interface BatchPlan<Q extends QueuedCommand = QueuedCommand> {
  /** Decided on the given state itself, before any append. */
  readonly leading: DecidedWithoutEvents<Q>[];
  readonly segments: Segment<Q>[];
  /** A second command with a (user, idempotency key) already in this batch: it waits for the first's answer. */
  readonly deferred: Q[];
}

const scopedKey = ({ user, idempotency }: CommandContext) => idempotency && `${user.id}\u0000${idempotency.key}`;

/** True when every command of the plan is accepted or deferred: nothing is refused or a no-op. */
export const onlyAccepted = (plan: BatchPlan): boolean =>
  plan.leading.length === 0 && plan.segments.every((segment) => segment.followers.length === 0);

/**
 * Decides a batch of commands on one item in order, each on the state the previous ones left.
 * Consecutive accepted commands share one append (one transaction, consecutive versions), except
 * that a command with an idempotency key ends its append (the store keeps one key per append) and
 * a command taking or giving back a SKU or barcode goes alone (a taken one must refuse that command only), and
 * so does a command marked `alone` (a failed shared append is retried one command at a time).
 * A refusal decided between two accepted commands holds if and only if the append before it lands.
 */
export function planBatch<Q extends QueuedCommand>(snapshot: ItemSnapshot, batch: readonly Q[]): BatchPlan<Q> {
  const plan = { leading: [] as DecidedWithoutEvents<Q>[], segments: [] as Segment<Q>[], deferred: [] as Q[] };
  const keys = new Set<string>();
  let state = snapshot;
  let open: Segment<Q> | undefined;
  let alone = false;
  const settle = (settled: DecidedWithoutEvents<Q>) => (plan.segments.at(-1)?.followers ?? plan.leading).push(settled);

  for (const queued of batch) {
    const key = scopedKey(queued.context);
    if (key !== undefined && keys.has(key)) {
      plan.deferred.push(queued);
      continue;
    }
    if (key !== undefined) keys.add(key);
    let events: InventoryEvent[];
    try {
      events = decide(queued.command, state.item);
    } catch (error) {
      settle({ queued, ok: false, error });
      continue;
    }
    if (events.length === 0) {
      settle({ queued, ok: true, result: queued.respond(state, events), version: state.item.version });
      continue;
    }
    const after: ItemSnapshot = { item: fold(events, state.item), updatedAt: queued.context.now };
    const reservations = itemReservations(events);
    const single = queued.alone === true || reservations.reserve.length + reservations.release.length > 0;
    if (!open || alone || single) {
      open = { accepted: [], followers: [] };
      plan.segments.push(open);
    }
    open.accepted.push({ queued, events, after, result: queued.respond(after, events), reservations });
    alone = single || key !== undefined;
    state = after;
  }
  return plan;
}
