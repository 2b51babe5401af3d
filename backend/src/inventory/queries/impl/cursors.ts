/**
 * Cursors are opaque to clients: base64url JSON of the last row's sort key. The controllers
 * decode them (a malformed one is a 400) and the query handlers encode the next one.
 */

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this API handed out');
    this.name = 'InvalidCursorError';
  }
}

export interface Codec<Key> {
  encode(key: Key): string;
  /** Throws InvalidCursorError. */
  decode(cursor: string): Key;
}

function codec<Key>(isKey: (value: unknown) => value is Key): Codec<Key> {
  return {
    encode: (key) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url'),
    decode: (cursor) => {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw new InvalidCursorError();
      }
      if (!isKey(value)) throw new InvalidCursorError();
      return value;
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const ITEM_SORT_FIELDS = ['sku', 'name', 'quantity', 'price', 'updatedAt'] as const;
export type ItemSortField = (typeof ITEM_SORT_FIELDS)[number];
/** `field` ascending, `-field` descending; ties are broken by id in the same direction. */
export type ItemSort = ItemSortField | `-${ItemSortField}`;
export const ITEM_SORTS: readonly ItemSort[] = ITEM_SORT_FIELDS.flatMap((field) => [field, `-${field}` as const]);

/** The last item shown: its sort key as the database spelled it (text), and its id; valid only for the same sort. */
export interface ItemsCursor {
  readonly sort: ItemSort;
  readonly key: string;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What each sort's key may look like, so that a forged cursor is refused before the database would fail to cast it. */
const textKey = (key: string) => key.length <= 1000 && !key.includes('\0');
const KEY_CHECKS: Record<ItemSortField, (key: string) => boolean> = {
  sku: textKey,
  name: textKey,
  quantity: (key) => /^-?\d{1,18}$/.test(key),
  price: (key) => /^-?\d{1,15}(\.\d{1,4})?$/.test(key),
  updatedAt: (key) => /^\d{1,15}$/.test(key),
};

const sortField = (sort: ItemSort): ItemSortField => (sort.startsWith('-') ? sort.slice(1) : sort) as ItemSortField;

export const itemsCursor = codec<ItemsCursor>(
  (value): value is ItemsCursor =>
    isRecord(value) &&
    ITEM_SORTS.includes(value.sort as ItemSort) &&
    typeof value.key === 'string' &&
    KEY_CHECKS[sortField(value.sort as ItemSort)](value.key) &&
    typeof value.id === 'string' &&
    UUID.test(value.id),
);

/** History and movements are listed newest first; the cursor is the last position shown (exclusive). */
export interface PositionCursor {
  readonly position: number;
}

export const positionCursor = codec<PositionCursor>(
  (value): value is PositionCursor => isRecord(value) && Number.isSafeInteger(value.position) && (value.position as number) > 0,
);
