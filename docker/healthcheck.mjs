// Container healthcheck without curl or wget in the image: healthy when this container's server
// answers the path (default /api/health) below 500 on its PORT. The API's /api/health answers 503
// while the database or its listener is down.
//   node docker/healthcheck.mjs [path]
const path = process.argv[2] ?? '/api/health';
try {
  const response = await fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}${path}`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.status < 500 ? 0 : 1);
} catch {
  process.exit(1);
}
