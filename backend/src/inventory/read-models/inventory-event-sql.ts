import { TYPE_OF_ROW, type Handles } from '../../projections';
import { MAIN_LOCATION_ID } from '../domain/item-events';

/**
 * The inventory's projections apply its own events and ignore the other features' (a new event
 * type of the log fails the build until it is named here, applied or ignored).
 */
export const INVENTORY_EVENTS = {
  ItemChanged: 'apply',
  StockMoved: 'apply',
  LocationThresholdSet: 'apply',
  StockTransferred: 'apply',
  LocationChanged: 'ignore',
  StocktakeChanged: 'ignore',
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
  WebhookDisabled: 'ignore',
} as const satisfies Handles;

/** SQL over the inventory's events (../domain/item-events.ts) of alias `e`. */

/** The history entry type: the `ItemChanged` kind, the `StockMoved` type, TRANSFER, or `threshold` for `LocationThresholdSet`. */
export const ENTRY_TYPE = `CASE e.type WHEN 'ItemChanged' THEN e.data->>'kind' WHEN 'StockTransferred' THEN 'TRANSFER'
                                      WHEN 'LocationThresholdSet' THEN 'threshold' ELSE e.data->>'type' END`;

/** The item's total before the event; every kind carries it (a transfer and a threshold leave it as it was). */
export const QUANTITY_BEFORE = `(CASE e.type WHEN 'StockMoved' THEN e.data->>'quantityBefore' WHEN 'StockTransferred' THEN e.data->>'quantityTotal'
                                  ELSE e.data->>'quantity' END)::bigint`;

/** The item's total once the event happened; every kind carries it. */
export const QUANTITY_AFTER = `(CASE e.type WHEN 'StockMoved' THEN e.data->>'quantityAfter' WHEN 'StockTransferred' THEN e.data->>'quantityTotal'
                                 ELSE e.data->>'quantity' END)::bigint`;

/**
 * Where a `StockMoved` moved stock, upcast: recorded without a location, at the main one; where a
 * transfer took it from; the location of a `LocationThresholdSet`; null for `ItemChanged`.
 */
export const LOCATION_ID = `CASE e.type WHEN 'StockMoved' THEN coalesce(e.data->>'locationId', '${MAIN_LOCATION_ID}')::uuid
                                        WHEN 'StockTransferred' THEN (e.data->>'fromLocationId')::uuid
                                        WHEN 'LocationThresholdSet' THEN (e.data->>'locationId')::uuid END`;

/** Where a transfer put the stock; null for every other event. */
export const TO_LOCATION_ID = `CASE e.type WHEN 'StockTransferred' THEN (e.data->>'toLocationId')::uuid END`;

/**
 * Each change of an item's units at a location among the events `e` matching `events`, as
 * `(item_id, location_id, version, at, moved)`: a movement's difference at its location (upcast), an
 * item's initial quantity at the main location, a transfer's units taken from one location and added
 * to the other (two rows of the same version). The legs are two plain selects rather than one
 * lateral VALUES per event: that evaluates every expression of both legs for every event, which made
 * it the costliest part of a replay.
 */
export const stockLegs = (events: string) => `
  SELECT (e.data->>'itemId')::uuid AS item_id, coalesce(${LOCATION_ID}, '${MAIN_LOCATION_ID}'::uuid) AS location_id,
         e.stream_version AS version, e.recorded_at AS at,
         CASE e.type WHEN 'StockMoved' THEN (e.data->>'quantityAfter')::bigint - (e.data->>'quantityBefore')::bigint
                     WHEN 'StockTransferred' THEN -(e.data->>'quantity')::bigint
                     ELSE (e.data->>'quantity')::bigint END AS moved
    FROM events e
   WHERE ${events} AND (${TYPE_OF_ROW} IN ('StockMoved', 'StockTransferred') OR e.data->>'kind' = 'created')
  UNION ALL
  SELECT (e.data->>'itemId')::uuid, ${TO_LOCATION_ID}, e.stream_version, e.recorded_at, (e.data->>'quantity')::bigint
    FROM events e
   WHERE ${events} AND ${TYPE_OF_ROW} = 'StockTransferred'`;
