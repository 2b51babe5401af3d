import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '../common';

/** `@RouteConfig(FILE_UPLOAD)` on the routes that take a file (multipart/form-data); every other route takes JSON only. */
export const FILE_UPLOAD = { fileUpload: true } as const;

/** Read before the body is parsed, so from the header (the plugin's `isMultipart()` is set by its parser, later). */
const MULTIPART = /^\s*multipart\/form-data/i;

const takesFiles = (request: FastifyRequest) => (request.routeOptions.config as { fileUpload?: boolean } | undefined)?.fileUpload === true;

/**
 * Multipart bodies, one file of at most `maxFileBytes` and a few small fields, on the routes marked
 * FILE_UPLOAD; a multipart body sent anywhere else is refused with 415, as before, unread.
 */
export async function acceptFileUploads(app: NestFastifyApplication, maxFileBytes: number): Promise<void> {
  await app.register(multipart, { limits: { fileSize: maxFileBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 } });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preParsing', (request: FastifyRequest, _reply, payload, done) => {
      if (MULTIPART.test(request.headers['content-type'] ?? '') && !takesFiles(request)) {
        done(ProblemException.of('unsupported-media-type', 'The body must be JSON, sent with Content-Type: application/json'));
      } else done(null, payload);
    });
}
