import { Controller, Get, Logger, Param, Query, ServiceUnavailableException, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { Public, Roles } from '../access';
import { ProblemException } from '../common';
import { DockerServices, type DockerServicesReport, type DockerUnavailable, type StackLogs } from './docker/docker-services';
import { HealthChecks } from './health-checks';
import { DockerServicesReportDto, DockerUnavailableDto, HealthAnswerDto, StackLogsDto, SystemReportDto } from './http/health-views.dto';
import { ResourceHistoryDto } from './http/resource-history.dto';
import { LogsQuery } from './logs.query';
import { ResourceSampler, type ResourceHistory } from './resources/resource-sampler';
import { SystemReports, type SystemReport } from './system-report';

export interface HealthAnswer {
  readonly status: 'ok';
  readonly checks: HealthIndicatorResult;
}

/** "database: down (connect ECONNREFUSED ...)" for each failing check. */
function reasonsOf(result: HealthCheckResult): string {
  return Object.entries(result.error ?? {})
    .map(([name, check]) => {
      const message: unknown = (check as { message?: unknown } | undefined)?.message;
      return typeof message === 'string' ? `${name}: down (${message})` : `${name}: down`;
    })
    .join('; ');
}

/** An answer, or `{available: false, reason}` when the API cannot reach the Docker engine. */
const orDockerUnavailable = (answer: Type<unknown>) => ({
  oneOf: [{ $ref: getSchemaPath(answer) }, { $ref: getSchemaPath(DockerUnavailableDto) }],
});

@ApiTags('health')
@ApiExtraModels(DockerServicesReportDto, DockerUnavailableDto, StackLogsDto)
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: HealthChecks,
    private readonly system: SystemReports,
    private readonly docker: DockerServices,
    private readonly resources: ResourceSampler,
  ) {}

  /**
   * Liveness and readiness for Docker and Swarm: 200 `{status: 'ok', checks}`, or 503 problem+json
   * whose `detail` says what is down and why, `down` names those checks (`database`, `listener`,
   * `projectors`), and `checks` holds every check's state.
   */
  @Public()
  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthAnswerDto })
  @ApiResponse({ status: 503, description: 'problem+json: `down` names the failing checks, `checks` holds every check' })
  async check(): Promise<HealthAnswer> {
    try {
      const result = await this.health.check([() => this.checks.database(), () => this.checks.listener(), () => this.checks.projectors()]);
      return { status: 'ok', checks: result.details };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const reasons = reasonsOf(result);
      this.logger.warn(`unhealthy: ${reasons}`);
      throw ProblemException.of('unavailable', reasons, { down: Object.keys(result.error ?? {}), checks: result.details });
    }
  }

  @Roles('manager')
  @Get('system')
  @ApiBearerAuth()
  @ApiOkResponse({ type: SystemReportDto })
  systemReport(): Promise<SystemReport> {
    return this.system.report();
  }

  @Roles('manager')
  @Get('resources')
  @ApiBearerAuth()
  @ApiOkResponse({ type: ResourceHistoryDto })
  resourceHistory(): ResourceHistory {
    return this.resources.history();
  }

  @Roles('manager')
  @Get('services')
  @ApiBearerAuth()
  @ApiOkResponse({ schema: orDockerUnavailable(DockerServicesReportDto) })
  services(): Promise<DockerServicesReport | DockerUnavailable> {
    return this.docker.list();
  }

  @Roles('manager')
  @Get('services/:name/logs')
  @ApiBearerAuth()
  @ApiOkResponse({ schema: orDockerUnavailable(StackLogsDto) })
  async logs(@Param('name') name: string, @Query() query: LogsQuery): Promise<StackLogs | DockerUnavailable> {
    return this.docker.logs(name, query.tail);
  }
}
