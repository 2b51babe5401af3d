import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RegisterDto } from '../users';
import { UsersService, type SelfRegistration } from '../users';
import { type AuthUser, AuthUserDto, CurrentUser, Public } from '../access';
import { RegisteredDto, SignedInDto } from './http/auth-answers.dto';
import { ChangePasswordDto } from './change-password.dto';
import { LoginDto } from './login.dto';
import { LoginThrottle } from './login-throttle.interceptor';
import { clearRefreshCookie, refreshTokenOf, setRefreshCookie } from './refresh-cookie';
import { RegistrationThrottle } from './registration-throttle.guard';
import { Sessions, type SessionStep, type SignedIn } from './sessions';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: Sessions,
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
    return withCookie(request, reply, await this.sessions.signIn(body.username, body.password));
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

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiNoContentResponse()
  async changePassword(@Body() body: ChangePasswordDto, @CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<void> {
    await this.users.changePassword(user, body.currentPassword, body.newPassword, refreshTokenOf(request));
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: AuthUserDto })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}

function withCookie(request: FastifyRequest, reply: FastifyReply, step: SessionStep): SignedIn {
  if (step.refresh) setRefreshCookie(request, reply, step.refresh.token, step.refresh.seconds);
  return step.answer;
}
