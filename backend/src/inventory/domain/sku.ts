import type { InventoryEvent } from './item-events';

/** 1–64 letters, digits, dots, underscores or hyphens. */
export const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** SKUs are unique regardless of letter case: "ab-1" and "AB-1" are the same SKU. */
export const normaliseSku = (sku: string): string => sku.toUpperCase();

export interface SkuReservation {
  readonly kind: 'sku';
  readonly value: string;
}

const reservation = (sku: string): SkuReservation => ({ kind: 'sku', value: normaliseSku(sku) });

/**
 * The SKUs the events take and give back. An archived item keeps its SKU: history and
 * audit keep naming it, so no new item may take it.
 */
export function skuReservations(events: readonly InventoryEvent[]): { reserve: SkuReservation[]; release: SkuReservation[] } {
  const reserve: SkuReservation[] = [];
  const release: SkuReservation[] = [];
  for (const event of events) {
    if (event.type !== 'ItemChanged') continue;
    const { kind, before, after } = event.data;
    if (kind === 'created') reserve.push(reservation(after.sku));
    if (kind === 'updated' && before && normaliseSku(before.sku) !== normaliseSku(after.sku)) {
      reserve.push(reservation(after.sku));
      release.push(reservation(before.sku));
    }
  }
  return { reserve, release };
}
