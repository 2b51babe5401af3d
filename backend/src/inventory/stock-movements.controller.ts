import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import type { Positioned } from '../event-store';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { pipeline, Readable } from 'node:stream';
import type { HttpRequest } from '../common';
import { randomUUID } from 'node:crypto';
import { type AuthUser, CurrentUser } from '../access';
import type { MovementResult, ReversalPreview } from './commands/answers';
import {
  AdjustStockCommand,
  IssueStockCommand,
  PreviewReversalCommand,
  ReceiveStockCommand,
  ReverseMovementCommand,
} from './commands/impl';
import { MAIN_LOCATION_ID } from './domain/item-events';
import { commandContext } from './http/command-context';
import { ListStockMovementsQueryDto, StockMovementFilterQueryDto } from './http/list-query.dto';
import { MOVEMENTS_CSV_TYPE, movementsCsv, withLocationCell } from './http/movements-csv';
import { MovementIdParam, page } from './http/params';
import { ReversalDto, ReversalPreviewDto, ReversalQueryDto } from './http/reversal.dto';
import { StockMovementDto } from './http/stock-movement.dto';
import { PositionedMovementResultDto, StockMovementListDto } from './http/stock-movement-views.dto';
import {
  ExportStockMovementsQuery,
  ListStockMovementsQuery,
  positionCursor,
  type StockMovementFilter,
  type StockMovementList,
} from './queries/impl';

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

const filterOf = (query: StockMovementFilterQueryDto): StockMovementFilter => ({
  itemId: query.itemId,
  type: query.type,
  userId: query.userId,
  locationId: query.locationId,
  from: date(query.from),
  to: date(query.to),
});

@ApiTags('stock movements')
@ApiBearerAuth()
@Controller('stock-movements')
export class StockMovementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Record stock in (IN), out (OUT) or counted (ADJUST)' })
  @ApiCreatedResponse({ type: PositionedMovementResultDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body answers the first result' })
  @ApiResponse({
    status: 409,
    description: '`insufficient-stock` when OUT exceeds the stock at the location; `conflict` on an archived item or location',
  })
  record(@Body() body: StockMovementDto, @CurrentUser() user: AuthUser, @Req() request: HttpRequest): Promise<Positioned<MovementResult>> {
    const context = commandContext(request, user);
    const { itemId, quantity } = body;
    const locationId = body.locationId ?? MAIN_LOCATION_ID;
    const movement = { itemId, movementId: randomUUID(), locationId, reason: body.reason ?? null, note: body.note ?? null };
    switch (body.type) {
      case 'IN':
        return this.commands.execute(new ReceiveStockCommand({ ...movement, quantity }, context));
      case 'OUT':
        return this.commands.execute(new IssueStockCommand({ ...movement, quantity }, context));
      case 'ADJUST':
        return this.commands.execute(new AdjustStockCommand({ ...movement, countedQuantity: quantity }, context));
      default: {
        const unknown: never = body.type;
        throw new Error(`unknown movement type ${String(unknown)}`);
      }
    }
  }

  @Post(':id/reverse')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Correct a movement by a new one pointing at it (`reverses`): the same units back at the same location; a transfer moved back',
  })
  @ApiCreatedResponse({ type: PositionedMovementResultDto, description: 'The correcting movement and the item after it' })
  @ApiOkResponse({ type: ReversalPreviewDto, description: 'With `dryRun=true`: the quantities before and after; nothing written' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body answers the first result' })
  @ApiResponse({ status: 403, description: '`forbidden`: staff may reverse only the movements they recorded' })
  @ApiResponse({ status: 404, description: '`not-found`: no such movement' })
  @ApiResponse({
    status: 409,
    description:
      '`already-reversed`; `reversal-not-reversible` for a correction; `insufficient-stock` when a location would go below zero; `conflict` on an archived item or location',
  })
  async reverse(
    @MovementIdParam() id: string,
    @Body() body: ReversalDto,
    @Query() query: ReversalQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Positioned<MovementResult> | ReversalPreview> {
    if (query.dryRun === 'true') {
      reply.status(HttpStatus.OK);
      return this.commands.execute(new PreviewReversalCommand(id, body.reason, user));
    }
    return this.commands.execute(new ReverseMovementCommand(id, randomUUID(), body.reason, user, commandContext(request, user)));
  }

  @Get()
  @ApiOperation({ summary: 'Stock movements, newest first' })
  @ApiOkResponse({ type: StockMovementListDto })
  list(@Query() query: ListStockMovementsQueryDto): Promise<StockMovementList> {
    const { limit, cursor } = page(query, positionCursor);
    return this.queries.execute(new ListStockMovementsQuery(filterOf(query), limit, cursor));
  }

  @Get('export')
  @ApiOperation({ summary: 'Every stock movement matching the filters, newest first, as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description: 'A download, `ims-stock-movements-<date>.csv`, header row first',
  })
  @ApiResponse({ status: 400, description: 'A filter is not valid (problem+json lists each)' })
  async export(@Query() query: StockMovementFilterQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const movements = await this.queries.execute(new ExportStockMovementsQuery(filterOf(query)));
    // A read that fails midway, or a client that leaves, ends the download cut short: the body stream errors.
    const body = pipeline(Readable.from(withLocationCell(movements)), movementsCsv(), () => undefined);
    await reply
      .header('Content-Disposition', `attachment; filename="ims-stock-movements-${new Date().toISOString().slice(0, 10)}.csv"`)
      .type(MOVEMENTS_CSV_TYPE)
      .send(body);
  }
}
