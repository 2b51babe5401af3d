import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, InjectionToken, effect, inject, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, Subject, Subscription, defer, filter, map, merge, retry, repeat, timer } from 'rxjs';
import { webSocket, type WebSocketSubjectConfig } from 'rxjs/webSocket';
import type { Item, StockMovement } from '../api/models';
import { AuthStore } from '../auth/auth-store';
import { LIVE_TYPES, type ConnectionState, type LiveMessage, type LiveType, type ResumePoint } from './live-messages';

/** The socket as the bus uses it: what arrives is unchecked JSON; it sends only resume requests. */
export type LiveSocket = Observable<unknown> & { next(message: ResumeRequest): void };

/** A movement or a transfer (as the movements list shows it) and its item at or after it. */
export interface StockChange {
  readonly movement: StockMovement;
  readonly item: Item;
}

/** Asks the server for every message after `after` that this socket has not sent yet. */
export interface ResumeRequest extends ResumePoint {
  readonly type: 'resume';
}

export type LiveSocketFactory = (config: WebSocketSubjectConfig<unknown>) => LiveSocket;

const lower = (a: ResumePoint | undefined, b: ResumePoint | undefined) => (a && b ? (b.after < a.after ? b : a) : (a ?? b));

export const LIVE_SOCKET_FACTORY = new InjectionToken<LiveSocketFactory>('LIVE_SOCKET_FACTORY', {
  factory: () => (config) => webSocket<unknown>(config),
});

const MAX_BACKOFF_MS = 30_000;
/** Close codes of the gateway: the token is no longer valid; the user's role changed (connect again). */
export const CLOSED_UNAUTHORIZED = 4401;
export const CLOSED_ROLE_CHANGED = 4403;
export const reconnectDelay = (failures: number) => Math.min(500 * 2 ** failures, MAX_BACKOFF_MS);

