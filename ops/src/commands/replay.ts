import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { Pool } from 'pg';
import { countFutureEvents } from '../../../backend/src/event-store';
import { ALL_PROJECTIONS } from '../../../backend/src/all-projections';
import { countEvents, projectionsNamed, projectionStatus, replayProjections, type ReplayProgress } from '../../../backend/src/projections';
import { EXIT, OpsError } from '../common/ops-error';
import { print, type Terminal } from '../common/terminal';
import { verify } from './verify';
import { messageOf } from '../../../backend/src/common';

export interface ReplayCommandOptions {
  readonly batchSize: number;
  readonly restart: boolean;
  readonly verify: boolean;
}

interface Tracker {
  readonly bar: SingleBar | undefined;
  readonly startedAt: number;
  /** Events already in the shadow copy when this run began (a resumed rebuild). */
  startDone: number | undefined;
  phase: string;
}

const rate = (events: number, ms: number) => (ms > 0 ? Math.round((events * 1000) / ms) : 0);

/**
 * Progress as bars on a terminal (events/s and ETA), as one line per phase elsewhere (CI logs).
 * The total grows while the app keeps writing, so each update sets it again.
 */
function progressView(terminal: Terminal, names: readonly string[]) {
  const tty = terminal.err.isTTY === true;
  const bars = tty
    ? new MultiBar(
        {
          stream: terminal.err,
          format: '{projection} {bar} {percentage}% {value}/{total} | {speed} events/s | ETA {eta_formatted} | {phase}',
          barsize: 20,
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        },
        Presets.shades_classic,
      )
    : undefined;
  const width = Math.max(...names.map((name) => name.length));
  const trackers = new Map<string, Tracker>(
    names.map((name) => [
      name,
      {
        bar: bars?.create(0, 0, { projection: name.padEnd(width), speed: 0, phase: 'starting' }),
        startedAt: Date.now(),
        startDone: undefined,
        phase: '',
      },
    ]),
  );
  return {
    update(progress: ReplayProgress): void {
      const tracker = trackers.get(progress.projection);
      if (!tracker) return;
      tracker.startDone ??= progress.done;
      const speed = rate(progress.done - tracker.startDone, Date.now() - tracker.startedAt);
      if (tracker.bar) {
        tracker.bar.setTotal(Math.max(progress.total, progress.done));
        tracker.bar.update(progress.done, { speed, phase: progress.phase });
      } else if (tracker.phase !== progress.phase) {
        print(terminal.err, `${progress.projection}: ${progress.phase} (${progress.done}/${progress.total} events, ${speed} events/s)`);
      }
      tracker.phase = progress.phase;
    },
    stop(): void {
      bars?.stop();
    },
  };
}

/**
 * `replay [name…]`: rebuilds projections into shadow tables while the app keeps serving, swaps
 * them in, and (unless told not to) verifies the result against a fold of the events.
 * A replay interrupted by a crash resumes where its last batch committed.
 */
export async function replay(pool: Pool, terminal: Terminal, names: readonly string[], options: ReplayCommandOptions): Promise<number> {
  const projections = projectionsNamedOrFail(names);
  const needingRepair = await countFutureEvents(pool);
  if (needingRepair > 0) {
    throw new OpsError(
      `${needingRepair} events carry transaction ids from another cluster (a restored logical dump): a replay would see none of them. Run repair-restore first.`,
    );
  }
  const interrupted = (await projectionStatus(pool, projections)).filter((status) => status.replayLag !== null);
  const view = progressView(
    terminal,
    projections.map((projection) => projection.name),
  );
  const started = Date.now();
  const results = await replayProjections(pool, projections, {
    batchSize: options.batchSize,
    restart: options.restart,
    onProgress: (progress) => view.update(progress),
  })
    .catch((error: unknown) => {
      if (options.restart || interrupted.length === 0) throw error;
      const names = interrupted.map((status) => status.projection).join(', ');
      throw new OpsError(`${messageOf(error)} (resuming the rebuild of ${names} left by an earlier run; --restart starts it over)`);
    })
    .finally(() => view.stop());
  const seconds = (Date.now() - started) / 1000;
  for (const result of results) {
    print(
      terminal.out,
      `${result.projection}: ${result.resumed ? 'resumed and ' : ''}rebuilt from ${result.events} events in ${seconds.toFixed(1)} s ` +
        `(${rate(result.events, seconds * 1000)} events/s), swapped in at position ${result.checkpoint.position}`,
    );
    const later = await countEvents(pool, result.checkpoint);
    if (later > 0) {
      print(terminal.out, `  ${later} later events are left to the live projector: the app applies and announces them when it runs`);
    }
  }
  if (!options.verify) return EXIT.ok;
  return verify(
    pool,
    terminal,
    projections.map((projection) => projection.name),
    { max: 50, json: false },
  );
}

function projectionsNamedOrFail(names: readonly string[]) {
  try {
    return projectionsNamed(ALL_PROJECTIONS, names);
  } catch (error) {
    throw new OpsError(messageOf(error));
  }
}
