import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectSettings, type AppSettings } from '../config';
import { type AuthUser, CurrentUser, Roles } from '../access';
import { PositionedEmailedResetLinkDto, PositionedTemporaryPasswordDto, PositionedUserViewDto, UserListDto } from './http/user-views.dto';
import { CreateUserDto, PasswordResetDto, UpdateUserDto } from './users.dto';
import type { Positioned } from '../event-store';
import type { UserView } from './user-view';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles('manager')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    @InjectSettings() private readonly settings: AppSettings,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserListDto })
  async list(): Promise<{ users: UserView[] }> {
    return { users: await this.users.list() };
  }

  @Post()
  @ApiCreatedResponse({ type: PositionedUserViewDto })
  create(@Body() body: CreateUserDto, @CurrentUser() manager: AuthUser): Promise<Positioned<UserView>> {
    const { username, email, role } = body;
    if (body.service === true)
      return this.users.register(
        { username, email, role, password: null },
        { actor: manager, reason: `service account created as ${role} by a manager` },
      );
    return this.users.register(
      { username, email, role, password: body.password },
      { actor: manager, reason: `created as ${role} by a manager` },
    );
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

  /** The emailed link answers 202: it is sent, but the password stays until the user opens it. */
  @Post(':id/password-reset')
  @ApiCreatedResponse({ type: PositionedTemporaryPasswordDto, description: 'delivery `temporary`' })
  @ApiAcceptedResponse({ type: PositionedEmailedResetLinkDto, description: 'delivery `email`' })
  @ApiServiceUnavailableResponse({ description: 'delivery `email` where no email can be sent; nothing changed' })
  async resetPassword(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PasswordResetDto,
    @CurrentUser() manager: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Positioned<{ temporaryPassword: string } | { emailed: true; to: string }>> {
    if (body.delivery !== 'email') return this.users.resetPassword(id, manager);
    const appUrl = this.settings.config.publicUrl ?? `${request.protocol}://${request.host}`;
    void reply.code(202);
    return this.users.emailResetLink(id, manager, appUrl);
  }
}
