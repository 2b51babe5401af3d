/** The shapes of /work/shared/API.md as the browser sees them (JSON: times are ISO strings). */

export type Role = 'staff' | 'manager';

export interface User {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly role: Role;
}

export interface Session {
  readonly accessToken: string;
  readonly user: User;
}

export interface Actor {
  readonly id: string;
  readonly username: string;
}

export interface ItemFields {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly lowStockThreshold: number;
  readonly price: number | null;
}

export interface Item extends ItemFields {
  readonly id: string;
  readonly quantity: number;
  readonly lowStock: boolean;
  readonly archived: boolean;
  /** The item stream's version, sent back as `If-Match`. */
  readonly version: number;
  readonly updatedAt: string;
}

export interface NewItem extends Partial<Omit<ItemFields, 'sku' | 'name'>> {
  readonly sku: string;
  readonly name: string;
  readonly quantity?: number;
}

export type ItemChanges = Partial<ItemFields>;

export interface ItemQuery {
  readonly search?: string;
  readonly lowStock?: boolean;
  readonly limit?: number;
  readonly cursor?: string | null;
}

export interface ItemPage {
  readonly items: readonly Item[];
  readonly nextCursor: string | null;
}

export type MovementType = 'IN' | 'OUT' | 'ADJUST';

export interface NewMovement {
  readonly itemId: string;
  readonly type: MovementType;
  /** Units for IN and OUT; the counted quantity for ADJUST. */
  readonly quantity: number;
  readonly reason?: string;
  readonly note?: string;
}

export interface StockMovement {
  readonly id: string;
  readonly itemId: string;
  readonly type: MovementType;
  /** Units moved; the signed difference for ADJUST. */
  readonly quantity: number;
  readonly quantityBefore: number;
  readonly quantityAfter: number;
  readonly reason: string | null;
  readonly note: string | null;
  readonly user: Actor | null;
  readonly at: string;
  /** The event's global position; absent in the answer to the POST that recorded it. */
  readonly position?: number;
}

export interface RecordedMovement {
  readonly movement: StockMovement;
  readonly item: Item;
}

export interface MovementQuery {
  readonly itemId?: string;
  readonly type?: MovementType;
  readonly userId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string | null;
}

export interface MovementPage {
  readonly movements: readonly StockMovement[];
  readonly nextCursor: string | null;
}

export interface HistoryEntry {
  readonly position: number;
  readonly type: 'created' | 'updated' | 'archived' | MovementType;
  readonly at: string;
  readonly user: Actor | null;
  readonly before: ItemFields | null;
  readonly after: ItemFields | null;
  readonly quantityBefore: number;
  readonly quantityAfter: number;
  readonly quantity: number | null;
  readonly reason: string | null;
  readonly note: string | null;
}

export interface HistoryPage {
  readonly entries: readonly HistoryEntry[];
  readonly nextCursor: string | null;
}

export interface StockAt {
  readonly quantity: number;
  readonly position: number | null;
}

export interface StoredEvent {
  readonly position: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly userId?: string; readonly username?: string; readonly [key: string]: unknown };
  readonly recordedAt: string;
}

export interface EventQuery {
  readonly streamId?: string;
  readonly type?: string;
  readonly userId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly after?: number;
  readonly limit?: number;
}

export interface ChainVerdict {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBadPosition?: number;
}

export type AlertState = 'pending' | 'sent' | 'failed' | 'preview';

export interface AlertEmail {
  readonly subject?: string;
  readonly to?: string | readonly string[];
  readonly text?: string;
  readonly html?: string;
}

export interface LowStockAlert {
  readonly id: string;
  readonly itemId: string;
  readonly sku?: string;
  readonly name?: string;
  readonly quantity: number;
  readonly threshold: number;
  readonly state: AlertState;
  readonly at?: string;
  readonly position?: number;
  readonly email?: AlertEmail | null;
}

export interface NewUser {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
}

/** /api/health/system: figures whose exact set grows with the backend, so the page shows what it gets. */
export type SystemHealth = Readonly<Record<string, unknown>>;

export interface DockerServices {
  readonly available: boolean;
  readonly reason?: string;
  /** Swarm services, or plain containers when the host is not a Swarm manager. */
  readonly services?: readonly DockerService[];
  readonly containers?: readonly DockerService[];
}

export interface DockerService {
  readonly name: string;
  readonly [detail: string]: unknown;
}

/** A log line as the API gives it: plain text, or an object with its timestamp and text. */
export type LogLine = string | Readonly<Record<string, unknown>>;
