import type { Pool } from 'pg';
import { Subscription, type StepOutcome, type StoreNotifications } from '../event-store';
import { projectNextBatches } from './projection-batch';
import type { Projector } from './projector';
import { messageOf } from '../common';

export interface ProjectorGroupOptions {
  readonly pollMs: number;
  readonly lingerAbove: number;
  readonly lingerMs: number;
}

/**
 * Keeps several projections' live tables caught up together: each wake-up takes every projection's
 * next batch in one transaction (projectNextBatches), so a movement costs one transaction and two
 * round trips besides the projections' own SQL, not a transaction of three round trips per
 * projection. A failing batch rolls back for all; the projections then take their batches one by
 * one, so a bug in one holds back only that one, whose error its projector counts, until every one
 * goes through again: a retry runs the failing batch once, not in the group and then alone.
 */
export class ProjectorGroup {
  private readonly subscription: Subscription;
  /** Set when the group's batch fails; cleared once every projection's batch has gone through alone. */
  private retryingAlone = false;

  constructor(
    private readonly pool: Pool,
    private readonly projectors: readonly Projector[],
    notifications: StoreNotifications | undefined,
    options: ProjectorGroupOptions,
  ) {
    // Errors are counted by the projector whose batch failed (see alone).
    this.subscription = new Subscription(() => this.step(), notifications, { ...options, onError: () => undefined });
  }

  /** Readies each projection's tables and checkpoint; every replica does, whether or not it leads. */
  async prepare(): Promise<void> {
    for (const projector of this.projectors) await projector.prepare();
  }

  start(): void {
    this.subscription.start();
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }

  async step(): Promise<StepOutcome> {
    if (!this.retryingAlone) {
      try {
        const outcomes = await projectNextBatches(
          this.pool,
          this.projectors.map((projector) => projector.target),
        );
        return merged(outcomes.map((outcome, n) => this.projectors[n]?.record(outcome) ?? outcome));
      } catch {
        this.retryingAlone = true;
      }
    }
    const outcome = await this.alone();
    this.retryingAlone = false;
    return outcome;
  }

  /** Each projection's batch in a transaction of its own; the first error is thrown after all ran, so the group backs off. */
  private async alone(): Promise<StepOutcome> {
    const outcomes: StepOutcome[] = [];
    let failure: Error | undefined;
    for (const projector of this.projectors) {
      try {
        outcomes.push(await projector.step());
      } catch (error) {
        projector.failed(error);
        failure ??= error instanceof Error ? error : new Error(messageOf(error));
      }
    }
    if (failure !== undefined) throw failure;
    return merged(outcomes);
  }
}

function merged(outcomes: readonly StepOutcome[]): StepOutcome {
  return {
    processed: Math.max(0, ...outcomes.map((outcome) => outcome.processed)),
    more: outcomes.some((outcome) => outcome.more),
    heldBack: outcomes.some((outcome) => outcome.heldBack),
  };
}
