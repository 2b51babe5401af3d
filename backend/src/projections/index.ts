/**
 * The projections runtime: projectors, batches, checkpoints, shadow rebuilds, verification and
 * freshness. It knows no feature: each feature owns its projections (`Projection`) and the app
 * composition registers them (`ProjectionsModule.register`, backend/src/all-projections.ts).
 */
export { CHANGES_CHANNEL, parseChangesNotice, type ChangesNotice } from './changes-channel';
export { countEvents } from './event-counts';
export { MinPositionGuard } from './freshness/min-position.guard';
export { projectionConsumer, ProjectionFreshness, type ReadModelConsumer } from './freshness/projection-freshness';
export { LiveProjections } from './live-projections';
export {
  appliedTypes,
  IN_RANGE,
  isLive,
  LIVE_TABLES,
  ofAppliedTypes,
  rangeParameters,
  type EventRange,
  type Handles,
  type Handling,
  type LoggedEvent,
  type Projection,
  type ProjectionBatch,
  type TableNames,
  type VerifyCheck,
} from './projection';
export { projectNextRange } from './projection-batch';
export { projectionStatus, type ProjectionStatus } from './projection-status';
export { ProjectionUpdated } from './projection-updated.event';
export { projectionsNamed } from './projections-named';
export { ProjectionsModule, type ProjectionsSetup } from './projections.module';
export { liveCheckpoint, Projector, type ProjectorStats } from './projector';
export { replayCheckpoint, replayProjections, type ReplayOptions, type ReplayPhase, type ReplayProgress, type ReplayResult } from './rebuild/replay';
export { verifyReadModels, type Difference, type Verification, type VerifyOptions } from './verify/verify-read-models';
