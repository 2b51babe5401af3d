import type { RawData } from 'ws';
import type { Checkpoint } from '../event-store';
import { textFrame } from './text-frame';

export const LIVE_TYPES = [
  'item.created',
  'item.updated',
  'item.archived',
  'item.restored',
  'stock.moved',
  'location.changed',
  'stock.transferred',
  'stocktake.changed',
  'alert.low_stock',
] as const;
export type LiveType = (typeof LIVE_TYPES)[number];

/** One message of the feed as a source reads it. */
export interface FeedEntry {
  readonly type: LiveType;
  /** The event's global position. */
  readonly position: number;
  /** The event's transaction id (xid8 as decimal text): with the position, its place in the feed. */
  readonly transactionId: string;
  /** The read-model row as the API returns it. */
  readonly data: unknown;
  /** The event metadata's correlation id, so logs can follow the change to the browser. */
  readonly correlationId: string | null;
}

/** An entry ready to go out: serialised and framed once, and shared by every socket. */
export interface OutgoingEntry {
  readonly at: Checkpoint;
  /** The message's JSON. */
  readonly frame: Buffer;
  /** The same JSON as a WebSocket frame, for the live fan-out to write as it is. */
  readonly wire: Buffer;
}

export function outgoing(entry: FeedEntry): OutgoingEntry {
  const { type, position, data, correlationId } = entry;
  const { wire, payload } = textFrame(JSON.stringify({ type, position, data, correlationId }));
  return { at: { transactionId: entry.transactionId, position }, frame: payload, wire };
}

/** First message on every socket: the store's epoch and a position to resume from. */
export const helloFrame = (epoch: string, at: Checkpoint) => Buffer.from(JSON.stringify({ type: 'hello', epoch, position: at.position }));

/** The client's data can no longer be patched: it must refetch, then live messages continue from `position`. */
export const resetFrame = (epoch: string, at: Checkpoint) => Buffer.from(JSON.stringify({ type: 'reset', epoch, position: at.position }));

/** `{type: "resume", after, epoch?}` from the client. */
export interface ResumeRequest {
  readonly after: number;
  readonly epoch: string | undefined;
}

/** The client's request, or undefined for anything else (ignored). */
export function parseResume(raw: RawData): ResumeRequest | undefined {
  let message: unknown;
  try {
    message = JSON.parse(
      Buffer.isBuffer(raw) ? raw.toString() : Array.isArray(raw) ? Buffer.concat(raw).toString() : Buffer.from(raw).toString(),
    );
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, after, epoch } = message as Record<string, unknown>;
  return type === 'resume' ? resumeRequest(after, epoch) : undefined;
}

/**
 * `?after=<position>&epoch=<epoch>` on the socket's URL: the resume is answered before any live
 * message, whenever the client's first message would have arrived. Undefined without `after`;
 * `'invalid'` for an `after` that is no position.
 */
export function resumeInQuery(query: URLSearchParams): ResumeRequest | 'invalid' | undefined {
  const after = query.get('after');
  if (after === null) return undefined;
  if (!/^\d{1,16}$/.test(after)) return 'invalid';
  return resumeRequest(Number(after), query.get('epoch') ?? undefined) ?? 'invalid';
}

function resumeRequest(after: unknown, epoch: unknown): ResumeRequest | undefined {
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) return undefined;
  if (epoch !== undefined && typeof epoch !== 'string') return undefined;
  return { after, epoch };
}
