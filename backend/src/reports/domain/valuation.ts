/** Stock worth at a time (GET /api/reports/valuation): pure arithmetic over the units and prices then in force. */

export interface ValuedLocation {
  readonly locationId: string;
  readonly code: string;
  readonly name: string;
}

export interface ValuedItem {
  readonly itemId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
}

/** An item's units at a location at the time, with the item's price then (null: not priced). */
export interface ValuedStock {
  readonly location: ValuedLocation;
  readonly item: ValuedItem;
  readonly quantity: number;
  readonly price: number | null;
}

export interface ValuationLine extends ValuedItem {
  readonly quantity: number;
  readonly price: number | null;
  /** quantity × price; null when the item had no price then. */
  readonly value: number | null;
}

export interface LocationValuation extends ValuedLocation {
  readonly units: number;
  /** The priced lines' sum. */
  readonly value: number;
  /** Lines without a price, left out of `value`. */
  readonly unpriced: number;
  readonly items: readonly ValuationLine[];
}

export interface Valuation {
  /** ISO time the stock is valued at. */
  readonly at: string;
  readonly locationId: string | null;
  readonly units: number;
  readonly value: number;
  readonly unpriced: number;
  readonly locations: readonly LocationValuation[];
}

/** Prices have two decimals at most: summed as whole cents, so that totals carry no float error. */
const cents = (price: number) => Math.round(price * 100);

/** Groups the stock by location (in the order given) and sums units and worth. */
export function valuationOf(at: Date, locationId: string | null, stock: readonly ValuedStock[]): Valuation {
  const locations = new Map<string, { location: ValuedLocation; lines: (ValuationLine & { cents: number | null })[] }>();
  for (const { location, item, quantity, price } of stock) {
    const entry = locations.get(location.locationId) ?? { location, lines: [] };
    locations.set(location.locationId, entry);
    const lineCents = price === null ? null : cents(price) * quantity;
    entry.lines.push({ ...item, quantity, price, value: lineCents === null ? null : lineCents / 100, cents: lineCents });
  }
  const valued = [...locations.values()].map(({ location, lines }) => ({
    ...location,
    units: lines.reduce((sum, line) => sum + line.quantity, 0),
    cents: lines.reduce((sum, line) => sum + (line.cents ?? 0), 0),
    unpriced: lines.filter((line) => line.cents === null).length,
    items: lines.map(({ cents: _cents, ...line }) => line),
  }));
  return {
    at: at.toISOString(),
    locationId,
    units: valued.reduce((sum, location) => sum + location.units, 0),
    value: valued.reduce((sum, location) => sum + location.cents, 0) / 100,
    unpriced: valued.reduce((sum, location) => sum + location.unpriced, 0),
    locations: valued.map(({ cents: total, ...location }) => ({ ...location, value: total / 100 })),
  };
}
