/** REST calls for arranging a test's data, as another client of the API would make them. */
export interface Session {
  readonly accessToken: string;
  readonly user: { readonly id: string; readonly username: string; readonly email: string; readonly role: string };
}

export interface ItemRow {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly lowStock: boolean;
  readonly version: number;
}

export interface LocationRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly archived: boolean;
}

/**
 * The highest position a write of any client of this test process answered: every read waits for it
 * (`X-Min-Position`), as the app's reads wait for its own writes, so a test reads what its clients wrote.
 */
let written = 0;

export class Api {
  constructor(
    readonly baseUrl: string,
    readonly session?: Session,
  ) {}

  static async signIn(baseUrl: string, username: string, password: string): Promise<Api> {
    return new Api(baseUrl, await new Api(baseUrl).call<Session>('POST', '/api/auth/login', { username, password }));
  }

  /** Registers a staff account and signs it in. */
  static async register(baseUrl: string, username: string, password: string): Promise<Api> {
    await new Api(baseUrl).call('POST', '/api/auth/register', { username, email: `${username}@e2e.test`, password });
    return Api.signIn(baseUrl, username, password);
  }

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.session ? { Authorization: `Bearer ${this.session.accessToken}` } : {}),
        ...(method === 'GET' && written > 0 ? { 'X-Min-Position': String(written) } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    written = Math.max(written, Number(response.headers.get('x-position') ?? 0));
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createItem(item: {
    sku: string;
    name: string;
    quantity?: number;
    lowStockThreshold?: number;
    price?: number;
    unit?: string;
  }): Promise<ItemRow> {
    return this.call<ItemRow>('POST', '/api/items', item);
  }

  item(id: string): Promise<ItemRow> {
    return this.call<ItemRow>('GET', `/api/items/${id}`);
  }

  /** At the main location unless `locationId` says where. */
  move(itemId: string, type: 'IN' | 'OUT' | 'ADJUST', quantity: number, reason?: string, locationId?: string): Promise<unknown> {
    return this.call('POST', '/api/stock-movements', { itemId, type, quantity, reason, locationId });
  }

  createLocation(code: string, name: string): Promise<LocationRow> {
    return this.call<LocationRow>('POST', '/api/locations', { code, name });
  }

  history(itemId: string): Promise<{ entries: { type: string; quantityAfter: number; user: { username: string } | null }[] }> {
    return this.call('GET', `/api/items/${itemId}/history?limit=200`);
  }
}

/** A SKU no other test run uses, so tests never depend on each other's items. */
/** The location every store starts with (migration 012). */
export const MAIN_LOCATION_ID = '00000000-0000-4000-8000-00000000a001';

export const uniqueSku = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

/** A location code no other test uses (codes stay taken once archived). */
export const uniqueCode = (prefix: string) => uniqueSku(prefix).slice(0, 32);
