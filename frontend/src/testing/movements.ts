import type { ListedMovement } from '../app/core/api/models';

export const aListedMovement = (overrides: Partial<ListedMovement> = {}): ListedMovement => ({
  id: 'm1',
  itemId: 'item-a',
  item: { sku: 'A-100', name: 'Pipette tips' },
  type: 'IN',
  quantity: 1,
  quantityBefore: 0,
  quantityAfter: 1,
  reason: null,
  note: null,
  locationId: '00000000-0000-4000-8000-00000000a001',
  user: { id: 'sam-id', username: 'sam' },
  at: '2026-12-03T09:30:00.000Z',
  position: 7,
  ...overrides,
});
