import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import { ApiClient } from '../api/api-client';
import type { LocationChanges, NewLocation, PositionedLocation, StockLocation } from '../api/models';
import { LiveBus } from '../live/live-bus';
import { LoadState } from '../../shared/load-state';

/** The location that always exists: stock recorded without a location is there. */
export const MAIN_LOCATION_ID = '00000000-0000-4000-8000-00000000a001';

/** The API's order: the main location first, then by code regardless of case, then by id. */
function compareLocations(a: StockLocation, b: StockLocation): number {
  if (a.id === MAIN_LOCATION_ID || b.id === MAIN_LOCATION_ID) return a.id === MAIN_LOCATION_ID ? (b.id === a.id ? 0 : -1) : 1;
  const [left, right] = [a.code.toUpperCase(), b.code.toUpperCase()];
  return left < right ? -1 : left > right ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The list with `location` in its place, replacing the row of the same id. */
function withLocation(locations: readonly StockLocation[], location: StockLocation): readonly StockLocation[] {
  return [...locations.filter(({ id }) => id !== location.id), location].sort(compareLocations);
}

/**
 * Every location, for every page that names or picks one: fetched once, then kept current by
 * `location.changed`; a live reset fetches them again.
 */
@Injectable({ providedIn: 'root' })
export class LocationsStore {
  private readonly api = inject(ApiClient);

  readonly state = new LoadState();
  readonly all = signal<readonly StockLocation[]>([]);
  /** The ones stock may move at. */
  readonly active = computed(() => this.all().filter((location) => !location.archived));
  private readonly byId = computed(() => new Map(this.all().map((location) => [location.id, location])));
  /** Each location's last change shown (a write's answer or a message): an older message arriving after it changes nothing. */
  private readonly shownAt = new Map<string, number>();

  constructor() {
    const bus = inject(LiveBus);
    bus.on('location.changed').subscribe(({ data, position }) => this.keep(data, position));
    bus.resets.subscribe(() => this.state.loaded() && this.load());
  }

  /** Fetches them unless they are known or on their way. */
  ensureLoaded(): void {
    if (!this.state.loaded() && !this.state.loading()) this.load();
  }

  load(): void {
    this.state.track(this.api.listLocations()).subscribe((locations) => {
      this.shownAt.clear();
      this.all.set([...locations].sort(compareLocations));
    });
  }

  find(id: string): StockLocation | undefined {
    return this.byId().get(id);
  }

  create(location: NewLocation): Observable<StockLocation> {
    return this.api.createLocation(location).pipe(tap((created) => this.answered(created)));
  }

  rename(location: StockLocation, changes: LocationChanges): Observable<StockLocation> {
    return this.api.renameLocation(location.id, changes).pipe(tap((renamed) => this.answered(renamed)));
  }

  /** Refused (409) for the main location and while the location holds stock (`unitsHeld` says how much). */
  archive(location: StockLocation): Observable<StockLocation> {
    return this.api.archiveLocation(location.id).pipe(tap((archived) => this.answered(archived)));
  }

  private answered({ id, code, name, archived, position }: PositionedLocation): void {
    this.keep({ id, code, name, archived }, position);
  }

  private keep(location: StockLocation, position: number): void {
    if ((this.shownAt.get(location.id) ?? -1) >= position) return;
    this.shownAt.set(location.id, position);
    this.all.update((locations) => withLocation(locations, location));
  }
}
