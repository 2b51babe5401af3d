/** Where the function's local host listens when it runs as its own process (Docker Compose). */
export interface HostSettings {
  readonly port: number;
  readonly host: string;
}

/** FUNCTION_HOST_PORT, else PORT, else 3001; FUNCTION_HOST_BIND, else every interface. */
export function hostSettings(env: Readonly<Record<string, string | undefined>>): HostSettings {
  const configured = env.FUNCTION_HOST_PORT || env.PORT || '3001';
  const port = Number(configured);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`FUNCTION_HOST_PORT/PORT must be a port number, not "${configured}"`);
  }
  // All interfaces by default, since in a container the API reaches the host from another one.
  return { port, host: env.FUNCTION_HOST_BIND || '0.0.0.0' };
}
