import { Global, Module } from '@nestjs/common';
import { StockLocations } from '../inventory';
import { OpenLocations } from './commands/open-locations';
import { CommandHandlers } from './commands/handlers';
import { LocationCommandRunner } from './commands/location-command-runner';
import { LocationsController } from './locations.controller';
import { QueryHandlers } from './queries/handlers';
import { LocationReadModel } from './read-models/location-read-model';

/**
 * Locations: where stock is. Commands decided over the event store; GET asks the QueryBus, answered
 * from the read model its projection keeps (registered by the app composition, backend/src/all-projections.ts).
 * Global, for it answers the inventory's StockLocations (where stock may move).
 */
@Global()
@Module({
  controllers: [LocationsController],
  providers: [
    LocationCommandRunner,
    ...CommandHandlers,
    LocationReadModel,
    ...QueryHandlers,
    { provide: StockLocations, useClass: OpenLocations },
  ],
  exports: [StockLocations],
})
export class LocationsModule {}
