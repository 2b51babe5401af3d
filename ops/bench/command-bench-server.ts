import 'reflect-metadata';
import { createApp } from '../../backend/src/app.factory';
import { loadConfig } from '../../backend/src/config/app-config';

/**
 * The API in a process of its own for the commands benchmark, so that the load generator does
 * not share its event loop. Takes the database URL from argv and its settings from the environment,
 * reports its port (and, when asked, its CPU time) to the parent.
 */
async function main(): Promise<void> {
  const databaseUrl = process.argv[2];
  if (!databaseUrl) throw new Error('usage: command-bench-server <database url>');
  const config = loadConfig();
  const app = await createApp({ config, databaseUrl, embedded: false });
  app.useLogger(['error', 'warn']);
  // The time the server spent on each request, so that a benchmark can tell it from the round trip.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      void reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
      done(null, payload);
    });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  // The parent asks for the CPU time spent, to report the cost of one movement whatever else runs on the machine.
  process.on('message', () => process.send?.({ cpu: process.cpuUsage() }));
  process.once('disconnect', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
