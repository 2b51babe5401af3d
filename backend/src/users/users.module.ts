import { Module } from '@nestjs/common';
import { FunctionEndpointModule } from '../serverless';
import { AccountNotices } from './account-notices';
import { FirstManager } from './first-manager';
import { UsersController } from './users.controller';
import { UsersProjector } from './users.projector';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { SessionsRepository } from './sessions.repository';

@Module({
  imports: [FunctionEndpointModule],
  controllers: [UsersController],
  providers: [UsersService, AccountNotices, UsersRepository, UsersProjector, SessionsRepository, FirstManager],
  exports: [UsersService, SessionsRepository],
})
export class UsersModule {}
