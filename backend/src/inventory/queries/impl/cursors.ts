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

/** Items are listed by SKU (unique, stable); the cursor is the last SKU shown. */
export interface ItemsCursor {
  readonly sku: string;
}

export const itemsCursor = codec<ItemsCursor>(
  (value): value is ItemsCursor => isRecord(value) && typeof value.sku === 'string' && value.sku.length > 0,
);

/** History and movements are listed newest first; the cursor is the last position shown (exclusive). */
export interface PositionCursor {
  readonly position: number;
}

export const positionCursor = codec<PositionCursor>(
  (value): value is PositionCursor => isRecord(value) && Number.isSafeInteger(value.position) && (value.position as number) > 0,
);
