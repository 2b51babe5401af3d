import { Module } from '@nestjs/common';
import { ChainAnchorWriter, chainAnchorFileProvider } from './chain-anchor-writer';
import { EventLog } from './event-log';
import { EventsController } from './events.controller';

/** Managers' view of the raw event log: filtered pages, streamed exports, the hash-chain verdict and the chain's anchor outside the database. */
@Module({
  controllers: [EventsController],
  providers: [chainAnchorFileProvider, EventLog, ChainAnchorWriter],
})
export class AuditModule {}
