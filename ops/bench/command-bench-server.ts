import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createApp } from '../../backend/src/app.factory';
import { loadConfig } from '../../backend/src/config/app-config';

/** Statements the API has sent to PostgreSQL so far (every pooled query goes through Client#query). */
let statements = 0;

/** Counts round trips, a cost per movement that other work on the machine does not change (unlike CPU time). */
function countStatements(): void {
  const query = Reflect.get(Client.prototype, 'query') as (this: Client, ...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    statements += 1;
    return query.apply(this, args);
  } as typeof Client.prototype.query;
}

/**
 * The API in a process of its own for the commands benchmark, so that the load generator does
 * not share its event loop. Takes the database URL from argv and its settings from the environment,
 * reports its port (and, when asked, its CPU time and statements sent) to the parent.
 */
async function main(): Promise<void> {
  countStatements();
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
  // The parent asks for the CPU time spent and the statements sent, to report the cost of one movement whatever else runs on the
  // machine, and for the event loop's busy and idle time so far (one thread: the API's ceiling).
  process.on('message', () => process.send?.({ cpu: process.cpuUsage(), statements, loop: performance.eventLoopUtilization() }));
  process.once('disconnect', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
