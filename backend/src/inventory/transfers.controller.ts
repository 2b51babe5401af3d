import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { type AuthUser, CurrentUser } from '../access';
import type { HttpRequest } from '../common';
import type { Positioned } from '../event-store';
import type { TransferResult } from './commands/answers';
import { TransferStockCommand } from './commands/impl';
import { commandContext } from './http/command-context';
import { PositionedTransferResultDto } from './http/stock-movement-views.dto';
import { TransferDto } from './http/transfer.dto';

@ApiTags('stock movements')
@ApiBearerAuth()
@Controller('transfers')
export class TransfersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Move units of an item from one location to another: both legs in one event, or neither' })
  @ApiCreatedResponse({ type: PositionedTransferResultDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body answers the first result' })
  @ApiResponse({ status: 400, description: '`validation`, also for a transfer to the location it comes from' })
  @ApiResponse({ status: 404, description: '`not-found`: no such item or location' })
  @ApiResponse({ status: 409, description: '`insufficient-stock` at the source; `conflict` on an archived item or location' })
  transfer(@Body() body: TransferDto, @CurrentUser() user: AuthUser, @Req() request: HttpRequest): Promise<Positioned<TransferResult>> {
    const { itemId, fromLocationId, toLocationId, quantity } = body;
    const transfer = { itemId, transferId: randomUUID(), fromLocationId, toLocationId, quantity, reason: body.reason ?? null };
    return this.commands.execute(new TransferStockCommand(transfer, commandContext(request, user)));
  }
}
