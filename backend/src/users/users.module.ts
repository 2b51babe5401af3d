import { Module } from '@nestjs/common';
import { FirstManager } from './first-manager';
import { UsersController } from './users.controller';
import { UsersProjector } from './users.projector';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { SessionsRepository } from './sessions.repository';

@Module({
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, UsersProjector, SessionsRepository, FirstManager],
  exports: [UsersService, SessionsRepository],
})
export class UsersModule {}
