import { Injectable } from '@nestjs/common';
import { EventStore, positioned, VersionConflictError, type Positioned } from '../../event-store';
import { answeredAt, metadataOf, storedAnswer, type CommandContext } from '../../inventory';
import { decide } from '../domain/decide';
import { evolve, fold, type Location } from '../domain/location';
import type { LocationCommand } from '../domain/location-commands';
import { locationCodeReservations } from '../domain/location-code';
import { locationStreamId, type LocationEvent } from '../domain/location-events';
import type { LocationView } from '../queries/impl/views';

/** Appends kept losing to concurrent writers of the same location; the client may simply try again. */
export class LocationContentionError extends Error {
  constructor(readonly locationId: string) {
    super(`location ${locationId} is changing too fast to apply this change; try again`);
    this.name = 'LocationContentionError';
  }
}

/** Locations change rarely: a lost race is simply decided again, a few times. */
const MAX_ATTEMPTS = 5;

const toView = (location: Location): LocationView => {
  if (location.status === 'absent') throw new Error('an absent location has no view');
  return { id: location.id, ...location.fields, archived: location.status === 'archived' };
};

/**
 * Load, decide, append with the version read — for every location command. A concurrent writer
 * makes the append fail with a version conflict, and the command is decided again on the stream as
 * it then is. A keyed command answered before gets that first answer.
 */
@Injectable()
export class LocationCommandRunner {
  constructor(private readonly store: EventStore) {}

  async run(command: LocationCommand, context: CommandContext): Promise<Positioned<LocationView>> {
    const { locationId } = command.data;
    const streamId = locationStreamId(locationId);
    const replayed = await this.answered(context);
    if (replayed) return replayed;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const stored = await this.store.readStream(streamId);
      const location = fold(locationId, stored as unknown as LocationEvent[]);
      const events = decide(command, location);
      if (events.length === 0) return positioned(toView(location), stored.at(-1)?.position ?? 0);
      const after = toView(events.reduce(evolve, location));
      const { reserve, release } = locationCodeReservations(events);
      const idempotency = context.idempotency && { scope: context.user.id, ...context.idempotency, result: after };
      try {
        const outcome = await this.store.append({
          streamId,
          expectedVersion: location.version,
          events: events.map((event) => ({ ...event, metadata: metadataOf(context) })),
          reserve,
          release,
          ...(idempotency && { idempotency }),
        });
        if (outcome.status === 'replayed') return await this.replay(context, outcome.result);
        const position = outcome.positions.at(-1);
        if (position === undefined) throw new Error(`${streamId}: the append answered no position`);
        return positioned(after, position);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new LocationContentionError(locationId);
  }

  /** The stored answer to this keyed request, if any: the first answer, at the position of the event it appended. */
  private async answered(context: CommandContext): Promise<Positioned<LocationView> | undefined> {
    const stored = (await storedAnswer(this.store, context)) as LocationView | undefined;
    return stored && this.replay(context, stored);
  }

  /** A create's retry gets a new id at the edge: the stored answer names the stream. */
  private replay(context: CommandContext, answer: unknown): Promise<Positioned<LocationView>> {
    const view = answer as LocationView;
    return answeredAt(this.store, locationStreamId(view.id), context, view);
  }
}
