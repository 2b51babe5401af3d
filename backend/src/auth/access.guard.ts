import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { HttpRequest } from '../common';
import { ProblemException } from '../common';
import { AccessTokens, unauthorized } from './access-tokens';
import { API_TOKEN_PREFIX } from '../users';
import { type AuthUser, IS_PUBLIC, OPEN_TO_PASSWORD_CHANGE, REQUIRED_ROLES, type Role, type SignedInUser } from '../access';
import { JWT_STRATEGY } from './jwt.strategy';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const apiTokenOf = (request: HttpRequest): string | undefined => {
  const [scheme, token] = request.headers.authorization?.split(' ') ?? [];
  return scheme?.toLowerCase() === 'bearer' && token?.startsWith(API_TOKEN_PREFIX) ? token : undefined;
};

/**
 * The global guard: every HTTP route needs a signed-in user unless it is `@Public()`, and a
 * `@Roles(...)` route needs one of those roles. The WebSocket authenticates its own connections.
 */
@Injectable()
export class AccessGuard extends AuthGuard(JWT_STRATEGY) {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const apiToken = apiTokenOf(request);
    // An API token is no JWT: it is looked up as it is, beside Passport's access tokens.
    if (apiToken) request.user = await this.tokens.verifyAccessToken(apiToken);
    else await super.canActivate(context);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    const user = request.user as SignedInUser;
    if (user.credential.kind === 'api-token' && user.credential.readOnly && !READS.has(request.method)) {
      throw ProblemException.of('forbidden', 'This API token is read-only: it may only read (GET)');
    }
    if (user.passwordChangeOnly && !this.reflector.getAllAndOverride<boolean>(OPEN_TO_PASSWORD_CHANGE, targets)) {
      throw ProblemException.of('forbidden', 'Change your temporary password first (POST /api/auth/password)', {
        passwordChangeRequired: true,
      });
    }
    if (roles && !roles.includes(user.role)) {
      throw ProblemException.of('forbidden', `Only a ${roles.join(' or ')} may do this`);
    }
    return true;
  }

  override handleRequest<User = AuthUser>(error: unknown, user: User | false, info: unknown): User {
    // Passport reports a refused token through `info`; `error` is what looking up its user threw
    // (NotAuthenticatedError, or a database that cannot be reached), for the problem filter to answer.
    // Rethrown as Passport handed it over (an Error in practice), for the problem filter to map.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (error) throw error;
    if (!user) throw unauthorized(info);
    return user;
  }
}
