import { Global, Module } from '@nestjs/common';
import { ConsumerLag } from './consumer-lag';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';

/** Global: any module may inject `Metrics` to count what it does. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, ConsumerLag],
  exports: [Metrics, ConsumerLag],
})
export class MetricsModule {}
