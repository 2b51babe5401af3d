import { Injectable } from '@nestjs/common';
import { ConsumerLag } from '../metrics';
import { LagWatch, type LagBound, type ProjectionLag } from './lag-watch';

export interface ProjectionHealthReport {
  readonly headPosition: number;
  readonly bound: LagBound;
  readonly projections: readonly ProjectionLag[];
}

/** Each checkpointed consumer's lag, judged against the bound across this process's observations. */
@Injectable()
export class ProjectionHealth {
  private readonly watch = new LagWatch();

  constructor(private readonly lag: ConsumerLag) {}

  async read(): Promise<ProjectionHealthReport> {
    const { headPosition, consumers } = await this.lag.read();
    return { headPosition, bound: this.watch.bound, projections: this.watch.observe(consumers) };
  }
}
