import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { MIN_POSITION } from '../projections';

/** Every GET honours `X-Min-Position` (a global guard, which the route decorators cannot describe). */
function withMinPosition(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    if (path.get) path.get.parameters = [...(path.get.parameters ?? []), MIN_POSITION];
  }
  return document;
}

const DESCRIPTION = new DocumentBuilder()
  .setTitle('IMS API')
  .setDescription(
    'Inventory commands and read models over an event-sourced log; every error is RFC 9457 problem+json. ' +
      'While the server cannot reach its database, every call that needs it answers 503 /problems/service-unavailable with Retry-After. ' +
      'Every successful write answers `position` (and `X-Position`): send it as `X-Min-Position` to read your write.',
  )
  .setVersion('1')
  .addBearerAuth()
  .build();

/** The OpenAPI description of every route of `app`: what `/docs-json` serves and the app's API types are generated from. */
export const apiDocument = (app: INestApplication): OpenAPIObject => withMinPosition(SwaggerModule.createDocument(app, DESCRIPTION));

/** The OpenAPI description of every route at `/docs-json`, and Swagger UI over it at `/docs`. */
export function serveApiDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => apiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
