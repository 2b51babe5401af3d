import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import type { Positioned } from '../event-store';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HttpRequest } from '../common';
import { randomUUID } from 'node:crypto';
import { type AuthUser, CurrentUser, Roles } from '../access';
import { ProblemException } from '../common';
import { ArchiveItemCommand, CreateItemCommand, RestoreItemCommand, SetLocationThresholdCommand, UpdateItemCommand } from './commands/impl';
import { commandContext } from './http/command-context';
import { ArchiveItemDto, CreateItemDto, RestoreItemDto, SetLocationThresholdDto, UpdateItemDto } from './http/item.dto';
import { ItemDetailViewDto, ItemHistoryDto, ItemListDto, PositionedItemDto, StockAtDto } from './http/item-views.dto';
import { ListItemsQueryDto, PageQueryDto, StockAtQueryDto } from './http/list-query.dto';
import { ItemIdParam, LocationIdParam, page, versionFromIfMatch } from './http/params';
import {
  GetItemByCodeQuery,
  GetItemHistoryQuery,
  GetItemQuery,
  GetStockAtQuery,
  itemsCursor,
  ListItemsQuery,
  positionCursor,
  type ItemDetailView,
  type ItemHistory,
  type ItemList,
  type ItemView,
  type StockAt,
} from './queries/impl';

const found = <T>(value: T | null, itemId: string): T => {
  if (value === null) throw ProblemException.of('not-found', `item ${itemId} does not exist`);
  return value;
};

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key and body answers the first result',
};

const IF_MATCH_HEADER = { name: 'If-Match', required: false, description: 'The version last seen; a stale one is refused with 409' };

@ApiTags('items')
@ApiBearerAuth()
@Controller('items')
export class ItemsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Items in the order asked for (SKU by default), a page at a time' })
  @ApiOkResponse({ type: ItemListDto })
  list(@Query() query: ListItemsQueryDto): Promise<ItemList> {
    const { limit, cursor } = page(query, itemsCursor);
    const options = { archived: query.archived === 'true', sort: query.sort ?? 'sku', locationId: query.locationId };
    return this.queries.execute(new ListItemsQuery(query.search, query.lowStock === 'true', limit, cursor, options));
  }

  @Post()
  @Roles('manager')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create an item (manager)' })
  @ApiCreatedResponse({ type: PositionedItemDto })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 409, description: 'The SKU or the barcode is taken' })
  create(@Body() body: CreateItemDto, @CurrentUser() user: AuthUser, @Req() request: HttpRequest): Promise<Positioned<ItemView>> {
    const fields = {
      sku: body.sku,
      name: body.name,
      description: body.description ?? '',
      unit: body.unit ?? 'pcs',
      lowStockThreshold: body.lowStockThreshold ?? 0,
      price: body.price ?? null,
      barcode: body.barcode ?? null,
    };
    return this.commands.execute(new CreateItemCommand(randomUUID(), fields, body.quantity ?? 0, commandContext(request, user)));
  }

  @Get('by-code/:code')
  @ApiOperation({ summary: 'The item a scanned code names: the one with exactly this barcode, else the one with this SKU (any case)' })
  @ApiOkResponse({ type: ItemDetailViewDto })
  @ApiResponse({ status: 404, description: 'No item has this barcode or SKU' })
  async byCode(@Param('code') code: string): Promise<ItemDetailView> {
    const item = await this.queries.execute(new GetItemByCodeQuery(code));
    if (item === null) throw ProblemException.of('not-found', `no item has the barcode or SKU ${JSON.stringify(code)}`);
    return item;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One item, archived or not' })
  @ApiOkResponse({ type: ItemDetailViewDto })
  async get(@ItemIdParam() itemId: string): Promise<ItemDetailView> {
    return found(await this.queries.execute(new GetItemQuery(itemId)), itemId);
  }

  @Patch(':id')
  @Roles('manager')
  @ApiOperation({ summary: 'Change editable fields (manager)' })
  @ApiOkResponse({ type: PositionedItemDto })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_HEADER)
  update(
    @ItemIdParam() itemId: string,
    @Body() body: UpdateItemDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() request: HttpRequest,
  ): Promise<Positioned<ItemView>> {
    const { reason, ...changes } = body;
    const command = new UpdateItemCommand(itemId, changes, versionFromIfMatch(ifMatch), reason ?? null, commandContext(request, user));
    return this.commands.execute(command);
  }

  @Delete(':id')
  @Roles('manager')
  @ApiOperation({ summary: 'Archive an item (manager); its history stays and its SKU stays taken' })
  @ApiOkResponse({ type: PositionedItemDto })
  @ApiHeader(IDEMPOTENCY_HEADER)
  archive(
    @ItemIdParam() itemId: string,
    @Body() body: ArchiveItemDto,
    @CurrentUser() user: AuthUser,
    @Req() request: HttpRequest,
  ): Promise<Positioned<ItemView>> {
    return this.commands.execute(new ArchiveItemCommand(itemId, body.reason ?? null, commandContext(request, user)));
  }

  @Post(':id/restore')
  @Roles('manager')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Restore an archived item (manager): it is listed and accepts changes and movements again' })
  @ApiOkResponse({ type: PositionedItemDto })
  @ApiResponse({ status: 409, description: 'The item is not archived, or If-Match is stale' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_HEADER)
  restore(
    @ItemIdParam() itemId: string,
    @Body() body: RestoreItemDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() request: HttpRequest,
  ): Promise<Positioned<ItemView>> {
    const command = new RestoreItemCommand(itemId, versionFromIfMatch(ifMatch), body.reason ?? null, commandContext(request, user));
    return this.commands.execute(command);
  }

  @Put(':id/locations/:locationId')
  @Roles('manager')
  @ApiOperation({ summary: "Set or (null) remove the item's low-stock threshold at a location (manager), beside its total one" })
  @ApiOkResponse({ type: PositionedItemDto })
  @ApiResponse({ status: 404, description: 'The item or the location does not exist' })
  @ApiResponse({ status: 409, description: 'The item or the location is archived, or If-Match is stale' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_HEADER)
  setLocationThreshold(
    @ItemIdParam() itemId: string,
    @LocationIdParam() locationId: string,
    @Body() body: SetLocationThresholdDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() request: HttpRequest,
  ): Promise<Positioned<ItemView>> {
    const threshold = {
      itemId,
      locationId,
      lowStockThreshold: body.lowStockThreshold,
      expectedVersion: versionFromIfMatch(ifMatch),
      reason: body.reason ?? null,
    };
    return this.commands.execute(new SetLocationThresholdCommand(threshold, commandContext(request, user)));
  }

  @Get(':id/history')
  @ApiOperation({ summary: "An item's events, newest first" })
  @ApiOkResponse({ type: ItemHistoryDto })
  async history(@ItemIdParam() itemId: string, @Query() query: PageQueryDto): Promise<ItemHistory> {
    const { limit, cursor } = page(query, positionCursor);
    return found(await this.queries.execute(new GetItemHistoryQuery(itemId, limit, cursor)), itemId);
  }

  @Get(':id/stock-at')
  @ApiOperation({ summary: "The quantity as it stood at a moment: the item's total, or its units at one location" })
  @ApiOkResponse({ type: StockAtDto })
  async stockAt(@ItemIdParam() itemId: string, @Query() query: StockAtQueryDto): Promise<StockAt> {
    return found(await this.queries.execute(new GetStockAtQuery(itemId, new Date(query.at), query.locationId)), itemId);
  }
}