/** The socket's address; with a resume point the server replays what followed it before any live message. */
export function socketUrl(token: string, from?: ResumePoint, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const resume = from ? `&after=${from.after}${from.epoch ? `&epoch=${encodeURIComponent(from.epoch)}` : ''}` : '';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}${resume}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The one WebSocket of the app, as a typed message bus. Stores subscribe with `on(...)` and fold
 * messages into their signals; `resets` tells them their data can no longer be patched and must be
 * fetched again (the server said `reset`, the store's epoch changed, or a reconnect knew no position).
 */
@Injectable({ providedIn: 'root' })
export class LiveBus {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly createSocket = inject(LIVE_SOCKET_FACTORY);
  private readonly state = signal<ConnectionState>('offline');
  private readonly messages = new Subject<LiveMessage>();
  private readonly resetRequests = new Subject<void>();
  private connection: Subscription | undefined;
  private socket: LiveSocket | undefined;
  private lastPosition: number | undefined;
  private epoch: string | undefined;
  /** Where the current socket's messages start: it sends every message after it. Unknown until its hello. */
  private coveredFrom: number | undefined;
  /** The lowest position an API read answered while no socket covered it: the next socket starts there. */
  private readFloor: ResumePoint | undefined;
  private failures = 0;
  /** The position the current socket's URL asked to resume after. */
  private resumedFrom: number | undefined;
  /** A read's position the bus asked the current socket to resume after. */
  private askedFrom: number | undefined;
  /** The server answered reset to a resume after this position: reads at or before it ask no more. */
  private refusedUpTo: number | undefined;
  private opened = false;

  readonly connectionState = this.state.asReadonly();
  readonly resets: Observable<void> = this.resetRequests.asObservable();

  constructor() {
    effect(() => {
      // A temporary password's token may only change the password: the socket would refuse it.
      const token = this.auth.passwordChangeRequired() ? null : this.auth.token();
      untracked(() => (token ? this.connect(token) : this.disconnect()));
    });
  }

  on<Type extends LiveType>(...types: Type[]): Observable<LiveMessage<Type>> {
    return this.messages.pipe(filter((message): message is LiveMessage<Type> => types.includes(message.type as Type)));
  }

  /** Every movement and every transfer: what changes an item's stock at a location. */
  stockChanges(): Observable<StockChange> {
    return merge(
      this.on('stock.moved').pipe(map(({ data }) => data)),
      this.on('stock.transferred').pipe(map(({ data }) => ({ movement: data.transfer, item: data.item }))),
    );
  }

  /**
   * An API read answered the live position it reflects (`X-Live-Position`): the page may lack any
   * change after it, so the socket must bring every message after it, though the server greeted
   * it later. Messages the read already showed come again as versions the stores already hold.
   */
  readAt(read: ResumePoint): void {
    if (!this.auth.token()) return;
    if (read.epoch !== undefined && this.epoch !== undefined && read.epoch !== this.epoch) {
      // The store was restored between the read and the socket's greeting: positions of one mean nothing to the other.
      this.resetRequests.next();
      return;
    }
    // A replica whose feed stalled answers a position the server keeps refusing: asking again would only refetch for ever.
    if (this.refusedUpTo !== undefined && read.after <= this.refusedUpTo) return;
    if (this.coveredFrom === undefined) {
      this.readFloor = lower(this.readFloor, read);
      return;
    }
    if (read.after >= this.coveredFrom) return;
    this.coveredFrom = read.after;
    // A drop before the replay arrives resumes from the read too.
    this.lastPosition = read.after;
    this.askedFrom = read.after;
    this.socket?.next({ type: 'resume', after: read.after, epoch: this.epoch ?? read.epoch });
  }

  private connect(token: string): void {
    // A new token (a renewal) keeps the position: the new socket resumes where the old one stopped.
    this.close();
    const connection = new Subscription();
    this.connection = connection;
    this.state.set('connecting');
    // A socket being torn down still reports its close; only the current connection may change the state.
    const isCurrent = () => this.connection === connection && !connection.closed;
    const socket$ = defer(() => {
      const last = this.lastPosition === undefined ? undefined : { after: this.lastPosition, epoch: this.epoch };
      const from = lower(last, this.readFloor);
      const resumeFrom = from && { after: from.after, epoch: this.epoch ?? from.epoch };
      this.readFloor = undefined;
      this.coveredFrom = undefined;
      const socket = this.createSocket({
        url: socketUrl(token, resumeFrom),
        openObserver: { next: () => isCurrent() && this.onOpen(resumeFrom !== undefined) },
        closeObserver: { next: (event) => isCurrent() && this.onClose(event) },
      });
      this.socket = socket;
      this.resumedFrom = resumeFrom?.after;
      this.askedFrom = undefined;
      return socket;
    });
    connection.add(
      socket$
        .pipe(
          retry({ delay: () => timer(reconnectDelay(this.failures++)) }),
          repeat({ delay: () => timer(reconnectDelay(this.failures++)) }),
        )
        .subscribe((message) => this.receive(message)),
    );
  }

  private close(): void {
    this.connection?.unsubscribe();
    this.connection = undefined;
    this.socket = undefined;
    this.coveredFrom = undefined;
  }

  /** Signed out: the next user's socket starts afresh. */
  private disconnect(): void {
    this.close();
    this.opened = false;
    this.lastPosition = undefined;
    this.readFloor = undefined;
    this.refusedUpTo = undefined;
    this.state.set('offline');
  }

  private onOpen(resuming: boolean): void {
    const reconnected = this.opened;
    this.opened = true;
    this.failures = 0;
    this.state.set('live');
    if (reconnected && !resuming) this.resetRequests.next();
  }

  private onClose(event: CloseEvent): void {
    this.state.set('reconnecting');
    // Reads from now on wait for the next socket, which resumes from the lowest of them.
    this.coveredFrom = undefined;
    if (event.code === CLOSED_UNAUTHORIZED) {
      // The access token expired or was refused: a renewed one reconnects (the token changes); a refused renewal ends the session.
      this.auth.renew().subscribe({
        error: (refusal: unknown) => {
          if (!(refusal instanceof HttpErrorResponse && refusal.status === 401)) return;
          this.auth.signOut();
          void this.router.navigate(['/sign-in']);
        },
      });
    } else if (event.code === CLOSED_ROLE_CHANGED) {
      this.auth.refreshUser().subscribe({ error: () => undefined });
    }
  }

  private receive(message: unknown): void {
    if (!isRecord(message) || typeof message['type'] !== 'string') return;
    const epoch = message['epoch'];
    if (typeof epoch === 'string') {
      const changed = this.epoch !== undefined && this.epoch !== epoch;
      this.epoch = epoch;
      if (changed) this.reset();
    }
    const position = message['position'];
    if (message['type'] === 'reset') {
      const asked = this.askedFrom ?? this.resumedFrom;
      if (asked !== undefined) this.refusedUpTo = Math.max(this.refusedUpTo ?? asked, asked);
      this.askedFrom = undefined;
      this.reset();
      // The feed carries on from here: a later drop resumes from this point without another refetch.
      if (typeof position === 'number') {
        this.lastPosition = position;
        this.coveredFrom = position;
      }
      return;
    }
    if (typeof position !== 'number') return;
    if (message['type'] === 'hello') {
      // Messages come from where the URL resumed (perhaps a read before the last message seen), else from here.
      this.lastPosition = this.resumedFrom ?? this.lastPosition ?? position;
      this.greeted(this.resumedFrom ?? position);
      return;
    }
    if (!LIVE_TYPES.includes(message['type'] as LiveType)) return;
    // The feed's order is the store's commit order, in which positions may step back: a position is
    // a resume token, never a reason to drop a message (the server sends none twice).
    this.lastPosition = position;
    this.messages.next(message as unknown as LiveMessage);
  }

  /** The socket sends every message after `from`; a read that answered meanwhile from before it still needs what lies between. */
  private greeted(from: number): void {
    this.coveredFrom = from;
    const floor = this.readFloor;
    this.readFloor = undefined;
    if (floor) this.readAt(floor);
  }

  private reset(): void {
    this.lastPosition = undefined;
    this.resetRequests.next();
  }
}
