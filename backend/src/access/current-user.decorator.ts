import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '../common';
import type { SignedInUser } from './auth-user';

/** The signed-in user the access guard attached to the request. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): SignedInUser => context.switchToHttp().getRequest<HttpRequest>().user as SignedInUser,
);
