import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, HostListener, OnDestroy, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { StockLocation } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { LocationsStore } from '../../core/locations/locations-store';
import { OfflineQueue } from '../../core/offline/offline-queue';
import { rememberLocation, rememberedLocation } from '../movements/chosen-location';
import { CameraScanner } from './camera-scanner';
import { ItemLookup } from './item-lookup';
import { NeedsAttention } from './needs-attention';
import { ScanSession, type ScanMode } from './scan-session';
import { UnknownCode } from './unknown-code';
import { WedgeReader } from './wedge-reader';

const MODES: readonly { readonly mode: ScanMode; readonly label: string }[] = [
  { mode: 'IN', label: 'Receive (IN)' },
  { mode: 'OUT', label: 'Issue (OUT)' },
  { mode: 'TRANSFER', label: 'Transfer' },
  { mode: 'COUNT', label: 'Count' },
];

const LINE_STATES = { waiting: 'Waiting to be sent', refused: 'Refused: see below', sent: 'Recorded' } as const;

/** Floor mode: scan after scan with the phone's camera or a scanner, online or not. */
@Component({
  selector: 'ims-scan-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, CameraScanner, NeedsAttention, UnknownCode],
  providers: [ScanSession, ItemLookup],
  templateUrl: './scan-page.html',
  styleUrl: './scan-page.scss',
})
export class ScanPage implements OnDestroy {
  protected readonly session = inject(ScanSession);
  protected readonly queue = inject(OfflineQueue);
  protected readonly locations = inject(LocationsStore);
  protected readonly auth = inject(AuthStore);
  protected readonly modes = MODES;
  protected readonly lineStates = LINE_STATES;
  protected readonly typedCode = signal('');
  private readonly wedge = new WedgeReader();
  private readonly userId = this.auth.user()?.id;

  protected readonly modeLabel = computed(() => MODES.find(({ mode }) => mode === this.session.mode())?.label ?? '');
  protected readonly setUp = signal(false);

  /** The locations as last saved on this device, until (or unless) the list arrives from the server. */
  private readonly saved = signal<readonly StockLocation[]>([]);
  protected readonly choices = computed(() =>
    (this.locations.state.loaded() ? this.locations.all() : this.saved()).filter((location) => !location.archived),
  );

  constructor() {
    this.locations.ensureLoaded();
    this.session.locationId.set(rememberedLocation(this.userId));
    void this.queue.db.locations().then((locations) => this.saved.set(locations));
    effect(() => {
      if (this.locations.state.loaded()) void this.queue.db.saveLocations(this.locations.all());
    });
  }

  protected locationCode(id: string): string {
    return this.choices().find((location) => location.id === id)?.code ?? '…';
  }

  /** The units at `locationId` as the page knows them, or null when not known (offline, never read). */
  protected unitsAt(locationId: string): number | null {
    const stock = this.session.current()?.item.stock;
    return stock ? (stock[locationId] ?? 0) : null;
  }

  protected begin(): void {
    if (!this.session.started()) return;
    rememberLocation(this.userId, this.session.locationId());
    this.session.begin();
    this.setUp.set(true);
  }

  protected change(): void {
    void this.session.finish();
    this.setUp.set(false);
  }

  protected submitTyped(): void {
    void this.session.scan(this.typedCode());
    this.typedCode.set('');
  }

  protected quantityInput(value: string): void {
    this.session.setQuantity(Number(value));
  }

  /** A keyboard-wedge scanner types into whatever has focus; typing into a field is left to that field. */
  @HostListener('document:keydown', ['$event'])
  protected keydown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (!this.setUp() || target?.closest('input, textarea, select')) return;
    const code = this.wedge.key(event.key, event.timeStamp);
    if (code) {
      event.preventDefault();
      void this.session.scan(code);
    }
  }

  ngOnDestroy(): void {
    void this.session.finish();
  }
}
