import type { NewMovement, NewTransfer } from '../api/models';

/** What the phone will send: a movement at one location, or a transfer between two. */
export type QueuedRequest =
  { readonly kind: 'movement'; readonly body: NewMovement } | { readonly kind: 'transfer'; readonly body: NewTransfer };

/** A movement made on the phone and not yet answered by the server, kept across reloads and restarts. */
export interface QueuedMovement {
  /** The queue's order: assigned when it is stored, increasing, never reused. */
  readonly seq: number;
  /** The `Idempotency-Key` it is sent with, every time: a second send returns the first result. */
  readonly key: string;
  /** Only its author's session sends it. */
  readonly userId: string;
  /** The phone's clock when the person made it (the server stamps its own time when it arrives). */
  readonly queuedAt: string;
  readonly request: QueuedRequest;
  /** What the person saw, to name it in the lists without the catalogue. */
  readonly label: { readonly sku: string; readonly name: string };
}

export type NewQueuedMovement = Omit<QueuedMovement, 'seq'>;

/** A queued movement the server refused when it arrived: work for the person, not a silent loss. */
export interface Refusal extends QueuedMovement {
  /** The problem's `type`, e.g. `/problems/insufficient-stock`. */
  readonly problemType: string;
  readonly reason: string;
  readonly refusedAt: string;
}

/** The units a request moves (for ADJUST: the counted quantity). */
export const quantityOf = (request: QueuedRequest): number => request.body.quantity;

/** The same request with another quantity: a new movement, so it will get a new key. */
export function withQuantity(request: QueuedRequest, quantity: number): QueuedRequest {
  return request.kind === 'movement'
    ? { kind: 'movement', body: { ...request.body, quantity } }
    : { kind: 'transfer', body: { ...request.body, quantity } };
}
