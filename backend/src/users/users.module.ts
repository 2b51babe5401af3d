import { Module } from '@nestjs/common';
import { FunctionEndpointModule } from '../serverless';
import { AccessLog } from './access-log';
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
  controllers: [UsersController],
  providers: [
    UsersService,
    AccessLog,
    AccountNotices,
    UsersRepository,
    UsersProjector,
    SessionsRepository,
    ResetLinksRepository,
    FirstManager,
  ],
  exports: [UsersService, SessionsRepository, AccessLog],
})
export class UsersModule {}
