interface Waiter<Row> {
  resolve(row: Row | undefined): void;
  reject(error: unknown): void;
}

/**
 * Reads rows by id for many callers per query, without ever answering from the past: a caller
 * waits for the next query issued after it asked, never for one already on its way. So each answer
 * is as fresh as a query of its own (a demotion committed before a request arrived is always seen),
 * while requests that arrive together share one round trip.
 */
export class FreshLookups<Row> {
  private waiting = new Map<string, Waiter<Row>[]>();
  private running = false;

  constructor(private readonly fetch: (ids: readonly string[]) => Promise<ReadonlyMap<string, Row>>) {}

  load(id: string): Promise<Row | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(id, [{ resolve, reject }]);
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.waiting.size > 0) {
      const batch = this.waiting;
      this.waiting = new Map();
      try {
        const rows = await this.fetch([...batch.keys()]);
        for (const [id, waiters] of batch) for (const waiter of waiters) waiter.resolve(rows.get(id));
      } catch (error) {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.running = false;
  }
}
