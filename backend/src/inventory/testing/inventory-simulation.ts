import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { AppendRequest } from '../../event-store/append-request';
import type { EventStore } from '../../event-store/event-store';
import {
  itemStreamId,
  MAIN_LOCATION_ID,
  transferred,
  type InventoryEvent,
  type InventoryEventMetadata,
  type ItemFields,
  type MovementType,
} from '../domain/item-events';

/**
 * Valid inventory streams for tests, the restore drill and the replay benchmark, written straight
 * to the event store so the read side can be exercised without the command side. Deterministic
 * for a seed: items are created, moved in, out and by stocktake, edited and now and then archived;
 * given locations, moved at them and transferred between them.
 */

export interface SimulatedEvent {
  readonly streamId: string;
  /** The version the stream had before this event. */
  readonly expectedVersion: number;
  readonly event: InventoryEvent & { readonly metadata: InventoryEventMetadata };
}

interface SimulatedItem {
  readonly id: string;
  version: number;
  quantity: number;
  fields: ItemFields;
  /** Units per location, kept only when the simulation has locations. */
  readonly stock: Map<string, number>;
}

export interface SimulationOptions {
  readonly seed?: number;
  /** Chance that an event archives its item (which then gets no more events). */
  readonly archiveRate?: number;
  /** Chance that an event edits its item's fields. */
  readonly editRate?: number;
  /**
   * Locations besides the main one where stock moves. Without any, every movement is at the main
   * location and carries no `locationId`, as movements recorded before there were locations.
   */
  readonly locations?: readonly string[];
  /** Chance that a change of stock is a transfer between two locations (with `locations`). */
  readonly transferRate?: number;
  /** Starts every SKU, so that simulations running side by side name their items apart. */
  readonly skuPrefix?: string;
}

const USERNAMES = ['ada', 'grace', 'linus', 'margaret', 'barbara'] as const;

/** The simulated users take turns. */
const userOf = (turn: number) => {
  const n = turn % USERNAMES.length;
  return { userId: `00000000-0000-4000-8000-00000000000${n + 1}`, username: USERNAMES[n] ?? USERNAMES[0] };
};

