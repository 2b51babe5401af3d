import createSubscriber, { type Subscriber } from 'pg-listen';

export const EVENTS_CHANNEL = 'ims_events';

type Handler = (payload: string) => void;

/**
 * The process's one LISTEN connection. A notification is a wake-up, never the data itself:
 * after any reconnect every handler is woken too, because notifications sent while the
 * connection was down are gone.
 */
export class StoreNotifications {
  private readonly subscriber: Subscriber;
  private readonly handlers = new Map<string, Set<Handler>>();
  private connected = false;
  private connections = 0;
  private closed = false;

  constructor(
    connectionString: string,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.subscriber = createSubscriber(
      { connectionString },
      {
        retryLimit: Infinity,
        retryTimeout: 0,
        retryInterval: (attempt) => Math.min(250 * 2 ** attempt, 5000),
        paranoidChecking: 5000,
        parse: (text) => text,
      },
    );
    this.subscriber.events.on('connected', () => {
      this.connected = true;
      this.connections += 1;
      for (const [, handlers] of this.handlers) for (const handler of handlers) handler('');
    });
    this.subscriber.events.on('reconnect', () => {
      this.connected = false;
    });
    this.subscriber.events.on('error', (error) => {
      this.connected = false;
      this.onError(error);
    });
  }

  get isConnected(): boolean {
    return this.connected && !this.closed;
  }

  /** How often the listener has (re)connected: more than once means it lost its connection and recovered. */
  get connectionCount(): number {
    return this.connections;
  }

  async start(channels: readonly string[] = [EVENTS_CHANNEL]): Promise<void> {
    await this.subscriber.connect();
    for (const channel of new Set([...channels, ...this.handlers.keys()])) await this.listen(channel);
  }

  /** Calls `handler` with each notification's payload on `channel`, and with '' after a reconnect. */
  on(channel: string, handler: Handler): () => void {
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      this.subscriber.notifications.on(channel, (payload: unknown) => {
        for (const each of this.handlers.get(channel) ?? []) each(typeof payload === 'string' ? payload : '');
      });
      if (this.connected) void this.listen(channel);
    }
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.subscriber.close().catch(() => undefined);
  }

  private async listen(channel: string): Promise<void> {
    if (!this.subscriber.getSubscribedChannels().includes(channel)) await this.subscriber.listenTo(channel);
  }
}
