import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { LiveBus } from '../../core/live/live-bus';
import { OfflineQueue } from '../../core/offline/offline-queue';
import type { QueuedRequest } from '../../core/offline/queued-movement';
import { ItemLookup, type ScannedItem } from './item-lookup';
import { ScanFeedback } from './scan-feedback';

export type ScanMode = 'IN' | 'OUT' | 'TRANSFER' | 'COUNT';

/** The item just scanned, not yet recorded: its quantity can still change, or the scan be undone. */
export interface CurrentScan {
  readonly code: string;
  readonly item: ScannedItem;
  readonly quantity: number;
}

/** A movement this session recorded (on the phone; `seq` finds it in the queue). */
export interface SessionLine {
  readonly seq: number;
  readonly mode: ScanMode;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
}

export type LineState = 'waiting' | 'refused' | 'sent';

/** The request a scan becomes; a count is the counted quantity (ADJUST), the server records the difference. */
function requestFor(mode: ScanMode, scan: CurrentScan, locationId: string, toLocationId: string): QueuedRequest {
  const { id: itemId } = scan.item;
  const { quantity } = scan;
  switch (mode) {
    case 'IN':
    case 'OUT':
      return { kind: 'movement', body: { itemId, type: mode, quantity, locationId } };
    case 'COUNT':
      return { kind: 'movement', body: { itemId, type: 'ADJUST', quantity, locationId, reason: 'Stocktake' } };
    case 'TRANSFER':
      return { kind: 'transfer', body: { itemId, fromLocationId: locationId, toLocationId, quantity } };
  }
}

/**
 * One scan session: a mode and a location chosen once, then scan after scan. A scan shows its item; the
 * next scan records it (the same code again adds one); Undo drops the current scan, or takes back the
 * last recorded one while it has not been sent.
 */
@Injectable()
export class ScanSession {
  private readonly queue = inject(OfflineQueue);
  private readonly lookup = inject(ItemLookup);
  private readonly feedback = new ScanFeedback();

  readonly mode = signal<ScanMode | null>(null);
  readonly locationId = signal('');
  readonly toLocationId = signal('');
  readonly current = signal<CurrentScan | null>(null);
  readonly unknownCode = signal<string | null>(null);
  readonly noted = signal<readonly string[]>([]);
  readonly lines = signal<readonly SessionLine[]>([]);
  readonly message = signal<string | null>(null);
  /** Scans are handled one after another, in the order they were read. */
  private handling: Promise<void> = Promise.resolve();

  readonly started = computed(() => {
    const mode = this.mode();
    if (!mode || !this.locationId()) return false;
    return mode !== 'TRANSFER' || (this.toLocationId() !== '' && this.toLocationId() !== this.locationId());
  });

  private readonly states = computed(() => {
    const states = new Map<number, LineState>();
    for (const { seq } of this.queue.waiting()) states.set(seq, 'waiting');
    for (const { seq } of this.queue.attention()) states.set(seq, 'refused');
    return states;
  });

  constructor() {
    const bus = inject(LiveBus);
    bus
      .stockChanges()
      .pipe(takeUntilDestroyed())
      .subscribe(({ item }) => item.id === this.current()?.item.id && void this.reread());
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => void this.reread());
  }

  stateOf(line: SessionLine): LineState {
    return this.states().get(line.seq) ?? 'sent';
  }

  /** Starts with the chosen mode and location: the catalogue for it is saved for offline use. */
  begin(): void {
    // Without the network the catalogue saved last time serves: nothing to do, nothing to report.
    void this.lookup.saveCatalogue(this.locationId()).catch(() => undefined);
  }

  scan(code: string): Promise<void> {
    const trimmed = code.trim();
    if (!trimmed || !this.started()) return this.handling;
    return this.inTurn(() => this.handle(trimmed));
  }

  setQuantity(quantity: number): void {
    const current = this.current();
    if (!current || !Number.isInteger(quantity) || quantity < 0) return;
    this.current.set({ ...current, quantity });
  }

  step(by: number): void {
    const current = this.current();
    if (current) this.setQuantity(Math.max(this.minimum(), current.quantity + by));
  }

  /** Records the current scan now (the last one of a run, which no next scan will record). */
  finish(): Promise<void> {
    return this.inTurn(() => this.record());
  }

  async undo(): Promise<void> {
    if (this.current()) {
      this.current.set(null);
      return;
    }
    const [last] = this.lines();
    if (!last) return;
    if (await this.queue.cancel(last.seq)) this.lines.update((lines) => lines.filter(({ seq }) => seq !== last.seq));
    else this.message.set(`${last.sku} has already been sent: reverse it on the Movements page.`);
  }

  note(code: string): void {
    this.noted.update((codes) => (codes.includes(code) ? codes : [...codes, code]));
    this.unknownCode.set(null);
  }

  /** The smallest quantity a movement of this mode can record: a count may find none. */
  minimum(): number {
    return this.mode() === 'COUNT' ? 0 : 1;
  }

  /** After the scans before it; one that fails (the device's storage refused) says so and does not stop the next. */
  private inTurn(step: () => Promise<void>): Promise<void> {
    this.handling = this.handling.then(step).catch((error: unknown) => this.message.set(`Not recorded: ${String(error)}`));
    return this.handling;
  }

  private async handle(code: string): Promise<void> {
    this.message.set(null);
    const current = this.current();
    if (current?.code === code) {
      this.feedback.read(true);
      this.setQuantity(current.quantity + 1);
      return;
    }
    await this.record();
    const item = await this.lookup.find(code, this.locationId());
    this.feedback.read(item !== null);
    this.unknownCode.set(item ? null : code);
    this.current.set(item ? { code, item, quantity: 1 } : null);
  }

  private async record(): Promise<void> {
    const current = this.current();
    const mode = this.mode();
    if (!current || !mode) return;
    this.current.set(null);
    if (current.quantity < this.minimum()) return;
    const request = requestFor(mode, current, this.locationId(), this.toLocationId());
    const { seq } = await this.queue.enqueue(request, { sku: current.item.sku, name: current.item.name });
    this.lines.update((lines) => [{ seq, mode, sku: current.item.sku, name: current.item.name, quantity: current.quantity }, ...lines]);
  }

  private async reread(): Promise<void> {
    const current = this.current();
    if (!current || !this.queue.online()) return;
    const item = await this.lookup.reread(current.item.id, this.locationId()).catch(() => null);
    const now = this.current();
    if (item && now?.item.id === item.id) this.current.set({ ...now, item });
  }
}
