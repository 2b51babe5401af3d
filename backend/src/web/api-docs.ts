import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI description of every route at `/docs-json`, and Swagger UI over it at `/docs`. */
export function serveApiDocs(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('IMS API')
    .setDescription(
      'Inventory commands and read models over an event-sourced log; every error is RFC 9457 problem+json. ' +
        'While the server cannot reach its database, every call that needs it answers 503 /problems/service-unavailable with Retry-After.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json' });
}
