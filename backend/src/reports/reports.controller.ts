import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../access';
import { defaultFrom, type Activity } from './domain/activity';
import { DEFAULT_COVER_DAYS } from './domain/reorder';
import type { Valuation } from './domain/valuation';
import { activityCsv, CSV_TYPE, reorderCsv, valuationCsv } from './http/report-csv';
import { ActivityQueryDto, ReorderQueryDto, ValuationQueryDto } from './http/report-query.dto';
import { ActivityDto, ReorderReportDto, ValuationDto } from './http/report-views.dto';
import { GetActivityQuery, GetReorderReportQuery, GetValuationQuery, type ReorderReport } from './queries/impl';

const CSV_DESCRIPTION = 'With `format=csv`: a download, `ims-<report>-<date>.csv`, header row first';

/** Answers the CSV as a download named for the report and the day it was asked for. */
function download(reply: FastifyReply, report: string, body: string): string {
  void reply
    .header('Content-Disposition', `attachment; filename="ims-${report}-${new Date().toISOString().slice(0, 10)}.csv"`)
    .type(CSV_TYPE);
  return body;
}

@ApiTags('reports')
@ApiBearerAuth()
@Roles('manager')
@Controller('reports')
export class ReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('reorder')
  @ApiOperation({ summary: 'Items at or below their reorder point, with daily use, days of cover and a suggested order (manager)' })
  @ApiOkResponse({ type: ReorderReportDto, description: CSV_DESCRIPTION })
  @ApiProduces('application/json', 'text/csv')
  async reorder(@Query() query: ReorderQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReorderReport | string> {
    const report = await this.queries.execute(new GetReorderReportQuery(new Date(), query.coverDays ?? DEFAULT_COVER_DAYS));
    return query.format === 'csv' ? download(reply, 'reorder', reorderCsv(report)) : report;
  }

  @Get('valuation')
  @ApiOperation({ summary: 'Stock worth as it stood at a time, per location and item, at the prices then in force (manager)' })
  @ApiOkResponse({ type: ValuationDto, description: CSV_DESCRIPTION })
  @ApiProduces('application/json', 'text/csv')
  async valuation(@Query() query: ValuationQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Valuation | string> {
    const at = query.at === undefined ? new Date() : new Date(query.at);
    const report = await this.queries.execute(new GetValuationQuery(at, query.locationId));
    return query.format === 'csv' ? download(reply, 'valuation', valuationCsv(report)) : report;
  }

  @Get('activity')
  @ApiOperation({ summary: 'Movements per day or week by type, and the top movers (manager)' })
  @ApiOkResponse({ type: ActivityDto, description: CSV_DESCRIPTION })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 400, description: 'An empty or reversed span, or more than 366 buckets' })
  async activity(@Query() query: ActivityQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Activity | string> {
    const bucket = query.bucket ?? 'day';
    const to = query.to === undefined ? new Date() : new Date(query.to);
    const from = query.from === undefined ? defaultFrom(to, bucket) : new Date(query.from);
    const report = await this.queries.execute(new GetActivityQuery(from, to, bucket));
    return query.format === 'csv' ? download(reply, 'activity', activityCsv(report)) : report;
  }
}
