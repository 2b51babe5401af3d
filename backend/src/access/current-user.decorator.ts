import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '../common';
import type { AuthUser } from './auth-user';

/** The signed-in `AuthUser` the access guard attached to the request. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest<HttpRequest>().user as AuthUser,
);
