import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../access';
import { PositionedUserViewDto, UserListDto } from './http/user-views.dto';
import { ChangeRoleDto, CreateUserDto } from './users.dto';
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
  changeRole(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeRoleDto,
    @CurrentUser() manager: AuthUser,
  ): Promise<Positioned<UserView>> {
    return this.users.changeRole(id, body.role, manager);
  }
}
