/** The shapes of docs/API.md as the browser sees them (JSON: times are ISO strings). */

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

export interface EventPage {
  readonly events: readonly StoredEvent[];
  /** The last position of this page when more events match: the next page's `after`. */
  readonly nextCursor: string | null;
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
  /** The log compared with the chain's anchor kept outside the database, when one is configured. */
  readonly anchor?: { readonly intact: boolean; readonly message: string };
}

export type AlertState = 'pending' | 'sent' | 'failed' | 'preview';

export interface AlertEmail {
  /** Empty, like `from`, in a preview made without mail settings. */
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** GET /api/alerts rows, and the data of `alert.low_stock` messages (as of that event). */
export interface LowStockAlert {
  readonly id: string;
  readonly itemId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly quantity: number;
  readonly threshold: number;
  readonly position: number;
  readonly raisedAt: string;
  readonly state: AlertState;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly settledAt: string | null;
  readonly email: AlertEmail | null;
}

export interface NewUser {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
}

export interface ProjectionLag {
  readonly name: string;
  readonly position: number;
  /** Stored events after its checkpoint, not yet applied. */
  readonly behind: number;
  readonly updatedAt: string;
  readonly behindSince: string | null;
  readonly lagging: boolean;
}

export interface CountedFigure {
  readonly labels: Readonly<Record<string, string>>;
  readonly count: number;
}

/** /api/health/system: this replica's process and traffic, and the shared store and projections. */
export interface SystemHealth {
  readonly at: string;
  readonly process: {
    readonly pid: number;
    readonly nodeVersion: string;
    readonly uptimeSeconds: number;
    readonly memory: { readonly rssBytes: number; readonly heapUsedBytes: number; readonly heapTotalBytes: number };
    readonly eventLoop: { readonly meanSeconds: number; readonly p99Seconds: number; readonly maxSeconds: number };
  };
  readonly database: { readonly pool: { readonly total: number; readonly idle: number; readonly waiting: number } };
  readonly eventStore: {
    readonly events: number;
    readonly tableBytes: number;
    readonly headPosition: number;
    readonly eventsLastMinute: number;
    readonly eventsPerSecond: number;
  };
  readonly lagBound: { readonly maxEvents: number; readonly maxSeconds: number };
  readonly projections: readonly ProjectionLag[];
  readonly webSocketClients: number;
  /** Null when no alerts module reports them. */
  readonly pendingAlerts: number | null;
  readonly traffic: {
    readonly commands: readonly CountedFigure[];
    readonly eventsAppended: readonly CountedFigure[];
    readonly alertOutcomes: readonly CountedFigure[];
  };
  readonly notes: readonly string[];
}

export interface SwarmTask {
  readonly id: string;
  readonly slot: number | null;
  readonly state: string;
  readonly desiredState: string;
  readonly message: string;
  readonly error: string | null;
}

export interface SwarmService {
  readonly name: string;
  readonly image: string;
  readonly mode: string;
  readonly replicas: { readonly running: number; readonly desired: number };
  readonly tasks: readonly SwarmTask[];
}

export interface StackContainer {
  readonly name: string;
  readonly image: string;
  readonly state: string;
  readonly status: string;
}

export type DockerServices =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly engineVersion: string;
      readonly stack: string;
      readonly swarmManager: boolean;
      readonly services: readonly SwarmService[];
      readonly containers: readonly StackContainer[];
    };

export interface LogLine {
  readonly timestamp: string;
  readonly stream: 'stdout' | 'stderr';
  readonly message: string;
}
