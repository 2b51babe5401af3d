/** The inventory feature's public face: what other features and the app composition may use. */
export { metadataOf, type CommandContext } from './commands/impl/command-context';
export { answeredAt, storedAnswer } from './commands/keyed-answers';
export { KeyedLock } from './commands/keyed-lock';
export { StockLocations } from './commands/stock-locations';
export { commandContext } from './http/command-context';
/** A UUID `:id` parameter, whatever it names. */
export { ItemIdParam as UuidIdParam } from './http/params';
export { itemStreamId, MAIN_LOCATION_ID, type InventoryEvent, type InventoryEventType } from './domain/item-events';
export { isLowStock } from './domain/low-stock';
export { evolve, initialItem, stockAt, thresholdAt, type Item } from './domain/item';
export { decide as decideItem } from './domain/decide';
export { Present, Text } from './http/item-fields';
export { NEXT_CURSOR } from './http/item-views.dto';
export { DEFAULT_LIMIT, PageQueryDto } from './http/list-query.dto';
export { InventoryLiveModule } from './inventory-live.module';
export { InventoryModule } from './inventory.module';
export { GetItemsQuery, itemsCursor, ListItemsQuery, type HistoryEntryType, type ItemList, type ItemView } from './queries/impl';
export { INVENTORY_PROJECTIONS } from './read-models/inventory-projections';
export { unitsAtLocation } from './read-models/stock/units-at-location';
export { itemsAtLocation } from './read-models/stock/items-at-location';
export { ItemsProjected, type ItemChange } from './read-models/projected.events';
export { ItemContentionError } from './commands/item-command-runner';
export { BARCODE, validBarcode } from './domain/barcode';
export { itemReservations } from './domain/item-reservations';
export {
  InsufficientStockError,
  InvalidBarcodeError,
  InvalidQuantityError,
  InventoryRuleError,
  ItemAlreadyExistsError,
  ItemArchivedError,
  ItemNotFoundError,
  MovementAlreadyReversedError,
  MovementNotFoundError,
  NotYourMovementError,
  ReversalNotReversibleError,
  SameLocationTransferError,
  StaleVersionError,
  StockLocationArchivedError,
  StockLocationNotFoundError,
} from './domain/item-errors';
export { InvalidCursorError } from './queries/impl/cursors';
/** What the reports' read models (issue 23) build on: the inventory's events and its stock legs in SQL. */
export { movedAt } from './domain/item-events';
export { INVENTORY_EVENTS, stockLegs } from './read-models/inventory-event-sql';
export { decide } from './domain/decide';
export { fold } from './domain/item';
export { normaliseSku, SKU_PATTERN } from './domain/sku';
export type { ItemCommand } from './domain/item-commands';
export type { ItemFields } from './domain/item-events';
