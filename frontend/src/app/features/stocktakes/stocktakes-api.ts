import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, map, of, throwError } from 'rxjs';
import type { CountedStocktakeLine, Item, OpenedStocktake, Stocktake, StocktakePosting, StocktakeSummary } from '../../core/api/models';

/** The stocktake calls of docs/API.md ("Stocktakes"), typed. */
@Injectable({ providedIn: 'root' })
export class StocktakesApi {
  private readonly http = inject(HttpClient);

  list(): Observable<StocktakeSummary[]> {
    return this.http.get<StocktakeSummary[]>('/api/stocktakes');
  }

  get(id: string): Observable<Stocktake> {
    return this.http.get<Stocktake>(`/api/stocktakes/${encodeURIComponent(id)}`);
  }

  /** Of the chosen items, or of every item with stock at the location when none are. */
  open(locationId: string, itemIds: readonly string[]): Observable<OpenedStocktake> {
    return this.http.post<OpenedStocktake>('/api/stocktakes', itemIds.length > 0 ? { locationId, itemIds } : { locationId });
  }

  count(id: string, itemId: string, counted: number): Observable<CountedStocktakeLine> {
    return this.http.put<CountedStocktakeLine>(`/api/stocktakes/${encodeURIComponent(id)}/lines/${encodeURIComponent(itemId)}`, {
      counted,
    });
  }

  post(id: string, dryRun: boolean): Observable<StocktakePosting> {
    return this.http.post<StocktakePosting>(`/api/stocktakes/${encodeURIComponent(id)}/post`, null, {
      params: dryRun ? { dryRun: 'true' } : {},
    });
  }

  /** The item whose SKU or barcode is `code`, as a scanner reads it; null when none is (or the server has no such lookup). */
  byCode(code: string): Observable<Item | null> {
    return this.http.get<Item>(`/api/items/by-code/${encodeURIComponent(code)}`).pipe(
      map((item): Item | null => item),
      catchError((error: unknown) =>
        error instanceof HttpErrorResponse && (error.status === 404 || error.status === 400) ? of(null) : throwError(() => error),
      ),
    );
  }
}
