import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RegisterDto } from '../users';
import { UsersService, type SelfRegistration } from '../users';
import { headerOf, ProblemException } from '../common';
import { InjectSettings, type AppSettings } from '../config';
import { type AuthUser, AuthUserDto, authUserOf, CurrentUser, OpenToPasswordChange, Public, type SignedInUser } from '../access';
import { RegisteredDto, SessionListDto, SignedInDto } from './http/auth-answers.dto';
import { ChangePasswordDto, ResetRequestDto, SetPasswordWithLinkDto } from './change-password.dto';
import { LoginDto } from './login.dto';
import { LoginThrottle } from './login-throttle.interceptor';
import { clearRefreshCookie, refreshTokenOf, setRefreshCookie } from './refresh-cookie';
import { RegistrationThrottle } from './registration-throttle.guard';
import { ResetRequestThrottle } from './reset-request-throttle.guard';
import { Sessions, type SessionStep, type SessionView, type SignedIn } from './sessions';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: Sessions,
    @InjectSettings() private readonly settings: AppSettings,
  ) {}

  /**
   * Anyone may register; the account is always `staff`, whatever role the body asks for. The answer
   * is the same whether or not the email already belongs to an account.
   */
  @Public()
  @UseGuards(RegistrationThrottle)
  @Post('register')
  @ApiCreatedResponse({ type: RegisteredDto })
  async register(@Body() body: RegisterDto): Promise<{ user: SelfRegistration }> {
    const { username, email, password } = body;
    return { user: await this.users.registerSelf({ username, email, password }) };
  }

  @Public()
  @UseInterceptors(LoginThrottle)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SignedInDto })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SignedIn> {
    const origin = { address: request.ip, userAgent: headerOf(request, 'user-agent') };
    return withCookie(request, reply, await this.sessions.signIn(body.username, body.password, origin));
  }

  /** Public: the session cookie is the credential, since the access token it renews has usually expired. */
  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SignedInDto })
  async refresh(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SignedIn> {
    try {
      return withCookie(request, reply, await this.sessions.refresh(refreshTokenOf(request)));
    } catch (error) {
      clearRefreshCookie(request, reply);
      throw error;
    }
  }

  /** Public, so that signing out works with an expired access token too: the cookie names the session to end. */
  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.signOut(refreshTokenOf(request));
    clearRefreshCookie(request, reply);
  }

  /**
   * Open to a token issued on a temporary password: the way out of it. The caller's own session is
   * kept (refresh it for a full token), every other one ends.
   */
  @Post('password')
  @OpenToPasswordChange()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiNoContentResponse()
  async changePassword(@Body() body: ChangePasswordDto, @CurrentUser() user: SignedInUser): Promise<void> {
    await this.users.changePassword(user, body.currentPassword, body.newPassword, user.credential.id);
  }

  /** Anyone holding an emailed reset link: its token, 256 random bits, is the credential, once; too long to guess, so not throttled. */
  @Public()
  @Post('password-reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiGoneResponse({ description: 'The link was used, replaced or has expired (`/problems/reset-link-invalid`)' })
  async setPasswordWithLink(@Body() body: SetPasswordWithLinkDto): Promise<void> {
    await this.users.setPasswordWithLink(body.token, body.newPassword);
  }

  /**
   * "Forgot password?": the same 202 whether or not an account matches. The link's address is
   * PUBLIC_URL only, never the request's Host, which whoever asks could set to a site of theirs.
   */
  @Public()
  @UseGuards(ResetRequestThrottle)
  @Post('password-reset-request')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'If an active account matches, a one-time link is on its way to its address' })
  @ApiServiceUnavailableResponse({ description: 'PUBLIC_URL is not set, so no link can be sent to anyone' })
  requestResetLink(@Body() body: ResetRequestDto): void {
    const { publicUrl } = this.settings.config;
    if (publicUrl === undefined) {
      throw ProblemException.of('unavailable', 'Resetting your own password is not set up here; ask a manager to reset it.');
    }
    this.users.requestResetLink(body.login.trim(), publicUrl);
  }

  @Get('me')
  @OpenToPasswordChange()
  @ApiBearerAuth()
  @ApiOkResponse({ type: AuthUserDto })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return authUserOf(user);
  }

  @Get('sessions')
  @ApiBearerAuth()
  @ApiOkResponse({ type: SessionListDto })
  async sessionsOf(@CurrentUser() user: SignedInUser): Promise<{ sessions: SessionView[] }> {
    return { sessions: await this.sessions.list(user.id, user) };
  }

  /** Any of one's own sessions, this one included: its access tokens are refused from the next request. */
  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No live session of yours has this id' })
  async revokeSession(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: SignedInUser): Promise<void> {
    if (!(await this.sessions.endOne(user.id, id, 'revoked by its user')))
      throw ProblemException.of('not-found', 'You have no such session');
  }
}

function withCookie(request: FastifyRequest, reply: FastifyReply, step: SessionStep): SignedIn {
  if (step.refresh) setRefreshCookie(request, reply, step.refresh.token, step.refresh.seconds);
  return step.answer;
}
