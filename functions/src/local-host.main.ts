import { startFunctionHost } from './local-host';

/** The function's local host as its own process (Docker Compose): port from FUNCTION_HOST_PORT or PORT. */
async function run(): Promise<void> {
  const configured = process.env.FUNCTION_HOST_PORT || process.env.PORT || '3001';
  const port = Number(configured);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`FUNCTION_HOST_PORT/PORT must be a port number, not "${configured}"`);
  }
  // All interfaces by default, since in a container the API reaches the host from another one.
  const functionHost = await startFunctionHost({ port, host: process.env.FUNCTION_HOST_BIND || '0.0.0.0' });
  console.log(`low-stock email function listening on ${functionHost.url}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void functionHost.close().then(() => process.exit(0)));
  }
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
