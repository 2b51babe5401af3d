import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type SignedInUser } from '../access';
import { SessionListDto } from './http/auth-answers.dto';
import { Sessions, type SessionView } from './sessions';

/** A manager's view of a user's sessions (`/api/users/:id/sessions`), beside the users routes. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles('manager')
export class UserSessionsController {
  constructor(private readonly sessions: Sessions) {}

  @Get(':id/sessions')
  @ApiOkResponse({ type: SessionListDto })
  async list(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() manager: SignedInUser): Promise<{ sessions: SessionView[] }> {
    return { sessions: await this.sessions.list(id, manager) };
  }

  /** Every session of the user ends, its access tokens refused from the next request. */
  @Delete(':id/sessions')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  revokeAll(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.sessions.endAll(id, 'revoked by a manager');
  }
}
