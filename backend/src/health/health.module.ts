import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DockerServices } from './docker/docker-services';
import { HealthChecks } from './health-checks';
import { HealthController } from './health.controller';
import { ProjectionHealth } from './projection-health';
import { ResourceSampler } from './resources/resource-sampler';
import { SystemReports } from './system-report';

/** Health probe, the system dashboard's figures, the host's and containers' resource history and the Docker services view. Needs MetricsModule (global). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HealthChecks, ProjectionHealth, SystemReports, DockerServices, ResourceSampler],
})
export class HealthModule {}
