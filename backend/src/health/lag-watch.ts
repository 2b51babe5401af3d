import type { ConsumerLagReading } from '../metrics';

/**
 * A consumer is lagging when it has been more than `maxEvents` behind in every observation for
 * longer than `maxSeconds`. A burst it absorbs, a fresh start catching up or a rebuild that keeps
 * advancing past the bound briefly is not unhealthy; one stuck or steadily overrun is.
 */
export interface LagBound {
  readonly maxEvents: number;
  readonly maxSeconds: number;
}

// A thousand events is seconds of work for a projector; a minute beyond that means it cannot keep up.
const DEFAULT_LAG_BOUND: LagBound = { maxEvents: 1000, maxSeconds: 60 };

export interface ProjectionLag extends ConsumerLagReading {
  /** Since when it has been beyond the bound in every observation; null when within it. */
  readonly behindSince: Date | null;
  readonly lagging: boolean;
}

/** Remembers, per consumer, since when it has been beyond the bound. Observed by every health check and system report. */
export class LagWatch {
  private readonly beyondSince = new Map<string, number>();

  constructor(
    readonly bound: LagBound = DEFAULT_LAG_BOUND,
    private readonly now: () => number = Date.now,
  ) {}

  observe(consumers: readonly ConsumerLagReading[]): ProjectionLag[] {
    const now = this.now();
    const seen = new Set(consumers.map((consumer) => consumer.name));
    for (const name of this.beyondSince.keys()) if (!seen.has(name)) this.beyondSince.delete(name);
    return consumers.map((consumer) => {
      if (consumer.behind <= this.bound.maxEvents) {
        this.beyondSince.delete(consumer.name);
        return { ...consumer, behindSince: null, lagging: false };
      }
      const since = this.beyondSince.get(consumer.name) ?? now;
      this.beyondSince.set(consumer.name, since);
      return { ...consumer, behindSince: new Date(since), lagging: now - since > this.bound.maxSeconds * 1000 };
    });
  }
}
