import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../users';
import { AccessGuard } from './access.guard';
import { AccessTokens } from './access-tokens';
import { AuthController } from './auth.controller';
import { UserSessionsController } from './user-sessions.controller';
import { JwtStrategy } from './jwt.strategy';
import { AttemptCounter } from './attempt-counter';
import { LoginThrottle } from './login-throttle.interceptor';
import { RegistrationThrottle } from './registration-throttle.guard';
import { ResetRequestThrottle } from './reset-request-throttle.guard';
import { Sessions } from './sessions';

/**
 * Sign-in and the global access guard. Exports `AccessTokens` so the WebSocket gateway can
 * authenticate a connection's `?token=` with `verifyAccessToken`.
 */
@Module({
  imports: [PassportModule, JwtModule.register({}), UsersModule],
  controllers: [AuthController, UserSessionsController],
  providers: [
    AccessTokens,
    JwtStrategy,
    { provide: APP_GUARD, useClass: AccessGuard },
    AttemptCounter,
    LoginThrottle,
    RegistrationThrottle,
    ResetRequestThrottle,
    Sessions,
  ],
  exports: [AccessTokens],
})
export class AuthModule {}
