import { SetMetadata } from '@nestjs/common';
import type { Role } from './auth-user';

export const REQUIRED_ROLES = 'ims:roles';

/** Restricts a route (or a whole controller) to signed-in users holding one of `roles`. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);
