import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import accepts from 'accepts';
import type { FastifyReply } from 'fastify';
import { pipeline, Readable } from 'node:stream';
import { Roles } from '../access';
import type { ChainVerdict } from '../event-store';
import { EventLog, type EventFilter, type EventLogPage } from './event-log';
import { EXPORT_SHAPES } from './export-formats';
import { ChainVerdictDto, EventLogPageDto } from './http/event-log-views.dto';
import {
  DEFAULT_EVENT_LIMIT,
  EventExportQueryDto,
  EventLogQueryDto,
  type EventCategory,
  type EventFilterQueryDto,
  type ExportFormat,
} from './http/event-log-query.dto';
import type { HttpRequest } from '../common';
import { ACCESS_CATEGORY_TYPES } from '../users';

const CATEGORY_TYPES: Record<EventCategory, readonly string[]> = { access: ACCESS_CATEGORY_TYPES };

const filterOf = (query: EventFilterQueryDto): EventFilter => ({
  streamId: query.streamId,
  type: query.type,
  types: query.category === undefined ? undefined : CATEGORY_TYPES[query.category],
  userId: query.userId,
  from: query.from,
  to: query.to,
});

@ApiTags('audit')
@ApiBearerAuth()
@Roles('manager')
@ApiResponse({ status: 403, description: 'Not a manager' })
@ApiResponse({ status: 503, description: 'A write has held the log open for seconds; retry' })
@Controller('events')
export class EventsController {
  constructor(private readonly log: EventLog) {}

  @Get()
  @ApiOperation({ summary: 'The raw event log in position order (oldest or newest first), filtered, a page at a time (manager)' })
  @ApiOkResponse({ type: EventLogPageDto })
  @ApiResponse({ status: 400, description: 'A filter is not valid (problem+json lists each)' })
  list(@Query() query: EventLogQueryDto): Promise<EventLogPage> {
    return this.log.page(
      filterOf(query),
      { after: query.after ?? 0, before: query.before, order: query.order ?? 'asc' },
      query.limit ?? DEFAULT_EVENT_LIMIT,
    );
  }

  @Get('export')
  @ApiOperation({ summary: 'Every event matching the filters, streamed as CSV or NDJSON (manager)' })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description: 'A download named for its horizon, also sent as `X-Events-Horizon`',
  })
  @ApiResponse({ status: 400, description: 'A filter is not valid (problem+json lists each)' })
  async export(@Query() query: EventExportQueryDto, @Req() request: HttpRequest, @Res() reply: FastifyReply): Promise<void> {
    const format: ExportFormat =
      query.format ?? (accepts(request.raw).type(['text/csv', 'application/x-ndjson']) === 'application/x-ndjson' ? 'ndjson' : 'csv');
    const shape = EXPORT_SHAPES[format];
    const { horizon, events } = await this.log.export(filterOf(query), query.after ?? 0);
    // A read that fails midway, or a client that leaves, ends the download cut short: the body stream errors.
    const body = pipeline(Readable.from(events), shape.encoder(), () => undefined);
    await reply
      .header('Content-Disposition', `attachment; filename="ims-events-to-${horizon}.${shape.extension}"`)
      .header('X-Events-Horizon', String(horizon))
      .type(shape.contentType)
      .send(body);
  }

  @Get('verify')
  @ApiOperation({
    summary:
      'Recompute every hash of the log and compare it with the anchor kept outside the database: `{ok, checked, firstBadPosition?, head, anchor?}` (manager)',
  })
  @ApiOkResponse({ type: ChainVerdictDto })
  verify(): Promise<ChainVerdict> {
    return this.log.verify();
  }
}
