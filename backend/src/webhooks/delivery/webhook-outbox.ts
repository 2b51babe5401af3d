import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { messageOf } from '../../common';
import { InjectSettings, type AppSettings } from '../../config';
import { InjectPool, onClient, pipelinedTogether, preparedStatements } from '../../database';
import {
  ConsumerLeadership,
  moveCheckpoint,
  openTurn,
  START,
  StoreNotifications,
  Subscription,
  type Checkpoint,
  type StepOutcome,
} from '../../event-store';
import { compareCheckpoints, feedState, frontierWakeUps, LiveFeedSources, readFeed, type FeedEntry, type FeedSource } from '../../live';
import { CHANGES_CHANNEL } from '../../projections';
import { webhookBody } from '../domain/webhook-body';
import { subscribesTo, topicOf } from '../domain/webhook-topics';
import { WebhookDeliveries, type QueuedDelivery } from '../webhook-deliveries.repository';
import { WebhookSubscriptions, type WebhookTarget } from '../webhook-subscriptions.repository';
import { WebhookDispatcher } from './webhook-dispatcher';

/** The outbox consumer's checkpoint row. */
const WEBHOOK_OUTBOX_CHECKPOINT = 'webhooks.outbox';

/** Events read per batch. */
const BATCH_SIZE = 500;

const IDLE: StepOutcome = { processed: 0, more: false, heldBack: false };

/** An alert's message is sent once, when it is raised; its outcome messages are the email's business. */
const isRaisedAlert = (entry: FeedEntry) =>
  entry.type !== 'alert.low_stock' || (entry.data as { position?: unknown } | null)?.position === entry.position;

/**
 * Fills `webhook_deliveries` from the live feed: the same messages the WebSocket carries, read from
 * the same sources once their read models have committed, one row per message and active
 * subscription that asks for it. Rows and the consumer's checkpoint move in one transaction under its
 * lock, so each message enters the outbox exactly once; the leading replica runs it. It only ever
 * moves forward from where it stood when it first started (webhooks are not sent for the past): a
 * replay or rebuild of the read models never reaches it, and so never sends anything again.
 */
@Injectable()
export class WebhookOutbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookOutbox');
  private readonly subscription: Subscription;
  private readonly giveUpMs: number;
  private sources: readonly FeedSource[] = [];
  private checkpointNames: string[] = [];

  constructor(
    @InjectPool() private readonly pool: Pool,
    notifications: StoreNotifications,
    private readonly registry: LiveFeedSources,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly deliveries: WebhookDeliveries,
    private readonly dispatcher: WebhookDispatcher,
    private readonly leadership: ConsumerLeadership,
    @InjectSettings() settings: AppSettings,
  ) {
    this.giveUpMs = settings.config.webhooks.giveUpMs;
    // Woken like the live feed, whenever one of its sources' checkpoints moves.
    this.subscription = new Subscription(
      () => this.step(),
      notifications,
      {
        pollMs: 2000,
        wakesOn: frontierWakeUps(() => this.checkpointNames),
        onError: (error) => this.logger.error(`webhook outbox batch failed: ${messageOf(error)}`),
      },
      CHANGES_CHANNEL,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sources = this.registry.seal();
    this.checkpointNames = [...new Set(this.sources.flatMap((source) => source.checkpoints))];
    const { frontier } = await feedState(this.pool, this.checkpointNames, START, 1);
    await this.pool.query(
      'INSERT INTO checkpoints (name, transaction_id, position) VALUES ($1, $2::xid8, $3) ON CONFLICT (name) DO NOTHING',
      [WEBHOOK_OUTBOX_CHECKPOINT, frontier.transactionId, frontier.position],
    );
    this.leadership.lead(this.subscription);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.subscription.stop();
  }

  /** One batch of the feed: the turn and the checkpoint are taken as the transaction opens, and the checkpoint moves as it commits. */
  async step(): Promise<StepOutcome> {
    return onClient(this.pool, async (client) => {
      const after = await openTurn(client, WEBHOOK_OUTBOX_CHECKPOINT);
      const queued = after ? await this.queueNext(client, after) : undefined;
      const moved = queued ? `${moveCheckpoint(client, WEBHOOK_OUTBOX_CHECKPOINT, queued.upTo)}; ` : '';
      await client.query(`${moved}COMMIT`);
      if (queued === undefined) return IDLE;
      if (queued.deliveries > 0) this.dispatcher.wake();
      return { processed: queued.messages, more: queued.more, heldBack: false };
    });
  }

  /** Queues the next range's messages; where the checkpoint moves to, or undefined when there is nothing new. */
  private async queueNext(
    client: PoolClient,
    after: Checkpoint,
  ): Promise<{ messages: number; deliveries: number; more: boolean; upTo: Checkpoint } | undefined> {
    // The feed's state and the active subscriptions in one round trip: the outbox wakes at every movement.
    const [state, targets] = await pipelinedTogether(client, [
      (statements) => feedState(statements, this.checkpointNames, after, BATCH_SIZE),
      (statements) => this.subscriptions.active(statements),
    ]);
    // Never back: a frontier behind the checkpoint (a read model being rebuilt) holds nothing new.
    if (compareCheckpoints(state.next, after) <= 0) return undefined;
    const statements = preparedStatements(client);
    // Without a subscriber the range is passed over unread: the log's every event costs the outbox no feed read.
    const entries =
      targets.length === 0 ? [] : (await readFeed(this.sources, { after, upTo: state.next }, statements)).filter(isRaisedAlert);
    const queued = entries.flatMap((entry) => {
      const topic = topicOf(entry.type, entry.data);
      if (topic === undefined) return [];
      return targets.filter(({ events }) => subscribesTo(events, topic)).map((target) => queuedFor(topic, entry, target));
    });
    await this.deliveries.enqueue(queued, this.giveUpMs, client);
    return {
      messages: entries.length,
      deliveries: queued.length,
      more: compareCheckpoints(state.next, state.frontier) < 0,
      upTo: state.next,
    };
  }
}

function queuedFor(topic: string, entry: FeedEntry, target: WebhookTarget): QueuedDelivery {
  const message = { type: topic, position: entry.position, data: entry.data, timestamp: new Date() };
  return {
    id: randomUUID(),
    subscriptionId: target.id,
    eventType: topic,
    position: entry.position,
    body: webhookBody(target.format, message),
  };
}
