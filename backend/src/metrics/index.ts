/** Prometheus metrics. */
export { ConsumerLag, type ConsumerLagReading } from './consumer-lag';
export { observeHttpRequests } from './http-metrics.hook';
export { MetricsModule } from './metrics.module';
export { type CountedFigure, type HttpRouteFigure, Metrics, type MetricsFigures } from './metrics';
