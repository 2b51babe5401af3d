import { ListLocationsHandler } from './list-locations.handler';

/** Answered from the locations' read model. */
export const QueryHandlers = [ListLocationsHandler];
