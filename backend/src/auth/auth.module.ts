import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { AccessTokens } from './access-tokens';
import { AuthController } from './auth.controller';
import { JwtStrategy } from './jwt.strategy';
import { LOGIN_ATTEMPTS, LoginThrottleGuard } from './login-throttle.guard';

/**
 * Sign-in and the global access guard. Exports `AccessTokens` so the WebSocket gateway can
 * authenticate a connection's `?token=` with `verifyAccessToken`.
 */
@Module({
  imports: [PassportModule, JwtModule.register({}), UsersModule],
  controllers: [AuthController],
  providers: [
    AccessTokens,
    JwtStrategy,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: LOGIN_ATTEMPTS, useClass: ThrottlerStorageService },
    LoginThrottleGuard,
  ],
  exports: [AccessTokens],
})
export class AuthModule {}
