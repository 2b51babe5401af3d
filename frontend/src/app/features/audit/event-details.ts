import type { StoredEvent } from '../../core/api/models';
import { type FieldChange, fieldChanges } from '../../shared/field-changes';

type Data = Record<string, unknown>;
const asData = (value: unknown): Data => (typeof value === 'object' && value !== null ? (value as Data) : {});

/**
 * What an update changed, field by field: an item's edited fields, a movement's quantity, a user's role.
 * null for an event that records no earlier state (a creation, a registration, an alert) or no changed field
 * (an archiving): its payload says it all.
 */
export function eventChanges(event: StoredEvent): FieldChange[] | null {
  const data = asData(event.data);
  if (event.type === 'StockMoved') return [{ field: 'quantity', before: data['quantityBefore'], after: data['quantityAfter'] }];
  if (event.type === 'UserRoleChanged') return [{ field: 'role', before: data['from'], after: data['to'] }];
  const before = data['before'];
  const after = data['after'];
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) return null;
  const changes = fieldChanges(before, after);
  return changes.length > 0 ? changes : null;
}

/** A value as a person reads it: text as written, nothing as a dash, anything structured as JSON. */
export function shownValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** One line saying what happened. */
export function eventSummary(event: StoredEvent): string {
  const data = asData(event.data);
  const after = asData(data['after']);
  const before = asData(data['before']);
  switch (event.type) {
    case 'StockMoved':
      return `${String(data['type'])} ${String(data['quantity'])}: ${String(data['quantityBefore'])} → ${String(data['quantityAfter'])}`;
    case 'ItemChanged': {
      const sku = after['sku'] ?? before['sku'];
      return `${String(data['kind'])} ${typeof sku === 'string' ? sku : ''}`.trim();
    }
    case 'UserRegistered':
      return `${String(data['username'])} as ${String(data['role'])}`;
    case 'UserRoleChanged':
      return `${String(data['from'])} → ${String(data['to'])}`;
    case 'UserSignedIn':
      return `${String(data['username'])} from ${String(data['address'])}, ${String(data['browser'])}`;
    case 'UserSignInFailed':
      return `"${String(data['username'])}" (${String(data['reason'])}) from ${String(data['address'])}, ${String(data['browser'])}`;
    case 'ApiTokenCreated':
      return `"${String(data['name'])}" as ${String(data['role'])}${data['readOnly'] === true ? ', read-only' : ''}`;
    case 'ApiTokenRevoked':
      return `"${String(data['name'])}"`;
    case 'WebhookDisabled':
      return `${String(data['url'])} after ${String(data['attempts'])} failed attempts`;
    default:
      return typeof data['sku'] === 'string' ? data['sku'] : '';
  }
}

/** The movement (or transfer) a correction reverses, by its id; undefined for any other event. */
export function reversedMovement(event: StoredEvent): string | undefined {
  const reverses = asData(event.data)['reverses'];
  return typeof reverses === 'string' ? reverses : undefined;
}
