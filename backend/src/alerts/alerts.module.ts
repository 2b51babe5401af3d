import { Module } from '@nestjs/common';
import { PENDING_ALERTS } from '../health';
import { LiveModule } from '../live';
import { AlertsLiveFeed } from './alerts-feed-source';
import { AlertsController } from './alerts.controller';
import { LocationCodes } from './commands/location-codes';
import { LowStockWatches } from './commands/low-stock-watches';
import { RaiseLowStockAlertHandler } from './commands/raise-low-stock-alert.handler';
import { AlertDeliveries } from './read-models/alert-deliveries';
import { AlertDispatcher } from './delivery/alert-dispatcher';
import { AlertOutbox } from './delivery/alert-outbox';
import { FunctionEndpointModule } from '../serverless';
import { ListAlertsHandler } from './queries/list-alerts.handler';
import { LowStockSweep } from './sagas/low-stock-sweep';
import { LowStockSaga } from './sagas/low-stock.saga';
import { SagaFailures } from './sagas/saga-failures';

/**
 * Low-stock alerts: the saga over the items projection's live batches raises them as events, the
 * outbox and the dispatcher deliver them once through the email function, GET /api/alerts lists them
 * and the live feed carries them as `alert.low_stock`.
 */
@Module({
  imports: [LiveModule, FunctionEndpointModule],
  controllers: [AlertsController],
  providers: [
    LowStockSaga,
    LowStockSweep,
    SagaFailures,
    LowStockWatches,
    LocationCodes,
    RaiseLowStockAlertHandler,
    AlertDeliveries,
    AlertDispatcher,
    AlertOutbox,
    ListAlertsHandler,
    AlertsLiveFeed,
    { provide: PENDING_ALERTS, useExisting: AlertDeliveries },
  ],
  exports: [PENDING_ALERTS],
})
export class AlertsModule {}
