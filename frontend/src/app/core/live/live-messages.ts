import type { Item, LowStockAlert, StockLocation, StockMovement } from '../api/models';

/** What each live message type carries: the read-model row as the REST API returns it. */
export interface LiveEvents {
  'item.created': Item;
  'item.updated': Item;
  'item.archived': Item;
  'item.restored': Item;
  /** The movement as GET /api/stock-movements lists it, and the item as it stands (at or after it). */
  'stock.moved': { readonly movement: StockMovement; readonly item: Item };
  /** A transfer as GET /api/stock-movements lists it (type TRANSFER, `locationId` its source), and the item (its total unchanged). */
  'stock.transferred': { readonly transfer: StockMovement; readonly item: Item };
  /** The location as GET /api/locations lists it after the change (created, renamed or archived). */
  'location.changed': StockLocation;
  'alert.low_stock': LowStockAlert;
  /** A stocktake opened, counted or posted: which one and what happened, never a figure (counts are blind). */
  'stocktake.changed': StocktakeChange;
}

export interface StocktakeChange {
  readonly id: string;
  readonly kind: 'opened' | 'counted' | 'posted';
  readonly status: 'open' | 'posted';
  readonly itemId: string | null;
}

export type LiveType = keyof LiveEvents;

export const LIVE_TYPES: readonly LiveType[] = [
  'item.created',
  'item.updated',
  'item.archived',
  'item.restored',
  'stock.moved',
  'stock.transferred',
  'location.changed',
  'stocktake.changed',
  'alert.low_stock',
];

export type LiveMessage<Type extends LiveType = LiveType> = Type extends LiveType
  ? { readonly type: Type; readonly position: number; readonly data: LiveEvents[Type] }
  : never;

/** Asked for on the URL of every reconnect that knows a position, so the server replays what was missed before anything live. */
export interface ResumePoint {
  readonly after: number;
  readonly epoch: string | undefined;
}

export type ConnectionState = 'offline' | 'connecting' | 'live' | 'reconnecting';
