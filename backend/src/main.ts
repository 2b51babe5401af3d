import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { migrateToLatest } from '../../db/src/migrate';
import { createApp } from './app.factory';
import { loadConfig } from './config';
import { openDatabase } from './database';
import { messageOf } from './common';

async function bootstrap(): Promise<void> {
  const logger = new Logger('IMS');
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, config.dataDir, () => undefined);
  if (database.embedded) logger.log(`embedded PostgreSQL running with its data in ${config.dataDir}`);
  const app = await (async () => {
    const applied = await migrateToLatest(database.url);
    if (applied.length > 0) logger.log(`migrations applied: ${applied.join(', ')}`);
    const created = await createApp({ config, databaseUrl: database.url, embedded: database.embedded });
    // Every interface, as a container's port must be: Fastify alone would listen on localhost only.
    await created.listen(config.port, '0.0.0.0');
    return created;
  })().catch(async (error: unknown) => {
    // An embedded server left running would hold the data directory for the next start.
    await database.close().catch(() => undefined);
    throw error;
  });
  logger.log(`IMS listening on http://localhost:${config.port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping`);
    await app.close().catch((error: unknown) => logger.error(String(error)));
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

// Straight to stderr: a start that fails inside createApp leaves the buffered JSON logger unflushed.
bootstrap().catch((error: unknown) => {
  process.stderr.write(`IMS could not start: ${messageOf(error)}\n`);
  process.exit(1);
});
