import { hostSettings } from './host-settings';
import { startFunctionHost } from './local-host';

/** The function's local host as its own process (Docker Compose). */
async function run(): Promise<void> {
  const functionHost = await startFunctionHost(hostSettings(process.env));
  console.log(`low-stock email function listening on ${functionHost.url}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void functionHost.close().then(() => process.exit(0)));
  }
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
