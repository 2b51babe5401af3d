/** Who may do what: the signed-in user's shape and the route decorators the access guard reads. */
export { authUserOf, ROLES, type ActingUser, type AuthUser, type Credential, type Role, type SignedInUser } from './auth-user';
export { AuthUserDto } from './auth-user.dto';
export { CurrentUser } from './current-user.decorator';
export { OPEN_TO_PASSWORD_CHANGE, OpenToPasswordChange } from './password-change-only.decorator';
export { IS_PUBLIC, Public } from './public.decorator';
export { REQUIRED_ROLES, Roles } from './roles.decorator';
