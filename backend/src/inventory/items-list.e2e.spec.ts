import { randomUUID } from 'node:crypto';
import { authHeader, seededManager } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import type { Positioned } from '../event-store/positioned';
import { ITEM_SORTS, type ItemSort } from './queries/impl/cursors';
import type { ItemView } from './queries/impl/views';

let app: TestApp;
let manager: string;
/** Every item of this file carries the tag in its name, so that a search for it lists only them. */
const tag = `sorted${randomUUID().slice(0, 8)}`;
let items: ItemView[] = [];
let lastPosition = 0;

async function call<Body>(method: string, path: string, body?: unknown): Promise<Body> {
  const response = await fetch(`${app.baseUrl}/api${path}`, {
    method,
    headers: {
      ...authHeader(manager),
      'x-min-position': String(lastPosition),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as Body;
}

// Ties on every sort key but the SKU: two quantities, two prices and an unpriced pair, two names.
const SPECS = [
  { name: 'bravo', quantity: 5, price: 2.5 },
  { name: 'alpha', quantity: 5, price: null },
  { name: 'bravo', quantity: 1, price: 2.5 },
  { name: 'alpha', quantity: 1, price: 10 },
  { name: 'charlie', quantity: 5, price: null },
  { name: 'alpha', quantity: 9, price: 2.5 },
  { name: 'bravo', quantity: 1, price: 0.1 },
];

beforeAll(async () => {
  app = await startTestApp();
  manager = (await seededManager(app)).token;
  for (const [index, spec] of SPECS.entries()) {
    const created = await call<Positioned<ItemView>>('POST', '/items', { ...spec, name: `${tag} ${spec.name}`, sku: `${tag}-${index}` });
    lastPosition = created.position;
    items.push(created);
  }
  const archived = await call<Positioned<ItemView>>('DELETE', `/items/${items[3]!.id}`, {});
  lastPosition = archived.position;
  items = items.map((item) => (item.id === archived.id ? archived : item));
});

afterAll(async () => {
  await app.close();
});

async function pages(query: string, limit: number): Promise<{ ids: string[]; pageCount: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pageCount = 0;
  do {
    const page: { items: ItemView[]; nextCursor: string | null } = await call(
      'GET',
      `/items?search=${tag}&limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    pageCount += 1;
  } while (cursor !== null);
  return { ids, pageCount };
}

const KEYS: Record<string, (item: ItemView) => string | number> = {
  sku: (item) => item.sku,
  name: (item) => item.name,
  quantity: (item) => item.quantity,
  price: (item) => item.price ?? -1,
  updatedAt: (item) => item.updatedAt,
};

/** The order the API promises: the key, then the id, both in the sort's direction. */
function expectedOrder(sort: ItemSort, list: readonly ItemView[]): string[] {
  const descending = sort.startsWith('-');
  const key = KEYS[descending ? sort.slice(1) : sort]!;
  const compare = (a: ItemView, b: ItemView) => {
    const [left, right] = [key(a), key(b)];
    if (left !== right) return left < right ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  return [...list].sort((a, b) => (descending ? -compare(a, b) : compare(a, b))).map((item) => item.id);
}

describe('GET /api/items sorted and paged', () => {
  it.each(ITEM_SORTS)('pages through sort=%s two at a time, every item once, in order with ties by id', async (sort) => {
    const active = items.filter((item) => !item.archived);
    const { ids, pageCount } = await pages(`&sort=${sort}`, 2);
    expect(pageCount).toBe(3);
    expect(ids).toEqual(expectedOrder(sort, active));
  });

  it('lists by SKU when no sort is given', async () => {
    const { ids } = await pages('', 3);
    expect(ids).toEqual(
      expectedOrder(
        'sku',
        items.filter((item) => !item.archived),
      ),
    );
  });

  it('lists only archived items with archived=true, and only the others by default or with archived=false', async () => {
    expect((await pages('&archived=true', 50)).ids).toEqual([items[3]!.id]);
    expect((await pages('&archived=false', 50)).ids).not.toContain(items[3]!.id);
    expect((await pages('', 50)).ids).toHaveLength(SPECS.length - 1);
  });
});

describe('GET /api/items?search=', () => {
  const ids = async (search: string) =>
    (await call<{ items: ItemView[] }>('GET', `/items?search=${encodeURIComponent(search)}`)).items.map((item) => item.id);

  it('finds a part of the SKU or of the name in any letter case', async () => {
    expect(await ids(`${tag.slice(3).toUpperCase()}-1`)).toEqual([items[1]!.id]);
    expect(await ids(`${tag.slice(4).toUpperCase()} CHAR`)).toEqual([items[4]!.id]);
    expect(await ids(`${tag} Bravo`)).toEqual(expectedOrder('sku', [items[0]!, items[2]!, items[6]!]));
  });
});

describe('GET /api/items?lowStock=true', () => {
  /** Its own tag, so that these items stay out of the lists above. */
  const low = `low${randomUUID().slice(0, 8)}`;
  let expected: ItemView[] = [];

  beforeAll(async () => {
    const van = await call<{ id: string }>('POST', '/locations', { code: `${low}-VAN`, name: 'Van' });
    const create = async (index: number, name: string, quantity: number, lowStockThreshold: number) => {
      const created = await call<Positioned<ItemView>>('POST', '/items', { sku: `${low}-${index}`, name, quantity, lowStockThreshold });
      lastPosition = created.position;
      return created;
    };
    const atVan = async (itemId: string, stock: number, threshold: number) => {
      lastPosition = (
        await call<Positioned<unknown>>('POST', '/stock-movements', { itemId, type: 'IN', quantity: stock, locationId: van.id })
      ).position;
      lastPosition = (await call<Positioned<unknown>>('PUT', `/items/${itemId}/locations/${van.id}`, { lowStockThreshold: threshold }))
        .position;
    };
    const lowInTotal = await create(0, `${low} delta`, 1, 5);
    const lowAtTheVan = await create(1, `${low} alpha`, 10, 0);
    await atVan(lowAtTheVan.id, 2, 3);
    const lowInBoth = await create(2, `${low} charlie`, 1, 5);
    await atVan(lowInBoth.id, 2, 3);
    await create(3, `${low} bravo`, 10, 0);
    // As listed: the van's stock counts in the quantity (1, 12 and 3, no tie for the quantity sort to break).
    expected = [lowInTotal, { ...lowAtTheVan, quantity: 12 }, { ...lowInBoth, quantity: 3 }];
  });

  it('pages through the items low in total or at a location, in the order asked for, an item low in both once', async () => {
    const pageIds = async (sort: ItemSort) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: ItemView[]; nextCursor: string | null } = await call(
          'GET',
          `/items?lowStock=true&search=${low}&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        ids.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      return ids;
    };
    expect(await pageIds('sku')).toEqual(expectedOrder('sku', expected));
    expect(await pageIds('-name')).toEqual(expectedOrder('-name', expected));
    // A sort by an expression (price is coalesced), which the merged pages must order by their output column.
    expect(await pageIds('-price')).toEqual(expectedOrder('-price', expected));
    expect(await pageIds('quantity')).toEqual(expectedOrder('quantity', expected));
  });
});
