import { barcodeReservations, type BarcodeReservation } from './barcode';
import type { InventoryEvent } from './item-events';
import { skuReservations, type SkuReservation } from './sku';

export interface ItemReservations {
  readonly reserve: (SkuReservation | BarcodeReservation)[];
  readonly release: (SkuReservation | BarcodeReservation)[];
}

/** The unique values (SKUs, barcodes) the events take and give back. */
export function itemReservations(events: readonly InventoryEvent[]): ItemReservations {
  const skus = skuReservations(events);
  const barcodes = barcodeReservations(events);
  return { reserve: [...skus.reserve, ...barcodes.reserve], release: [...skus.release, ...barcodes.release] };
}
