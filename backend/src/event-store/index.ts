/** The event store: appends with expected versions, group commit, gap-free reading, checkpoints, the hash chain and its anchor. */
export { IdempotencyKeyReusedError, ReservationConflictError, VersionConflictError } from './append-errors';
export { type AppendOutcome, type AppendRequest, type IdempotencyRecord, type Reservation, type StreamAppend } from './append-request';
export { advanceAnchor, type AnchorAdvance, AnchorFileError, type ChainAnchor, readAnchor } from './chain-anchor';
export { type AnchorCheck, type ChainVerdict, verifyHashChain } from './chain-verification';
export { consumerLock, executeNotify, prepareBatchStatements } from './batch-statements';
export {
  type BatchResult,
  consumeNextBatch,
  ensureCheckpoint,
  moveCheckpoint,
  openTypedBatch,
  openTurn,
  readCheckpoint,
} from './checkpointed-batch';
export { ConsumerLeadership } from './consumer-leadership';
export { EventStoreModule } from './event-store.module';
export { EventStore } from './event-store';
export { type ChainHead } from './hash-chain';
export { AFTER_PARAMETER_POINT, afterParameterPointUpTo, IN_PARAMETER_RANGE, nextRange, type NextRange } from './next-range';
export { positioned, type Positioned } from './positioned';
export { countFutureEvents, repairFutureTransactionIds } from './restore-repair';
export { readEpoch, renewEpoch, type StoreEpoch } from './store-epoch';
export { StoreNotifications } from './store-notifications';
export { type Checkpoint, type EventMetadata, type NewEvent, START, type StoredEvent } from './stored-event';
export { type StepOutcome, Subscription } from './subscription';
export { OutboxDispatcher } from './outbox-dispatcher';
