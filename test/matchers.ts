import { expect } from 'vitest';

/**
 * Vitest's asymmetric matchers, typed `unknown` instead of `any`: an expected object that holds one
 * is still type-checked (no-unsafe-assignment), and what it matches is the same.
 */
export const match = {
  any: (type: unknown): unknown => expect.any(type),
  stringMatching: (pattern: string | RegExp): unknown => expect.stringMatching(pattern),
  stringContaining: (text: string): unknown => expect.stringContaining(text),
  objectContaining: (object: object): unknown => expect.objectContaining(object),
  arrayContaining: (items: readonly unknown[]): unknown => expect.arrayContaining([...items]),
};
