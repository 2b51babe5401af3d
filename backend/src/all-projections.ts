import { ALERT_OUTBOX_CHECKPOINT, ALERT_STREAM_PREFIX, type AlertEventType } from './alerts';
import { INVENTORY_PROJECTIONS, type InventoryEventType } from './inventory';
import { LOCATIONS_PROJECTIONS, type LocationEventType } from './locations';
import type { Projection, ProjectionsSetup, ReadModelConsumer } from './projections';
import { REPORTS_PROJECTIONS } from './reports';
import { STOCKTAKES_PROJECTIONS, type StocktakeEventType } from './stocktakes';
import { type AccessEventType, USER_STREAM_PREFIX, type UserEventType } from './users';
import { USERS_CONSUMER } from './users';
import type { WebhookEventType } from './webhooks';

/** Every event type the log holds, of every feature: each projection names each one, applied or ignored. */
export type LogEventType =
  InventoryEventType | LocationEventType | UserEventType | AccessEventType | AlertEventType | WebhookEventType | StocktakeEventType;

/** Every projection the app keeps live and ops can replay and verify, in the order ops lists them. */
export const ALL_PROJECTIONS = [
  ...INVENTORY_PROJECTIONS,
  ...LOCATIONS_PROJECTIONS,
  ...REPORTS_PROJECTIONS,
  ...STOCKTAKES_PROJECTIONS,
] as const satisfies readonly Projection<unknown, LogEventType>[];

/** The checkpointed consumers besides the projections whose tables a GET reads: `X-Min-Position` waits for them too. */
const OTHER_READ_MODELS: readonly ReadModelConsumer[] = [
  { checkpoint: USERS_CONSUMER, streamPrefix: USER_STREAM_PREFIX },
  { checkpoint: ALERT_OUTBOX_CHECKPOINT, streamPrefix: ALERT_STREAM_PREFIX },
];

/** What the app registers with the projections runtime (ProjectionsModule.register). */
export const READ_SIDE: ProjectionsSetup = { projections: ALL_PROJECTIONS, consumers: OTHER_READ_MODELS };
