import { EMPTY, Observable, expand, reduce } from 'rxjs';
import { ApiClient, MAX_PAGE } from './api-client';
import type { ItemQuery, ListedItem } from './models';

/** Every item the query matches, page after page, as one list once the last page has arrived. */
export function allItems(api: ApiClient, query: Omit<ItemQuery, 'limit' | 'cursor'> = {}): Observable<ListedItem[]> {
  return api.listItems({ ...query, limit: MAX_PAGE }).pipe(
    expand((page) => (page.nextCursor ? api.listItems({ ...query, limit: MAX_PAGE, cursor: page.nextCursor }) : EMPTY)),
    reduce((all, page) => [...all, ...page.items], [] as ListedItem[]),
  );
}
