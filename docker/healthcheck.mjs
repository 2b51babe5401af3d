// Container healthcheck without curl or wget in the image: healthy when the URL answers below 500
// (the API's /api/health answers 503 while the database or its listener is down).
const url = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/api/health`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(response.status < 500 ? 0 : 1);
} catch {
  process.exit(1);
}
