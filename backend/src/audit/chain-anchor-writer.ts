import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { chainAnchorFile } from '../config';
import { APP_SETTINGS, type AppSettings } from '../config';
import { InjectPool } from '../database';
import { advanceAnchor, type AnchorAdvance, type ChainAnchor } from '../event-store';
import { settledHorizon, UnsettledLogError } from './settled-horizon';
import { messageOf } from '../common';

/**
 * How often the anchor follows the log. Each move reads only the events since the last one (their
 * hashes recomputed once, about what a projector batch costs) and rewrites one small file: cheap
 * at any rate of writes. An event is anchored within this long of settling, so a tail cut off
 * any later than that is caught.
 */
const ANCHOR_INTERVAL_MS = 10_000;

/** The anchor file's path, or null when none is configured (an external database without IMS_CHAIN_ANCHOR_PATH). */
export const CHAIN_ANCHOR_FILE = Symbol('CHAIN_ANCHOR_FILE');

export const chainAnchorFileProvider = {
  provide: CHAIN_ANCHOR_FILE,
  inject: [APP_SETTINGS],
  useFactory: (settings: AppSettings): string | null => chainAnchorFile(settings.config, settings.embedded) ?? null,
};

/**
 * Keeps the hash chain's anchor file (see chain-anchor.ts) at the head of the settled log while
 * the app runs. An anchor the log no longer matches is never moved: it is logged, and the verify
 * endpoint and `ops verify-chain` say what is missing.
 */
@Injectable()
export class ChainAnchorWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChainAnchorWriter.name);
  private trusted: ChainAnchor | undefined;
  private refused: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Moves run one after another: two at once could finish out of order and put the anchor back. */
  private moving: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectPool() private readonly pool: Pool,
    @Inject(CHAIN_ANCHOR_FILE) private readonly file: string | null,
  ) {}

  onApplicationBootstrap(): void {
    if (this.file) this.logger.log(`anchoring the hash chain in ${this.file}`);
    void this.round();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One move of the anchor to the settled head; undefined without an anchor file or while a write stays open. */
  advance(): Promise<AnchorAdvance | undefined> {
    const move = this.moving.then(() => this.move());
    this.moving = move.catch(() => undefined);
    return move;
  }

  private async move(): Promise<AnchorAdvance | undefined> {
    if (!this.file) return undefined;
    const horizon = await settledHorizon(this.pool).catch((error: unknown) => {
      if (error instanceof UnsettledLogError) return undefined;
      throw error;
    });
    if (horizon === undefined) return undefined;
    const outcome = await advanceAnchor(this.pool, this.file, horizon, this.trusted);
    const refused = outcome.moved ? undefined : outcome.refused;
    if (refused === undefined) this.trusted = outcome.anchor;
    if (refused !== undefined && refused !== this.refused)
      this.logger.error(`the chain anchor in ${this.file} stays where it is: ${refused}`);
    this.refused = refused;
    return outcome;
  }

  private async round(): Promise<void> {
    if (!this.file || this.stopped) return;
    await this.advance().catch((error: unknown) => this.logger.warn(`the chain anchor was not moved: ${messageOf(error)}`));
    // stop() may have run during the await; TypeScript keeps the narrowing from before it.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (!this.stopped) this.timer = setTimeout(() => void this.round(), ANCHOR_INTERVAL_MS);
  }
}
