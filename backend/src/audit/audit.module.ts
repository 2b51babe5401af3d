import { Module } from '@nestjs/common';
import { EventLog } from './event-log';
import { EventsController } from './events.controller';

/** Managers' view of the raw event log: filtered pages, streamed exports and the hash-chain verdict. */
@Module({
  controllers: [EventsController],
  providers: [EventLog],
})
export class AuditModule {}
