import { IdempotencyKeys, randomKey } from './idempotency-keys';

describe('IdempotencyKeys', () => {
  const counter = () => {
    let n = 0;
    return () => `key-${++n}`;
  };
  const out5 = { itemId: 'a', type: 'OUT', quantity: 5 };

  it('gives the same payload sent again (a retry or second click) the same key', () => {
    const keys = new IdempotencyKeys(counter());
    expect(keys.keyFor(out5)).toBe('key-1');
    expect(keys.keyFor({ ...out5 })).toBe('key-1');
  });

  it('gives a changed payload a new key', () => {
    const keys = new IdempotencyKeys(counter());
    keys.keyFor(out5);
    expect(keys.keyFor({ ...out5, quantity: 6 })).toBe('key-2');
  });

  it('gives the same payload a new key once the submission was answered', () => {
    const keys = new IdempotencyKeys(counter());
    keys.keyFor(out5);
    keys.settle();
    expect(keys.keyFor(out5)).toBe('key-2');
  });

  it('uses random UUIDs by default', () => {
    expect(new IdempotencyKeys().keyFor(out5)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('makes random keys where crypto.randomUUID is missing (a page served over plain http)', () => {
    const randomUUID = crypto.randomUUID.bind(crypto);
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const keys = new Set([randomKey(), randomKey()]);
      expect(keys.size).toBe(2);
      for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: randomUUID, configurable: true });
    }
  });
});
