/**
 * The projections runtime: projectors, batches, checkpoints, shadow rebuilds, verification and
 * freshness. It knows no feature: each feature owns its projections (`Projection`) and the app
 * composition registers them (backend/src/all-projections.ts, `ProjectionsModule.register`).
 */
export { CHANGES_CHANNEL, parseChangesNotice } from './changes-channel';
export { countEvents } from './event-counts';
export { MIN_POSITION, MinPositionGuard, ReadsReadModels } from './freshness/min-position.guard';
export type { ReadModelConsumer } from './freshness/projection-freshness';
export {
  IN_RANGE,
  isLive,
  inRangeOfAppliedTypes,
  rangeParameters,
  TYPE_OF_ROW,
  type EventRange,
  type Handles,
  type LoggedEvent,
  type Projection,
  type TableNames,
} from './projection';
export { projectionStatus, type ProjectionStatus } from './projection-status';
export { ProjectionUpdated } from './projection-updated.event';
export { projectionsNamed } from './projections-named';
export { ProjectionsModule, type ProjectionsSetup } from './projections.module';
export { liveCheckpoint, Projector } from './projector';
export { replayProjections, type ReplayPhase, type ReplayProgress } from './rebuild/replay';
export { verifyReadModels, type Difference } from './verify/verify-read-models';
