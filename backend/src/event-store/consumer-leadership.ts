import { Client } from 'pg';
import { messageOf } from '../common';

/** A consumer the leader runs: started when this process takes the lead, stopped when it loses it. */
export interface LedConsumer {
  start(): void;
  stop(): Promise<void>;
}

/** How long a connection or a check of the session may take before the session counts as lost. */
const SESSION_TIMEOUT_MS = 5000;

/** The session-scoped advisory lock whose holder leads (advisory locks are per database, so each database has its own leader). */
const TRY_LEAD = "SELECT pg_try_advisory_lock(hashtextextended('ims.consumers', 0)) AS held";

/**
 * Which replica runs the log's consumers (the projections, the webhook and alert outboxes): the one
 * whose session holds an advisory lock. Every consumer is correct with any number of replicas
 * running it (its turns are locked), so this is for economy, not safety: without it, N replicas pay
 * N transactions per wake-up for one that does the work. Until it leads, a process tries for the
 * lock every `retryMs`; while it leads, it checks its session as often, and a session lost (database
 * restart, network) stops its consumers until it leads again. Its session closes with the process,
 * which frees the lock for the next replica's try.
 */
export class ConsumerLeadership {
  private readonly consumers = new Set<LedConsumer>();
  private client: Client | undefined;
  private leading = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();

  constructor(
    private readonly connectionString: string,
    private readonly retryMs: number,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  get isLeading(): boolean {
    return this.leading;
  }

  /** Makes the first try, so a lone process runs its consumers from its start. */
  async start(): Promise<void> {
    this.round = this.attempt();
    await this.round;
  }

  /** Runs `consumer` whenever this process leads. */
  lead(consumer: LedConsumer): void {
    this.consumers.add(consumer);
    if (this.leading) consumer.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.round;
    await this.follow();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async attempt(): Promise<void> {
    try {
      this.client ??= await this.connect();
      if (this.leading) await this.client.query('SELECT 1');
      else if ((await this.client.query<{ held: boolean }>(TRY_LEAD)).rows[0]?.held === true && !this.closed) this.take();
    } catch (error) {
      this.drop(error);
    }
    if (!this.closed) {
      this.timer = setTimeout(() => {
        this.round = this.attempt();
      }, this.retryMs);
    }
  }

  private async connect(): Promise<Client> {
    // A session that stops answering (a network cut without a reset) counts as lost.
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'ims-leadership',
      keepAlive: true,
      query_timeout: SESSION_TIMEOUT_MS,
      connectionTimeoutMillis: SESSION_TIMEOUT_MS,
    });
    client.on('error', (error) => this.drop(error));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private take(): void {
    this.leading = true;
    this.log('this replica now runs the consumers of the log');
    for (const consumer of this.consumers) consumer.start();
  }

  /** The session is gone, and the lock with it: another replica may lead already. */
  private drop(error: unknown): void {
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
    if (this.leading) this.log(`this replica no longer runs the consumers: ${messageOf(error)}`);
    void this.follow();
  }

  private async follow(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
  }
}
