import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AlertsModule } from './alerts';
import { READ_SIDE } from './all-projections';
import { AuditModule } from './audit';
import { AuthModule } from './auth';
import { LoggingModule } from './common';
import { APP_SETTINGS, type AppSettings } from './config';
import { DatabaseModule } from './database';
import { EventStoreModule } from './event-store';
import { HealthModule } from './health';
import { InventoryLiveModule, InventoryModule } from './inventory';
import { LabelsModule } from './labels';
import { LiveModule } from './live';
import { LocationsLiveModule, LocationsModule } from './locations';
import { MetricsModule } from './metrics';
import { ProjectionsModule } from './projections';

@Module({})
export class AppModule {
  static register(settings: AppSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ level: settings.config.logLevel }),
        MetricsModule,
        CqrsModule.forRoot(),
        DatabaseModule.forRoot(settings.databaseUrl),
        EventStoreModule,
        HealthModule,
        AuthModule,
        InventoryModule,
        LocationsModule,
        LabelsModule,
        ProjectionsModule.register(READ_SIDE),
        LiveModule,
        InventoryLiveModule,
        LocationsLiveModule,
        AlertsModule,
        AuditModule,
      ],
      providers: [{ provide: APP_SETTINGS, useValue: settings }],
      exports: [APP_SETTINGS],
    };
  }
}
