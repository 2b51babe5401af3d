import { WebSocket } from 'ws';

/** A signed-in operator of the app: writes over HTTP, reads what the screens read. */
export class DrillClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async signIn(baseUrl: string, username: string, password: string): Promise<DrillClient> {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
    return new DrillClient(baseUrl, ((await response.json()) as { accessToken: string }).accessToken);
  }

  get accessToken(): string {
    return this.token;
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  async createItem(n: number): Promise<string> {
    const created = await this.call('POST', '/items', {
      sku: `DRILL-${n}`,
      name: `Drill item ${n}`,
      quantity: 100,
      lowStockThreshold: 5,
    });
    if (created.status !== 201) throw new Error(`creating an item answered ${created.status}: ${JSON.stringify(created.body)}`);
    return (created.body as { id: string }).id;
  }

  async move(itemId: string, type: 'IN' | 'OUT', quantity: number): Promise<void> {
    const moved = await this.call('POST', '/stock-movements', { itemId, type, quantity, reason: 'drill' });
    if (moved.status !== 201) throw new Error(`a stock movement answered ${moved.status}: ${JSON.stringify(moved.body)}`);
  }

  /** `count` movements spread over the items, in and out, as a shift of operators would. */
  async moves(items: readonly string[], count: number): Promise<void> {
    for (let n = 0; n < count; n += 1) {
      const item = items[n % items.length];
      if (item === undefined) throw new Error('no items to move');
      await this.move(item, n % 3 === 2 ? 'OUT' : 'IN', 1 + (n % 4));
    }
  }
}

export interface LiveFrame {
  readonly type: string;
  readonly position: number;
  readonly epoch?: string;
}

/**
 * A browser tab left open: one WebSocket that reconnects whenever it drops and resumes from the
 * last position it saw, with the epoch that position belongs to, as the Angular app does.
 */
export class LiveWatcher {
  readonly frames: LiveFrame[] = [];
  epoch: string | undefined;
  private position = 0;
  private socket: WebSocket | undefined;
  private stopped = false;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  start(): void {
    const url = new URL('/ws', this.baseUrl.replace(/^http/, 'ws'));
    url.searchParams.set('token', this.token);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.on('message', (raw: Buffer) => this.received(JSON.parse(raw.toString()) as LiveFrame));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (!this.stopped) setTimeout(() => this.start(), 250);
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }

  get resets(): LiveFrame[] {
    return this.frames.filter((frame) => frame.type === 'reset');
  }

  get lastPosition(): number {
    return this.position;
  }

  private received(frame: LiveFrame): void {
    this.frames.push(frame);
    if (frame.type === 'hello') {
      if (this.epoch === undefined) {
        this.epoch = frame.epoch;
        this.position = frame.position;
      } else {
        this.socket?.send(JSON.stringify({ type: 'resume', after: this.position, epoch: this.epoch }));
      }
    } else if (frame.type === 'reset') {
      // Refetch: what it held belongs to a history that is gone.
      this.epoch = frame.epoch;
      this.position = frame.position;
    } else {
      this.position = frame.position;
    }
  }

  /** Resolves once `condition` holds; rejects after `timeoutMs`. */
  async until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`the live client never saw ${what}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}
