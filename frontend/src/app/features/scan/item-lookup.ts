import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom, timeout } from 'rxjs';
import { allItems } from '../../core/api/all-items';
import { ApiClient } from '../../core/api/api-client';
import type { ItemDetail } from '../../core/api/models';
import type { CatalogueItem } from '../../core/offline/offline-db';
import { OfflineQueue } from '../../core/offline/offline-queue';
import { ServerReachability } from '../../core/reachability/server-reachability';

/** A scanned item as the page shows it. */
export interface ScannedItem {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly archived: boolean;
  /** Units per location (absent: none there); null when never read while online. */
  readonly stock: Readonly<Record<string, number>> | null;
  /** When the figures were read, for the ones from the phone's catalogue; null when read just now. */
  readonly readAt: string | null;
}

/** A lookup that takes longer than this is answered from the catalogue: the back room's network may be barely there. */
const LOOKUP_MS = 5000;

const stockOf = (item: ItemDetail): Record<string, number> =>
  Object.fromEntries(item.locations.map(({ locationId, quantity }) => [locationId, quantity]));

const matches = (item: CatalogueItem, code: string) => item.barcode === code || item.sku.toUpperCase() === code.toUpperCase();

const scanned = (item: CatalogueItem, readAt: string | null): ScannedItem => ({
  id: item.id,
  sku: item.sku,
  name: item.name,
  unit: item.unit,
  archived: item.archived,
  stock: item.stock ?? null,
  readAt,
});

const catalogued = (item: ItemDetail): CatalogueItem => ({
  id: item.id,
  sku: item.sku,
  barcode: item.barcode,
  name: item.name,
  unit: item.unit,
  archived: item.archived,
  stock: stockOf(item),
});

/**
 * Finds the item a code names: the server when it can be reached (and then the phone's catalogue for
 * the location learns the answer), else the catalogue the phone saved the last time it was online.
 */
@Injectable()
export class ItemLookup {
  private readonly api = inject(ApiClient);
  private readonly queue = inject(OfflineQueue);
  private readonly reachability = inject(ServerReachability);

  private get online(): boolean {
    return this.queue.online() && !this.reachability.unreachable();
  }

  /** Saves every item with its codes for `locationId`, keeping the stock figures already known. */
  async saveCatalogue(locationId: string): Promise<void> {
    if (!this.online) return;
    const [items, saved] = await Promise.all([firstValueFrom(allItems(this.api)), this.queue.db.catalogue(locationId)]);
    const known = new Map((saved?.items ?? []).map((item) => [item.id, item.stock]));
    await this.queue.db.saveCatalogue({
      locationId,
      savedAt: new Date().toISOString(),
      items: items.map((item) => ({
        id: item.id,
        sku: item.sku,
        barcode: item.barcode,
        name: item.name,
        unit: item.unit,
        archived: item.archived,
        stock: known.get(item.id),
      })),
    });
  }

  /** The item, or null when no item has this code. */
  async find(code: string, locationId: string): Promise<ScannedItem | null> {
    if (this.online) {
      try {
        const item = await firstValueFrom(this.api.itemByCode(code).pipe(timeout(LOOKUP_MS)));
        await this.remember(locationId, catalogued(item));
        return scanned(catalogued(item), null);
      } catch (error: unknown) {
        if (error instanceof HttpErrorResponse && error.status === 404) return null;
      }
    }
    const catalogue = await this.queue.db.catalogue(locationId);
    const item = catalogue?.items.find((candidate) => matches(candidate, code));
    return item && catalogue ? scanned(item, catalogue.savedAt) : null;
  }

  /** The item read again (a colleague moved it). */
  async reread(id: string, locationId: string): Promise<ScannedItem> {
    const item = catalogued(await firstValueFrom(this.api.getItem(id)));
    await this.remember(locationId, item);
    return scanned(item, null);
  }

  private async remember(locationId: string, item: CatalogueItem): Promise<void> {
    const saved = await this.queue.db.catalogue(locationId);
    const items = [...(saved?.items ?? []).filter(({ id }) => id !== item.id), item];
    await this.queue.db.saveCatalogue({ locationId, savedAt: saved?.savedAt ?? new Date().toISOString(), items });
  }
}
