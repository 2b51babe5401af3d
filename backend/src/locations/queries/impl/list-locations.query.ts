import { Query } from '@nestjs/cqrs';
import type { LocationView } from './views';

/** Every location, archived ones included. */
export class ListLocationsQuery extends Query<LocationView[]> {}
