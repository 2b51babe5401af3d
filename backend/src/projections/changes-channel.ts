import type { Checkpoint } from '../event-store';

/** Where projections announce committed batches to every process (WebSocket gateways, waiting reads). */
export const CHANGES_CHANNEL = 'ims_changes';

/**
 * The NOTIFY payload of one committed batch: which projection, how far it now reaches and how many
 * events the batch covered. A wake-up, not the data (a few hundred bytes, far below the 8000-byte
 * limit): listeners read the read models for the rows. `rebuilt` marks a replay's swap, after which
 * clients should refetch.
 */
export interface ChangesNotice {
  readonly projection: string;
  readonly upTo: Checkpoint;
  readonly events: number;
  readonly rebuilt?: true;
}

export const changesPayload = (notice: ChangesNotice): string => JSON.stringify(notice);

/** The notice of a payload; undefined for '' (sent after a reconnect) or anything not ours. */
export function parseChangesNotice(payload: string): ChangesNotice | undefined {
  try {
    const value = JSON.parse(payload) as Partial<ChangesNotice>;
    return typeof value.projection === 'string' && typeof value.upTo?.position === 'number' ? (value as ChangesNotice) : undefined;
  } catch {
    return undefined;
  }
}
