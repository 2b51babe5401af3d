import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import type { Positioned } from '../event-store';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HttpRequest } from '../common';
import { randomUUID } from 'node:crypto';
import { type AuthUser, CurrentUser } from '../access';
import type { MovementResult } from './commands/answers';
import { AdjustStockCommand, IssueStockCommand, ReceiveStockCommand } from './commands/impl';
import { commandContext } from './http/command-context';
import { ListStockMovementsQueryDto } from './http/list-query.dto';
import { page } from './http/params';
import { StockMovementDto } from './http/stock-movement.dto';
import { PositionedMovementResultDto, StockMovementListDto } from './http/stock-movement-views.dto';
import { ListStockMovementsQuery, positionCursor, type StockMovementList } from './queries/impl';

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

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
  @ApiResponse({ status: 409, description: '`insufficient-stock` when OUT exceeds the stock; `conflict` on an archived item' })
  record(@Body() body: StockMovementDto, @CurrentUser() user: AuthUser, @Req() request: HttpRequest): Promise<Positioned<MovementResult>> {
    const context = commandContext(request, user);
    const { itemId, quantity } = body;
    const movement = { itemId, movementId: randomUUID(), reason: body.reason ?? null, note: body.note ?? null };
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

  @Get()
  @ApiOperation({ summary: 'Stock movements, newest first' })
  @ApiOkResponse({ type: StockMovementListDto })
  list(@Query() query: ListStockMovementsQueryDto): Promise<StockMovementList> {
    const { limit, cursor } = page(query, positionCursor);
    const filter = { itemId: query.itemId, type: query.type, userId: query.userId, from: date(query.from), to: date(query.to) };
    return this.queries.execute(new ListStockMovementsQuery(filter, limit, cursor));
  }
}
