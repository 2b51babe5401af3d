import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import type {
  ChainVerdict,
  DockerServices,
  EventPage,
  EventQuery,
  HistoryPage,
  Item,
  ItemChanges,
  ItemPage,
  ItemQuery,
  LogLine,
  LowStockAlert,
  MovementPage,
  MovementQuery,
  NewItem,
  NewMovement,
  NewUser,
  RecordedMovement,
  Role,
  Session,
  StockAt,
  SystemHealth,
  User,
} from './models';

/** The largest `limit` a list endpoint accepts. */
export const MAX_PAGE = 200;

type QueryValue = string | number | boolean | null | undefined;

/** Query parameters without the unset ones, so `?search=` is never sent empty. */
function queryParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query) as [string, QueryValue][]) {
    if (value !== undefined && value !== null && value !== '' && value !== false) params = params.set(key, String(value));
  }
  return params;
}

/** Lists come as a bare array or wrapped as `{<key>: [...]}`; both are accepted. */
const listOf =
  <T>(key: string) =>
  (body: readonly T[] | Readonly<Record<string, readonly T[] | undefined>>): readonly T[] =>
    Array.isArray(body) ? body : ((body as Record<string, readonly T[] | undefined>)[key] ?? []);

/** Every REST call of API.md, typed. The bearer token is added by `authInterceptor`. */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  login(username: string, password: string): Observable<Session> {
    return this.http.post<Session>('/api/auth/login', { username, password });
  }

  /** The answer is the same whether or not the email already has an account, so it names no user id. */
  register(username: string, email: string, password: string): Observable<{ user: Pick<User, 'username' | 'email' | 'role'> }> {
    return this.http.post<{ user: Pick<User, 'username' | 'email' | 'role'> }>('/api/auth/register', { username, email, password });
  }

  /** A new access token for the session the httpOnly refresh cookie names (which the answer rotates). */
  refresh(): Observable<Session> {
    return this.http.post<Session>('/api/auth/refresh', null);
  }

  logout(): Observable<unknown> {
    return this.http.post('/api/auth/logout', null);
  }

  me(): Observable<User> {
    return this.http.get<User>('/api/auth/me');
  }

  listUsers(): Observable<readonly User[]> {
    return this.http.get<readonly User[]>('/api/users').pipe(map(listOf<User>('users')));
  }

  createUser(user: NewUser): Observable<User> {
    return this.http.post<User>('/api/users', user);
  }

  changeRole(id: string, role: Role): Observable<User> {
    return this.http.patch<User>(`/api/users/${encodeURIComponent(id)}`, { role });
  }

  listItems(query: ItemQuery): Observable<ItemPage> {
    return this.http.get<ItemPage>('/api/items', { params: queryParams(query) });
  }

  getItem(id: string): Observable<Item> {
    return this.http.get<Item>(`/api/items/${encodeURIComponent(id)}`);
  }

  createItem(item: NewItem): Observable<Item> {
    return this.http.post<Item>('/api/items', item);
  }

  updateItem(id: string, changes: ItemChanges, version?: number): Observable<Item> {
    const headers = version === undefined ? undefined : new HttpHeaders({ 'If-Match': String(version) });
    return this.http.patch<Item>(`/api/items/${encodeURIComponent(id)}`, changes, { headers });
  }

  archiveItem(id: string): Observable<unknown> {
    return this.http.delete(`/api/items/${encodeURIComponent(id)}`);
  }

  itemHistory(id: string, cursor?: string | null, limit = 100): Observable<HistoryPage> {
    return this.http.get<HistoryPage>(`/api/items/${encodeURIComponent(id)}/history`, {
      params: queryParams({ limit, cursor }),
    });
  }

  stockAt(id: string, at: Date): Observable<StockAt> {
    return this.http.get<StockAt>(`/api/items/${encodeURIComponent(id)}/stock-at`, {
      params: queryParams({ at: at.toISOString() }),
    });
  }

  recordMovement(movement: NewMovement, idempotencyKey: string): Observable<RecordedMovement> {
    return this.http.post<RecordedMovement>('/api/stock-movements', movement, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  listMovements(query: MovementQuery): Observable<MovementPage> {
    return this.http.get<MovementPage>('/api/stock-movements', { params: queryParams(query) });
  }

  listEvents(query: EventQuery): Observable<EventPage> {
    return this.http.get<EventPage>('/api/events', { params: queryParams(query) });
  }

  exportEvents(query: EventQuery): Observable<Blob> {
    return this.http.get('/api/events/export', {
      params: queryParams(query),
      headers: new HttpHeaders({ Accept: 'text/csv' }),
      responseType: 'blob',
    });
  }

  verifyEvents(): Observable<ChainVerdict> {
    return this.http.get<ChainVerdict>('/api/events/verify');
  }

  listAlerts(): Observable<readonly LowStockAlert[]> {
    return this.http.get<readonly LowStockAlert[]>('/api/alerts').pipe(map(listOf<LowStockAlert>('alerts')));
  }

  systemHealth(): Observable<SystemHealth> {
    return this.http.get<SystemHealth>('/api/health/system');
  }

  services(): Observable<DockerServices> {
    return this.http.get<DockerServices>('/api/health/services');
  }

  serviceLogs(name: string, tail = 100): Observable<readonly LogLine[]> {
    return this.http
      .get<readonly LogLine[]>(`/api/health/services/${encodeURIComponent(name)}/logs`, { params: queryParams({ tail }) })
      .pipe(map(listOf<LogLine>('lines')));
  }
}
