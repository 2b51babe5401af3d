import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { prefixApiRoutes } from './app.factory';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { apiDocument } from './web';

/**
 * The document `/docs-json` serves, built from the routes' metadata alone: Nest's preview mode
 * scans every module and controller but instantiates nothing, so no database and no port.
 */
export async function buildApiDocument(): Promise<OpenAPIObject> {
  const settings = { config: loadConfig({}), databaseUrl: '', embedded: false };
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(settings), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  prefixApiRoutes(app);
  try {
    return apiDocument(app);
  } finally {
    await app.close();
  }
}
