/** Fields that may carry a secret wherever they appear in a logged object (one level deep). */
const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'temporaryPassword',
  'accessToken',
  'refreshToken',
  'token',
  'authorization',
  'apiKey',
  'secret',
];

export const REDACTED_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

// The WebSocket takes its token in the query string; other secrets must never ride there either.
const SECRET_QUERY = /([?&](?:token|access_token|accessToken|password|api_key|apiKey)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}
