/** Sign-in: access tokens, refresh sessions, throttles and the access guard. */
export { AccessTokens } from './access-tokens';
export { NotAuthenticatedError } from './auth-errors';
export { AuthModule } from './auth.module';
