import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The response header that repeats a write's `position`. */
export const POSITION_HEADER = 'X-Position';

const positionOf = (payload: unknown): number | undefined => {
  const position = typeof payload === 'object' && payload !== null ? (payload as { position?: unknown }).position : undefined;
  return typeof position === 'number' ? position : undefined;
};

/**
 * Every successful write answers `position` in its body (a `Positioned` answer); this hook copies
 * it into `X-Position` in one place, for every write route, so no controller handles the header.
 * GETs are left alone: a read model's row may have a `position` of its own.
 */
export function echoWritePositions(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook(
      'preSerialization',
      (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
        const position = request.method === 'GET' || reply.statusCode >= 300 ? undefined : positionOf(payload);
        if (position !== undefined) void reply.header(POSITION_HEADER, String(position));
        done(null, payload);
      },
    );
}
