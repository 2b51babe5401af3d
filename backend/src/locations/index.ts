/** The locations feature's public face: what other features and the app composition may use. */
export { LocationContentionError } from './commands/location-command-runner';
export { LOCATION_CODE } from './domain/location-code';
export { ListLocationsQuery, type LocationView } from './queries/impl';
export { LocationHoldsStockError, LocationNotFoundError, LocationRuleError } from './domain/location-errors';
export { type LocationEventType } from './domain/location-events';
export { LocationsLiveModule } from './locations-live.module';
export { LocationsModule } from './locations.module';
export { LOCATIONS_PROJECTIONS } from './read-models/locations-projections';
export { MAIN_LOCATION_FIELDS } from './domain/main-location';
