import { Injectable } from '@nestjs/common';
import { EventStore } from '../event-store';
import { BARCODE, fold, normaliseSku, type InventoryEvent, type Item } from '../inventory';

type ExistingItem = Exclude<Item, { status: 'absent' }>;

/** Streams read per query: one index probe each. */
const CHUNK = 2_000;
const SKU = 'sku';

/**
 * Items as their streams are now (not a read model that may lag): a preview is decided on exactly
 * the versions that applying will expect, and an export writes what a preview compares with.
 */
@Injectable()
export class ItemCatalogue {
  constructor(private readonly store: EventStore) {}

  /** The items holding these SKUs (as written or not), by normalised SKU; archived ones included. */
  async bySkus(skus: readonly string[]): Promise<ReadonlyMap<string, ExistingItem>> {
    const holders = await this.store.reservationHolders(SKU, [...new Set(skus.map(normaliseSku))]);
    const items = await this.fold([...new Set(holders.values())]);
    return new Map(items.map((item) => [normaliseSku(item.fields.sku), item]));
  }

  /** Which item stream holds each of these barcodes (exactly as written). */
  barcodeHolders(barcodes: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return this.store.reservationHolders(BARCODE, [...new Set(barcodes)]);
  }

  /** Every item, archived ones included, by SKU. */
  async all(): Promise<ExistingItem[]> {
    return this.fold(await this.store.reservationStreams(SKU));
  }

  private async fold(streamIds: readonly string[]): Promise<ExistingItem[]> {
    const items: ExistingItem[] = [];
    for (let start = 0; start < streamIds.length; start += CHUNK) {
      const chunk = streamIds.slice(start, start + CHUNK);
      const streams = await this.store.readStreams(new Map(chunk.map((streamId) => [streamId, 0])));
      for (const streamId of chunk) {
        const item = fold((streams.get(streamId) ?? []) as unknown as InventoryEvent[]);
        if (item.status !== 'absent') items.push(item);
      }
    }
    return items;
  }
}
