import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from './auth/auth.module';
import { APP_SETTINGS, type AppSettings } from './config/app-settings';
import { DatabaseModule } from './database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static register(settings: AppSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [CqrsModule.forRoot(), DatabaseModule.forRoot(settings.databaseUrl), EventStoreModule, HealthModule, AuthModule],
      providers: [{ provide: APP_SETTINGS, useValue: settings }],
      exports: [APP_SETTINGS],
    };
  }
}
