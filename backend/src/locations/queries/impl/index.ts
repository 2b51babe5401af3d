export { ListLocationsQuery } from './list-locations.query';
export type { LocationView } from './views';
