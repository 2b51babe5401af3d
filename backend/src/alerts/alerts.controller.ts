import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_LIMIT } from '../inventory';
import { ListAlertsQueryDto } from './alerts.dto';
import { AlertListDto } from './http/alert-views.dto';
import type { AlertList } from './read-models/alert-view';
import { ListAlertsQuery } from './queries/list-alerts.query';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Low-stock alerts, newest first, with their delivery state and email' })
  @ApiOkResponse({ type: AlertListDto })
  list(@Query() query: ListAlertsQueryDto): Promise<AlertList> {
    const before = query.cursor === undefined ? undefined : Number(query.cursor);
    return this.queries.execute(new ListAlertsQuery(query.state, query.itemId, query.limit ?? DEFAULT_LIMIT, before));
  }
}
