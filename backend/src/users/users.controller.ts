import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../access';
import { PositionedTemporaryPasswordDto, PositionedUserViewDto, UserListDto } from './http/user-views.dto';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import type { Positioned } from '../event-store';
import type { UserView } from './user-view';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles('manager')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserListDto })
  async list(): Promise<{ users: UserView[] }> {
    return { users: await this.users.list() };
  }

  @Post()
  @ApiCreatedResponse({ type: PositionedUserViewDto })
  create(@Body() body: CreateUserDto, @CurrentUser() manager: AuthUser): Promise<Positioned<UserView>> {
    return this.users.register(body, { actor: manager, reason: `created as ${body.role} by a manager` });
  }

  @Patch(':id')
  @ApiOkResponse({ type: PositionedUserViewDto })
  @ApiConflictResponse({ description: 'The last active manager cannot be demoted or deactivated' })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() manager: AuthUser,
  ): Promise<Positioned<UserView>> {
    return this.users.update(id, { role: body.role, active: body.active }, manager);
  }

  @Post(':id/password-reset')
  @ApiCreatedResponse({ type: PositionedTemporaryPasswordDto })
  resetPassword(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() manager: AuthUser,
  ): Promise<Positioned<{ temporaryPassword: string }>> {
    return this.users.resetPassword(id, manager);
  }
}
