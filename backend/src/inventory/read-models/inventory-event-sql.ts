import type { Handles } from '../../projections';
import { MAIN_LOCATION_ID } from '../domain/item-events';

/**
 * The inventory's projections apply its own events and ignore the other features' (a new event
 * type of the log fails the build until it is named here, applied or ignored).
 */
export const INVENTORY_EVENTS = {
  ItemChanged: 'apply',
  StockMoved: 'apply',
  LocationChanged: 'ignore',
  UserRegistered: 'ignore',
  UserRoleChanged: 'ignore',
  UserDeactivated: 'ignore',
  UserReactivated: 'ignore',
  PasswordChanged: 'ignore',
  PasswordReset: 'ignore',
  UserSignedIn: 'ignore',
  UserSignInFailed: 'ignore',
  UserSignedOut: 'ignore',
  ApiTokenCreated: 'ignore',
  ApiTokenRevoked: 'ignore',
  LowStockAlertRaised: 'ignore',
  LowStockAlertSent: 'ignore',
  LowStockAlertPreviewed: 'ignore',
  LowStockAlertFailed: 'ignore',
} as const satisfies Handles;

/** SQL over the inventory's events (../domain/item-events.ts) of alias `e`. */

/** The history entry type: the `ItemChanged` kind or the `StockMoved` type. */
export const ENTRY_TYPE = `CASE e.type WHEN 'ItemChanged' THEN e.data->>'kind' ELSE e.data->>'type' END`;

/** The item's quantity once the event happened; both kinds carry it. */
export const QUANTITY_AFTER = `(CASE e.type WHEN 'StockMoved' THEN e.data->>'quantityAfter' ELSE e.data->>'quantity' END)::bigint`;

/** Where a `StockMoved` moved stock, upcast: recorded without a location, at the main one; null for `ItemChanged`. */
export const LOCATION_ID = `CASE e.type WHEN 'StockMoved' THEN coalesce(e.data->>'locationId', '${MAIN_LOCATION_ID}')::uuid END`;
