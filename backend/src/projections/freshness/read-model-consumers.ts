import { ALERT_OUTBOX_CHECKPOINT } from '../../alerts/delivery/alert-outbox';
import { ALERT_STREAM_PREFIX } from '../../alerts/domain/alert-events';
import { USER_STREAM_PREFIX } from '../../users/domain/user-events';
import { USERS_CONSUMER } from '../../users/users.projector';
import { ALL_PROJECTIONS } from '../all-projections';
import { liveCheckpoint } from '../projector';
import type { ReadModelConsumer } from './projection-freshness';

/** A projection reads the whole log. */
export const projectionConsumer = (name: string): ReadModelConsumer => ({ checkpoint: liveCheckpoint(name), streamPrefix: '' });

/** Every consumer whose tables a GET reads: what `X-Min-Position` waits for. */
export const READ_MODEL_CONSUMERS: readonly ReadModelConsumer[] = [
  ...ALL_PROJECTIONS.map((projection) => projectionConsumer(projection.name)),
  { checkpoint: USERS_CONSUMER, streamPrefix: USER_STREAM_PREFIX },
  { checkpoint: ALERT_OUTBOX_CHECKPOINT, streamPrefix: ALERT_STREAM_PREFIX },
];
