import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { type AuthUser, CurrentUser, Roles } from '../access';
import type { HttpRequest } from '../common';
import type { Positioned } from '../event-store';
import { commandContext, UuidIdParam } from '../inventory';
import { ArchiveLocationCommand, CreateLocationCommand, RenameLocationCommand } from './commands/impl';
import { CreateLocationDto, UpdateLocationDto } from './http/location.dto';
import { LocationViewDto, PositionedLocationDto } from './http/location-views.dto';
import { ListLocationsQuery, type LocationView } from './queries/impl';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key and body answers the first result',
};

@ApiTags('locations')
@ApiBearerAuth()
@Controller('locations')
export class LocationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every location, the main one first; archived ones included' })
  @ApiOkResponse({ type: [LocationViewDto] })
  list(): Promise<LocationView[]> {
    return this.queries.execute(new ListLocationsQuery());
  }

  @Post()
  @Roles('manager')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a location (manager)' })
  @ApiCreatedResponse({ type: PositionedLocationDto })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 409, description: 'The code is taken' })
  create(@Body() body: CreateLocationDto, @CurrentUser() user: AuthUser, @Req() request: HttpRequest): Promise<Positioned<LocationView>> {
    const fields = { code: body.code, name: body.name };
    return this.commands.execute(new CreateLocationCommand(randomUUID(), fields, commandContext(request, user)));
  }

  @Patch(':id')
  @Roles('manager')
  @ApiOperation({ summary: 'Change the code or the name of a location (manager)' })
  @ApiOkResponse({ type: PositionedLocationDto })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 409, description: 'The code is taken, or the location is archived' })
  rename(
    @UuidIdParam() locationId: string,
    @Body() body: UpdateLocationDto,
    @CurrentUser() user: AuthUser,
    @Req() request: HttpRequest,
  ): Promise<Positioned<LocationView>> {
    return this.commands.execute(new RenameLocationCommand(locationId, body, commandContext(request, user)));
  }

  @Delete(':id')
  @Roles('manager')
  @ApiOperation({ summary: 'Archive a location (manager); its code stays taken' })
  @ApiOkResponse({ type: PositionedLocationDto })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 409, description: 'The main location, or one already archived' })
  archive(
    @UuidIdParam() locationId: string,
    @CurrentUser() user: AuthUser,
    @Req() request: HttpRequest,
  ): Promise<Positioned<LocationView>> {
    return this.commands.execute(new ArchiveLocationCommand(locationId, commandContext(request, user)));
  }
}
