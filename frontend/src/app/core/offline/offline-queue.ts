import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiClient } from '../api/api-client';
import { AuthStore } from '../auth/auth-store';
import { randomKey } from '../../features/movements/idempotency-keys';
import { OfflineDb } from './offline-db';
import { Outbox, type SendOutcome } from './outbox';
import { withQuantity, type QueuedMovement, type QueuedRequest, type Refusal } from './queued-movement';
import { outcomeOfError } from './send-outcome';

/** How often a queue that met no answer is tried again while the browser believes it is online. */
const RETRY_MS = 10_000;

/**
 * The movements made on this phone: each is stored first (IndexedDB), then sent in order whenever the
 * network allows, with the key it was given when it was made. What the server refuses waits in
 * `attention` for the person to retry with another quantity or discard.
 */
@Injectable({ providedIn: 'root' })
export class OfflineQueue {
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthStore);
  readonly db = new OfflineDb();
  private readonly outbox = new Outbox(this.db, (entry) => this.sendOne(entry));

  readonly online = signal(navigator.onLine);
  readonly waiting = signal<readonly QueuedMovement[]>([]);
  readonly attention = signal<readonly Refusal[]>([]);
  readonly syncing = signal(false);
  readonly waitingCount = computed(() => this.waiting().length);
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    addEventListener('online', () => {
      this.online.set(true);
      void this.sync();
    });
    addEventListener('offline', () => this.online.set(false));
    effect(() => {
      const userId = this.auth.user()?.id;
      untracked(() => {
        this.waiting.set([]);
        this.attention.set([]);
        if (userId) void this.refresh().then(() => this.sync());
      });
    });
  }

  /** Keeps the movement on the phone, then sends the queue; resolves once it is stored. */
  async enqueue(request: QueuedRequest, label: QueuedMovement['label']): Promise<QueuedMovement> {
    const userId = this.requireUser();
    const entry = await this.db.add({ key: randomKey(), userId, queuedAt: new Date().toISOString(), request, label });
    await this.refresh();
    void this.sync();
    return entry;
  }

  /** Takes back a movement not sent yet; false once it is on its way or answered. */
  async cancel(seq: number): Promise<boolean> {
    const cancelled = await this.outbox.cancel(seq);
    await this.refresh();
    return cancelled;
  }

  /** The one-tap fix: the refused movement again with another quantity (a new movement with a new key). */
  async retryWith(refusal: Refusal, quantity: number): Promise<void> {
    await this.db.dropRefusal(refusal.key);
    await this.enqueue(withQuantity(refusal.request, quantity), refusal.label);
  }

  async discard(refusal: Refusal): Promise<void> {
    await this.db.dropRefusal(refusal.key);
    await this.refresh();
  }

  /** Sends what waits, unless offline; a run without an answer is tried again later. */
  async sync(): Promise<void> {
    const userId = this.auth.user()?.id;
    if (!userId || !navigator.onLine) return;
    clearTimeout(this.retryTimer);
    this.syncing.set(true);
    try {
      const result = await this.exclusively(() => this.outbox.flush(userId));
      if (result.left > 0) this.retryTimer = setTimeout(() => void this.sync(), RETRY_MS);
    } finally {
      this.syncing.set(false);
      await this.refresh();
    }
  }

  private async refresh(): Promise<void> {
    const userId = this.auth.user()?.id;
    if (!userId) return;
    const [waiting, attention] = await Promise.all([this.db.waiting(userId), this.db.refusals(userId)]);
    if (this.auth.user()?.id !== userId) return;
    this.waiting.set(waiting);
    this.attention.set(attention);
  }

  /** One sender across the tabs of this browser: two tabs sending the same queue would only waste requests. */
  private async exclusively<T>(run: () => Promise<T>): Promise<T> {
    // Web Locks are missing from older browsers (Safari before 15.4): there a second tab may send the same key again, which the server answers once.
    const locks = (navigator as Partial<Navigator>).locks;
    return locks ? await locks.request('ims-offline-queue', run) : run();
  }

  private async sendOne({ key, request }: QueuedMovement): Promise<SendOutcome> {
    try {
      if (request.kind === 'movement') await firstValueFrom(this.api.recordMovement(request.body, key));
      else await firstValueFrom(this.api.transfer(request.body, key));
      void this.refresh();
      return { kind: 'recorded' };
    } catch (error: unknown) {
      return outcomeOfError(error);
    }
  }

  private requireUser(): string {
    const userId = this.auth.user()?.id;
    if (!userId) throw new Error('movements are queued only while signed in');
    return userId;
  }
}
