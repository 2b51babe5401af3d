import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ProblemException } from '../common/problem/problem';
import { RegisterDto } from '../users/users.dto';
import type { Positioned } from '../event-store/positioned';
import type { UserView } from '../users/user-view';
import { UsersService } from '../users/users.service';
import { AccessTokens, type IssuedToken } from './access-tokens';
import type { AuthUser } from './auth-user';
import { CurrentUser } from './current-user.decorator';
import { LoginDto } from './login.dto';
import { LoginThrottleGuard } from './login-throttle.guard';
import { Public } from './public.decorator';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccessTokens,
  ) {}

  /** Anyone may register; the account is always `staff`, whatever role the body asks for. */
  @Public()
  @Post('register')
  async register(@Body() body: RegisterDto): Promise<Positioned<{ user: UserView }>> {
    const { username, email, password } = body;
    const { position, ...user } = await this.users.register(
      { username, email, password, role: 'staff' },
      { self: true, reason: 'self-registration' },
    );
    return { user, position };
  }

  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  async login(@Body() body: LoginDto): Promise<IssuedToken & { user: AuthUser }> {
    const user = await this.users.authenticate(body.username, body.password);
    if (!user) throw ProblemException.of('unauthorized', 'Wrong username or password');
    return { ...(await this.tokens.issue(user)), user };
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