/** A uuid derived from text, so a seed always names the same items and movements. */
function uuidOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class InventorySimulation {
  private readonly items: SimulatedItem[] = [];
  private readonly live: SimulatedItem[] = [];
  private state: number;
  private counter = 0;

  constructor(
    private readonly itemCount: number,
    private readonly options: SimulationOptions = {},
  ) {
    this.state = options.seed ?? 1;
  }

  /** The next event: creates the items first, then changes a random live one. */
  next(): SimulatedEvent | undefined {
    this.counter += 1;
    if (this.items.length < this.itemCount) return this.create();
    if (this.live.length === 0) return undefined;
    const item = this.live[Math.floor(this.random() * this.live.length)];
    if (item === undefined) return undefined;
    const roll = this.random();
    if (roll < (this.options.archiveRate ?? 0)) return this.change(item, 'archived', item.fields);
    if (roll < (this.options.archiveRate ?? 0) + (this.options.editRate ?? 0.05)) {
      const price = Math.round(this.random() * 10_000) / 100;
      return this.change(item, 'updated', { ...item.fields, name: `${item.fields.name.split(' v')[0]} v${this.counter}`, price });
    }
    return this.move(item);
  }

  /** `count` events (fewer if every item got archived). */
  take(count: number): SimulatedEvent[] {
    const events: SimulatedEvent[] = [];
    for (let n = 0; n < count; n += 1) {
      const event = this.next();
      if (!event) break;
      events.push(event);
    }
    return events;
  }

  private create(): SimulatedEvent {
    const n = this.items.length;
    const fields: ItemFields = {
      sku: `${this.options.skuPrefix ?? 'SKU'}-${String(n).padStart(6, '0')}`,
      name: `Item ${n}`,
      description: n % 3 === 0 ? `Reagent shelf ${n % 17}` : '',
      unit: n % 2 === 0 ? 'pcs' : 'box',
      lowStockThreshold: n % 10,
      price: n % 4 === 0 ? null : (n % 97) + 0.5,
      reorderPoint: n % 5 === 0 ? null : 5 + (n % 20),
      reorderQuantity: n % 3 === 0 ? null : 10 * (1 + (n % 4)),
      leadTimeDays: n % 5 === 0 ? null : n % 15,
    };
    const quantity = n % 30;
    const item: SimulatedItem = {
      id: uuidOf(`item-${this.options.seed ?? 1}-${n}`),
      version: 0,
      quantity,
      fields,
      stock: new Map([[MAIN_LOCATION_ID, quantity]]),
    };
    this.items.push(item);
    this.live.push(item);
    return this.emit(item, {
      type: 'ItemChanged',
      data: { itemId: item.id, kind: 'created', before: null, after: fields, quantity: item.quantity, reason: null },
    });
  }

  private change(item: SimulatedItem, kind: 'updated' | 'archived', after: ItemFields): SimulatedEvent {
    const before = item.fields;
    item.fields = after;
    if (kind === 'archived') this.live.splice(this.live.indexOf(item), 1);
    return this.emit(item, {
      type: 'ItemChanged',
      data: { itemId: item.id, kind, before, after, quantity: item.quantity, reason: kind === 'archived' ? 'discontinued' : 'price list' },
    });
  }

  private move(item: SimulatedItem): SimulatedEvent {
    const places = this.options.locations && [MAIN_LOCATION_ID, ...this.options.locations];
    if (places && this.random() < (this.options.transferRate ?? 0)) {
      const transfer = this.transfer(item, places);
      if (transfer) return transfer;
    }
    const location = places && this.pick(places);
    const available = location === undefined ? item.quantity : (item.stock.get(location) ?? 0);
    const roll = this.random();
    const amount = 1 + Math.floor(this.random() * 20);
    const type: MovementType = roll < 0.15 ? 'ADJUST' : roll < 0.55 && available >= amount ? 'OUT' : 'IN';
    const moved = type === 'ADJUST' ? Math.floor(this.random() * 60) - available : type === 'OUT' ? -amount : amount;
    const quantity = type === 'ADJUST' ? moved : amount;
    const before = item.quantity;
    const after = before + moved;
    item.quantity = after;
    if (location !== undefined) item.stock.set(location, available + moved);
    return this.emit(item, {
      type: 'StockMoved',
      data: {
        itemId: item.id,
        movementId: uuidOf(`movement-${this.options.seed ?? 1}-${this.counter}`),
        type,
        quantity,
        quantityBefore: before,
        quantityAfter: after,
        reason: type === 'OUT' ? 'issued' : type === 'IN' ? 'delivery' : 'stocktake',
        note: this.counter % 5 === 0 ? `note ${this.counter}` : null,
        ...(location !== undefined && { locationId: location }),
      },
    });
  }

  /** Some of the units at a location that holds any, to another; undefined when no location holds any. */
  private transfer(item: SimulatedItem, places: readonly string[]): SimulatedEvent | undefined {
    const holding = places.filter((place) => (item.stock.get(place) ?? 0) > 0);
    const from = holding.length > 0 ? this.pick(holding) : undefined;
    if (from === undefined) return undefined;
    const to = this.pick(places.filter((place) => place !== from));
    const fromBefore = item.stock.get(from) ?? 0;
    const toBefore = item.stock.get(to) ?? 0;
    const quantity = 1 + Math.floor(this.random() * fromBefore);
    item.stock.set(from, fromBefore - quantity);
    item.stock.set(to, toBefore + quantity);
    return this.emit(
      item,
      transferred({
        itemId: item.id,
        transferId: uuidOf(`transfer-${this.options.seed ?? 1}-${this.counter}`),
        fromLocationId: from,
        toLocationId: to,
        quantity,
        quantityTotal: item.quantity,
        fromBefore,
        toBefore,
        reason: 'rebalance',
      }),
    );
  }

  private pick<T>(choices: readonly T[]): T {
    const choice = choices[Math.floor(this.random() * choices.length)];
    if (choice === undefined) throw new Error('nothing to pick from');
    return choice;
  }

  private emit(item: SimulatedItem, event: InventoryEvent): SimulatedEvent {
    const user = userOf(this.counter);
    const expectedVersion = item.version;
    item.version += 1;
    return {
      streamId: itemStreamId(item.id),
      expectedVersion,
      event: { ...event, metadata: { ...user, correlationId: uuidOf(`correlation-${this.counter}`) } },
    };
  }

  /** mulberry32: small, fast and good enough to vary test data. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** Appends through the store, one append per event, as the command side does. */
export async function appendThroughStore(store: EventStore, events: readonly SimulatedEvent[]): Promise<number[]> {
  const positions: number[] = [];
  for (const simulated of events) positions.push(...(await store.append(toRequest(simulated)).then(positionsOf)));
  return positions;
}

export const toRequest = ({ streamId, expectedVersion, event }: SimulatedEvent): AppendRequest => ({
  streamId,
  expectedVersion,
  events: [event],
});

const positionsOf = (outcome: Awaited<ReturnType<EventStore['append']>>) => (outcome.status === 'appended' ? [...outcome.positions] : []);

/**
 * Inserts many events per statement with the times given (`at(n)` for the n-th), for data sets
 * too large to append one by one and for tests that need a known past. The table's trigger still
 * chains every hash; streams must come in version order.
 */
export async function insertEvents(
  pool: Pick<Pool, 'query'>,
  events: readonly SimulatedEvent[],
  at: (n: number) => Date,
  offset = 0,
): Promise<void> {
  await pool.query(
    `INSERT INTO events (stream_id, stream_version, type, data, metadata, recorded_at)
     SELECT stream_id, stream_version, type, data, metadata, recorded_at
       FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::jsonb[], $6::timestamptz[])
            WITH ORDINALITY AS x(stream_id, stream_version, type, data, metadata, recorded_at, n)
      ORDER BY n`,
    [
      events.map((e) => e.streamId),
      events.map((e) => e.expectedVersion + 1),
      events.map((e) => e.event.type),
      events.map((e) => JSON.stringify(e.event.data)),
      events.map((e) => JSON.stringify(e.event.metadata)),
      events.map((_, n) => at(offset + n)),
    ],
  );
}
