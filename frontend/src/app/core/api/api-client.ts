import { HttpClient, HttpContext, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { READS_READ_MODELS } from './read-your-writes.interceptor';
import type {
  AlertList,
  AppliedImport,
  ImportKind,
  ImportPreview,
  SheetFormat,
  ApiToken,
  ApiTokenList,
  CreatedApiToken,
  NewApiToken,
  ChainVerdict,
  DockerServices,
  EventPage,
  EventQuery,
  HistoryPage,
  ItemChanges,
  ItemDetail,
  ItemPage,
  ItemQuery,
  LabelsQuery,
  LocationChanges,
  LocationThreshold,
  LogLine,
  LowStockAlert,
  MovementPage,
  MovementQuery,
  NewItem,
  NewLocation,
  NewMovement,
  NewTransfer,
  NewUser,
  PositionedItem,
  PositionedLocation,
  PositionedUser,
  SessionList,
  SignInSession,
  TemporaryPassword,
  EmailedResetLink,
  RecordedMovement,
  RecordedTransfer,
  ReversalPreview,
  Registration,
  ResourceHistory,
  Role,
  ServiceLogs,
  Session,
  StockAt,
  StockLocation,
  SystemHealth,
  User,
  UserList,
  UserView,
  ReportName,
  ReportQuery,
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

/** Every REST call of docs/API.md, typed. The bearer token is added by `authInterceptor`. */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  login(username: string, password: string): Observable<Session> {
    return this.http.post<Session>('/api/auth/login', { username, password });
  }

  /** The answer is the same whether or not the email already has an account, so it names no user id. */
  register(username: string, email: string, password: string): Observable<Registration> {
    return this.http.post<Registration>('/api/auth/register', { username, email, password });
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

  listUsers(): Observable<readonly UserView[]> {
    return this.http.get<UserList>('/api/users').pipe(map(({ users }) => users));
  }

  createUser(user: NewUser): Observable<PositionedUser> {
    return this.http.post<PositionedUser>('/api/users', user);
  }

  changeRole(id: string, role: Role): Observable<PositionedUser> {
    return this.http.patch<PositionedUser>(`/api/users/${encodeURIComponent(id)}`, { role });
  }

  /** `false` deactivates: every session, token and socket of the user ends at once. */
  setActive(id: string, active: boolean): Observable<PositionedUser> {
    return this.http.patch<PositionedUser>(`/api/users/${encodeURIComponent(id)}`, { active });
  }

  resetPassword(id: string): Observable<TemporaryPassword> {
    return this.http.post<TemporaryPassword>(`/api/users/${encodeURIComponent(id)}/password-reset`, null);
  }

  /** A one-time link to the user's address; the password stays until it is used. */
  emailResetLink(id: string): Observable<EmailedResetLink> {
    return this.http.post<EmailedResetLink>(`/api/users/${encodeURIComponent(id)}/password-reset`, { delivery: 'email' });
  }

  /** With an emailed link's token, by someone signed out: once. */
  setPasswordWithLink(token: string, newPassword: string): Observable<unknown> {
    return this.http.post('/api/auth/password-reset', { token, newPassword });
  }

  /** "Forgot password?": the same answer whether or not an account matches. */
  requestResetLink(login: string): Observable<unknown> {
    return this.http.post('/api/auth/password-reset-request', { login });
  }

  userSessions(id: string): Observable<readonly SignInSession[]> {
    return this.http.get<SessionList>(`/api/users/${encodeURIComponent(id)}/sessions`).pipe(map(({ sessions }) => sessions));
  }

  revokeUserSessions(id: string): Observable<unknown> {
    return this.http.delete(`/api/users/${encodeURIComponent(id)}/sessions`);
  }

  mySessions(): Observable<readonly SignInSession[]> {
    return this.http.get<SessionList>('/api/auth/sessions').pipe(map(({ sessions }) => sessions));
  }

  revokeSession(id: string): Observable<unknown> {
    return this.http.delete(`/api/auth/sessions/${encodeURIComponent(id)}`);
  }

  /** The caller's API tokens or, for a manager, a service account's (`userId`). */
  apiTokens(userId?: string): Observable<readonly ApiToken[]> {
    return this.http.get<ApiTokenList>('/api/tokens', { params: queryParams({ userId }) }).pipe(map(({ tokens }) => tokens));
  }

  /** The answer holds the secret, this once. */
  createApiToken(token: NewApiToken): Observable<CreatedApiToken> {
    return this.http.post<CreatedApiToken>('/api/tokens', token);
  }

  revokeApiToken(id: string): Observable<unknown> {
    return this.http.delete(`/api/tokens/${encodeURIComponent(id)}`);
  }

  changePassword(currentPassword: string, newPassword: string): Observable<unknown> {
    return this.http.post('/api/auth/password', { currentPassword, newPassword });
  }

  listItems(query: ItemQuery): Observable<ItemPage> {
    return this.http.get<ItemPage>('/api/items', { params: queryParams(query) });
  }

  getItem(id: string): Observable<ItemDetail> {
    return this.http.get<ItemDetail>(`/api/items/${encodeURIComponent(id)}`);
  }

  /** The item whose barcode or SKU a scanner read; 404 when none has it. */
  itemByCode(code: string): Observable<ItemDetail> {
    return this.http.get<ItemDetail>(`/api/items/by-code/${encodeURIComponent(code)}`);
  }

  createItem(item: NewItem): Observable<PositionedItem> {
    return this.http.post<PositionedItem>('/api/items', item);
  }

  updateItem(id: string, changes: ItemChanges, version?: number): Observable<PositionedItem> {
    const headers = version === undefined ? undefined : new HttpHeaders({ 'If-Match': String(version) });
    return this.http.patch<PositionedItem>(`/api/items/${encodeURIComponent(id)}`, changes, { headers });
  }

  archiveItem(id: string): Observable<PositionedItem> {
    return this.http.delete<PositionedItem>(`/api/items/${encodeURIComponent(id)}`);
  }

  restoreItem(id: string, version?: number): Observable<PositionedItem> {
    const headers = version === undefined ? undefined : new HttpHeaders({ 'If-Match': String(version) });
    return this.http.post<PositionedItem>(`/api/items/${encodeURIComponent(id)}/restore`, {}, { headers });
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

  transfer(transfer: NewTransfer, idempotencyKey: string): Observable<RecordedTransfer> {
    return this.http.post<RecordedTransfer>('/api/transfers', transfer, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  /** Corrects a movement by one pointing at it (`reverses`); the answer is the correction and the item after it. */
  reverseMovement(id: string, reason: string, idempotencyKey: string): Observable<RecordedMovement> {
    return this.http.post<RecordedMovement>(
      `/api/stock-movements/${encodeURIComponent(id)}/reverse`,
      { reason },
      {
        headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
      },
    );
  }

  /** What reversing a movement would change; nothing is written. */
  previewReversal(id: string, reason: string): Observable<ReversalPreview> {
    return this.http.post<ReversalPreview>(
      `/api/stock-movements/${encodeURIComponent(id)}/reverse`,
      { reason },
      { params: { dryRun: 'true' } },
    );
  }

  /** Sets (or, with null, removes) the item's low-stock threshold at one location, as of the version shown. */
  setLocationThreshold(id: string, locationId: string, threshold: LocationThreshold, version: number): Observable<PositionedItem> {
    return this.http.put<PositionedItem>(`/api/items/${encodeURIComponent(id)}/locations/${encodeURIComponent(locationId)}`, threshold, {
      headers: new HttpHeaders({ 'If-Match': String(version) }),
    });
  }

  /** Printable labels of the items, in the order given, as a file (a PDF unless `format` says svg). */
  labels({ itemIds, ...query }: LabelsQuery): Observable<Blob> {
    return this.http.get('/api/labels', { params: queryParams({ ...query, itemIds: itemIds.join(',') }), responseType: 'blob' });
  }

  listMovements(query: MovementQuery): Observable<MovementPage> {
    return this.http.get<MovementPage>('/api/stock-movements', { params: queryParams(query) });
  }

  exportMovements(query: MovementQuery): Observable<Blob> {
    return this.http.get('/api/stock-movements/export', {
      params: queryParams(query),
      headers: new HttpHeaders({ Accept: 'text/csv' }),
      responseType: 'blob',
    });
  }

  /** Every item not archived with its units per location, as a file that re-imports unchanged. */
  exportItems(format: SheetFormat): Observable<Blob> {
    return this.http.get('/api/items/export', { params: queryParams({ format }), responseType: 'blob' });
  }

  /** Previews a spreadsheet: each row's action and errors; nothing is written until it is applied. */
  previewImport(kind: ImportKind, file: File): Observable<ImportPreview> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<ImportPreview>('/api/imports', form, {
      params: queryParams({ kind }),
      context: new HttpContext().set(READS_READ_MODELS, true),
    });
  }

  /** Every row or none; refused (409) while a row is in error or when an item changed since the preview. */
  applyImport(id: string): Observable<AppliedImport> {
    return this.http.post<AppliedImport>(`/api/imports/${encodeURIComponent(id)}/apply`, null);
  }

  importTemplate(kind: ImportKind, format: SheetFormat): Observable<Blob> {
    return this.http.get('/api/imports/template', { params: queryParams({ kind, format }), responseType: 'blob' });
  }

  /** Every location, the main one first; archived ones included. */
  listLocations(): Observable<readonly StockLocation[]> {
    return this.http.get<readonly StockLocation[]>('/api/locations');
  }

  createLocation(location: NewLocation): Observable<PositionedLocation> {
    return this.http.post<PositionedLocation>('/api/locations', location);
  }

  renameLocation(id: string, changes: LocationChanges): Observable<PositionedLocation> {
    return this.http.patch<PositionedLocation>(`/api/locations/${encodeURIComponent(id)}`, changes);
  }

  /** Refused (409) for the main location and while the location holds stock. */
  archiveLocation(id: string): Observable<PositionedLocation> {
    return this.http.delete<PositionedLocation>(`/api/locations/${encodeURIComponent(id)}`);
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
    return this.http.get<AlertList>('/api/alerts').pipe(map(({ alerts }) => alerts));
  }

  systemHealth(): Observable<SystemHealth> {
    return this.http.get<SystemHealth>('/api/health/system');
  }

  resourceHistory(): Observable<ResourceHistory> {
    return this.http.get<ResourceHistory>('/api/health/resources');
  }

  services(): Observable<DockerServices> {
    return this.http.get<DockerServices>('/api/health/services');
  }

  /** A service's or container's last lines; none while the API cannot reach the Docker engine. */
  serviceLogs(name: string, tail = 100): Observable<readonly LogLine[]> {
    return this.http
      .get<ServiceLogs>(`/api/health/services/${encodeURIComponent(name)}/logs`, { params: queryParams({ tail }) })
      .pipe(map((answer) => (answer.available ? answer.lines : [])));
  }

  /** A report (managers): `reorder`, `valuation` or `activity`, as JSON. */
  report<Answer>(name: ReportName, query: ReportQuery = {}): Observable<Answer> {
    return this.http.get<Answer>(`/api/reports/${name}`, { params: queryParams(query) });
  }

  /** The same report as a CSV download. */
  reportCsv(name: ReportName, query: ReportQuery = {}): Observable<Blob> {
    return this.http.get(`/api/reports/${name}`, {
      params: queryParams({ ...query, format: 'csv' }),
      headers: new HttpHeaders({ Accept: 'text/csv' }),
      responseType: 'blob',
    });
  }
}
