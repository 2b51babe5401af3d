import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { LocationReadModel } from '../../read-models/location-read-model';
import { ListLocationsQuery } from '../impl/list-locations.query';
import type { LocationView } from '../impl/views';

@QueryHandler(ListLocationsQuery)
export class ListLocationsHandler implements IQueryHandler<ListLocationsQuery, LocationView[]> {
  constructor(private readonly locations: LocationReadModel) {}

  execute(): Promise<LocationView[]> {
    return this.locations.list();
  }
}
