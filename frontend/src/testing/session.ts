import type { Item, LowStockAlert, Role, User } from '../app/core/api/models';
import { SESSION_KEY } from '../app/core/auth/auth-store';

export const userWith = (role: Role, username = role === 'manager' ? 'maria' : 'sam'): User => ({
  id: `${username}-id`,
  username,
  email: `${username}@example.test`,
  role,
});

/** Stores a session the way a sign-in does, so an AuthStore created afterwards starts signed in. */
export function storeSession(role: Role, accessToken = 'token-1'): User {
  const user = userWith(role);
  localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken, user }));
  return user;
}

export const anItem = (overrides: Partial<Item> = {}): Item => ({
  id: 'item-a',
  sku: 'A-100',
  name: 'Pipette tips',
  description: '',
  unit: 'box',
  quantity: 20,
  lowStockThreshold: 5,
  price: 4.5,
  barcode: null,
  lowStock: false,
  archived: false,
  version: 1,
  updatedAt: '2026-11-24T10:00:00.000Z',
  ...overrides,
});

export const anAlert = (overrides: Partial<LowStockAlert> = {}): LowStockAlert => ({
  id: 'alert-1',
  itemId: 'item-a',
  sku: 'A-100',
  name: 'Pipette tips',
  unit: 'box',
  quantity: 2,
  threshold: 5,
  causedByPosition: 11,
  locationId: null,
  locationCode: null,
  position: 12,
  raisedAt: '2026-11-24T10:00:00.000Z',
  state: 'pending',
  attempts: 0,
  nextAttemptAt: null,
  lastError: null,
  settledAt: null,
  email: null,
  ...overrides,
});
