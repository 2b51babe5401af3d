import { Module } from '@nestjs/common';
import { FunctionEndpointModule } from '../serverless';
import { AccessLog } from './access-log';
import { ApiTokens } from './api-tokens';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';
import { AccountNotices } from './account-notices';
import { FirstManager } from './first-manager';
import { UsersController } from './users.controller';
import { UsersProjector } from './users.projector';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { ResetLinksRepository } from './reset-links.repository';
import { SessionsRepository } from './sessions.repository';

@Module({
  imports: [FunctionEndpointModule],
  controllers: [UsersController, ApiTokensController],
  providers: [
    UsersService,
    AccessLog,
    ApiTokens,
    ApiTokensRepository,
    AccountNotices,
    UsersRepository,
    UsersProjector,
    SessionsRepository,
    ResetLinksRepository,
    FirstManager,
  ],
  exports: [UsersService, SessionsRepository, AccessLog, ApiTokens],
})
export class UsersModule {}
