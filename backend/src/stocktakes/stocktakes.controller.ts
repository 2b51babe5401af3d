import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { type AuthUser, CurrentUser, Roles } from '../access';
import { ProblemException, type HttpRequest } from '../common';
import type { Positioned } from '../event-store';
import { commandContext, UuidIdParam } from '../inventory';
import { CountLineCommand, OpenStocktakeCommand, PostStocktakeCommand } from './commands/impl';
import { CountLineDto, OpenStocktakeDto, PostStocktakeQueryDto } from './http/stocktake.dto';
import {
  PositionedCountedLineDto,
  PositionedOpenedStocktakeDto,
  PostingDto,
  StocktakeSummaryDto,
  StocktakeViewDto,
} from './http/stocktake-views.dto';
import {
  GetStocktakeQuery,
  ListStocktakesQuery,
  type CountedLine,
  type OpenedStocktake,
  type Posting,
  type StocktakeSummary,
  type StocktakeView,
} from './queries/impl';

const ItemIdParam = () =>
  Param(
    'itemId',
    new ParseUUIDPipe({
      exceptionFactory: () =>
        ProblemException.of('validation', 'itemId must be a UUID', { errors: [{ field: 'itemId', message: 'must be a UUID' }] }),
    }),
  );

@ApiTags('stocktakes')
@ApiBearerAuth()
@Controller('stocktakes')
export class StocktakesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every stocktake, newest first' })
  @ApiOkResponse({ type: [StocktakeSummaryDto] })
  list(): Promise<StocktakeSummary[]> {
    return this.queries.execute(new ListStocktakesQuery());
  }

  @Get(':id')
  @ApiOperation({ summary: 'A stocktake with its lines; expected and variance for managers only (counts are blind)' })
  @ApiOkResponse({ type: StocktakeViewDto })
  async get(@UuidIdParam() stocktakeId: string, @CurrentUser() user: AuthUser): Promise<StocktakeView> {
    const stocktake = await this.queries.execute(new GetStocktakeQuery(stocktakeId, user.role !== 'manager'));
    if (stocktake === null) throw ProblemException.of('not-found', `stocktake ${stocktakeId} does not exist`);
    return stocktake;
  }

  @Post()
  @Roles('manager')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Open a count at a location, of the chosen items or of every item with stock there (manager)' })
  @ApiCreatedResponse({ type: PositionedOpenedStocktakeDto })
  @ApiResponse({ status: 404, description: 'No such location' })
  @ApiResponse({ status: 409, description: 'The location is archived' })
  open(@Body() body: OpenStocktakeDto, @CurrentUser() user: AuthUser, @Req() request: HttpRequest): Promise<Positioned<OpenedStocktake>> {
    return this.commands.execute(new OpenStocktakeCommand(randomUUID(), body.locationId, body.itemIds, commandContext(request, user)));
  }

  @Put(':id/lines/:itemId')
  @ApiOperation({ summary: 'Record a count of one line, at the position the item stood at' })
  @ApiOkResponse({ type: PositionedCountedLineDto })
  @ApiResponse({ status: 404, description: 'No such stocktake, or the item is not one of its lines' })
  @ApiResponse({ status: 409, description: 'The stocktake is posted' })
  count(
    @UuidIdParam() stocktakeId: string,
    @ItemIdParam() itemId: string,
    @Body() body: CountLineDto,
    @CurrentUser() user: AuthUser,
    @Req() request: HttpRequest,
  ): Promise<Positioned<CountedLine>> {
    return this.commands.execute(new CountLineCommand(stocktakeId, itemId, body.counted, commandContext(request, user)));
  }

  @Post(':id/post')
  @Roles('manager')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Post: one ADJUST per counted line with a variance, all in one transaction; again answers the first posting (manager)',
  })
  @ApiOkResponse({ type: PostingDto })
  @ApiResponse({ status: 409, description: 'Nothing counted, or an adjustment would take the stock now below zero' })
  post(
    @UuidIdParam() stocktakeId: string,
    @Query() query: PostStocktakeQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: HttpRequest,
  ): Promise<Posting | Positioned<Posting>> {
    return this.commands.execute(new PostStocktakeCommand(stocktakeId, query.dryRun === 'true', commandContext(request, user)));
  }
}
