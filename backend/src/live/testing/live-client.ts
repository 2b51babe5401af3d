import { WebSocket, type ClientOptions } from 'ws';

export interface LiveMessage {
  readonly type: string;
  readonly position: number;
  readonly epoch?: string;
  readonly data?: unknown;
  readonly correlationId?: string | null;
}

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A `ws` client of `/ws` for tests: keeps every message it receives and waits for the ones it needs. */
export class LiveClient {
  readonly messages: LiveMessage[] = [];
  readonly closed: Promise<Closed>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw: Buffer) => {
      this.messages.push(JSON.parse(raw.toString()) as LiveMessage);
      for (const wake of [...this.waiters]) wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Connects to `baseUrl`'s `/ws` (with `?token=` unless undefined) and resolves once the socket is open. */
  static async connect(
    baseUrl: string,
    token: string | undefined,
    options: ClientOptions = {},
    query: Record<string, string> = {},
  ): Promise<LiveClient> {
    const url = new URL('/ws', baseUrl.replace(/^http/, 'ws'));
    if (token !== undefined) url.searchParams.set('token', token);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const client = new LiveClient(new WebSocket(url, options));
    await new Promise<void>((resolve, reject) => {
      client.socket.once('open', () => resolve());
      client.socket.once('error', reject);
    });
    return client;
  }

  /** Connects and waits for the greeting. */
  static async greeted(
    baseUrl: string,
    token: string,
    options: ClientOptions = {},
    query: Record<string, string> = {},
  ): Promise<LiveClient> {
    const client = await LiveClient.connect(baseUrl, token, options, query);
    await client.until((messages) => messages.some((message) => message.type === 'hello'));
    return client;
  }

  /** Connects asking (as a reconnecting app does, on the URL) for what followed `request.after`, and waits for the greeting. */
  static async resuming(
    baseUrl: string,
    token: string,
    request: { after: number | string; epoch?: string | undefined },
  ): Promise<LiveClient> {
    const query = { after: String(request.after), ...(request.epoch === undefined ? {} : { epoch: request.epoch }) };
    return LiveClient.greeted(baseUrl, token, {}, query);
  }

  get hello(): LiveMessage {
    const hello = this.messages.find((message) => message.type === 'hello');
    if (!hello) throw new Error('no hello received');
    return hello;
  }

  /** The messages that carry a change (not hello or reset). */
  get changes(): LiveMessage[] {
    return this.messages.filter((message) => message.type !== 'hello' && message.type !== 'reset');
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Resolves once `condition(messages)` holds; rejects after `timeoutMs`. */
  until(condition: (messages: readonly LiveMessage[]) => boolean, timeoutMs = 30_000): Promise<void> {
    if (condition(this.messages)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition(this.messages)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`condition not met in ${timeoutMs} ms; received ${JSON.stringify(this.messages.map((m) => [m.type, m.position]))}`),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** The first change of `type` that `matches`, once it arrives. */
  async change(type: string, matches: (message: LiveMessage) => boolean = () => true): Promise<LiveMessage> {
    const find = () => this.changes.find((message) => message.type === type && matches(message));
    await this.until(() => find() !== undefined);
    const found = find();
    if (!found) throw new Error(`no ${type} change arrived`);
    return found;
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.closed;
  }
}

/** Resolves with the close, or with 'open' when the socket is still open after `ms`. */
export const closedWithin = (client: LiveClient, ms: number) =>
  Promise.race([client.closed, new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms))]);
