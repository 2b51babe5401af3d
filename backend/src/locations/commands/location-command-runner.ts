import { Injectable } from '@nestjs/common';
import { EventStore, IdempotencyKeyReusedError, positioned, VersionConflictError, type Positioned } from '../../event-store';
import { metadataOf, type CommandContext } from '../../inventory';
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

  /** The stored answer to a key this user already used for this request; undefined when the key is new. */
  private async answered(context: CommandContext): Promise<Positioned<LocationView> | undefined> {
    if (!context.idempotency) return undefined;
    const stored = await this.store.findIdempotency(context.user.id, context.idempotency.key);
    if (!stored) return undefined;
    if (stored.requestHash !== context.idempotency.requestHash) throw new IdempotencyKeyReusedError(context.idempotency.key);
    return this.replay(context, stored.result);
  }

  /** The first answer, at the position of the event it appended (a create's retry gets a new id at the edge: the answer names the stream). */
  private async replay(context: CommandContext, result: unknown): Promise<Positioned<LocationView>> {
    const answer = result as LocationView;
    const streamId = locationStreamId(answer.id);
    const key = context.idempotency?.key;
    if (key === undefined) throw new Error(`${streamId}: only a command with an idempotency key has a stored answer to replay`);
    const position = await this.store.lastPositionWith(streamId, { userId: context.user.id, idempotencyKey: key });
    if (position === undefined) throw new Error(`no event in ${streamId} carries the answered idempotency key`);
    return positioned(answer, position);
  }
}
