/** Accounts: the user streams, their read model, sessions and the account notices. */
export { AccessLog } from './access-log';
export { ApiTokens, lowerRole } from './api-tokens';
export { API_TOKEN_PREFIX, API_TOKENS_ENDED_CHANNEL, type PresentedApiToken } from './api-tokens.repository';
export { ACCESS_CATEGORY_TYPES, type AccessEventType } from './domain/access-events';
export { USER_STREAM_PREFIX, type UserEventType } from './domain/user-events';
export { LastManagerError, UnknownUserError } from './domain/user';
export { type SessionLimits } from './session-rotation';
export { type Rotation, SESSIONS_ENDED_CHANNEL, SessionsRepository } from './sessions.repository';
export {
  ApiTokenForbiddenError,
  ApiTokenNotFoundError,
  InvalidUserFieldError,
  ResetLinkInvalidError,
  ResetLinkForInactiveUserError,
  ResetLinkNotSentError,
  ServiceAccountPasswordError,
  UserChangedMeanwhileError,
  UserFieldTakenError,
  UserNotYetVisibleError,
} from './user-errors';
export { RegisterDto } from './users.dto';
export { UsersModule } from './users.module';
export { USERS_CONSUMER } from './users.projector';
export { type SelfRegistration, UsersService } from './users.service';
