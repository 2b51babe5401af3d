import type { z } from 'zod';

/**
 * The OpenWhisk web action contract as DigitalOcean Functions runs it with `web: raw`:
 * the request arrives as `__ow_*` arguments next to the bound parameters, and the
 * answer is `{statusCode, headers, body}`.
 */

export interface WebActionArgs {
  /** Lower-case HTTP method; absent when the action is invoked directly rather than over HTTP. */
  readonly __ow_method?: string;
  /** Request headers, names in lower case. */
  readonly __ow_headers?: Readonly<Record<string, string>>;
  /** The raw body: plain text for `text/*` content, base64 otherwise. */
  readonly __ow_body?: string;
  readonly __ow_query?: string;
  readonly __ow_path?: string;
  readonly [parameter: string]: unknown;
}

export type JsonObject = Readonly<Record<string, unknown>>;

export interface WebActionResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: JsonObject;
}

export const requestHeader = (args: WebActionArgs, name: string): string | undefined => args.__ow_headers?.[name.toLowerCase()];

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The body as text. Raw web actions get JSON base64-encoded (OpenWhisk treats it as binary);
 * a body that cannot be base64 is taken as it is, so a platform that passes JSON through still works.
 */
export function requestText(args: WebActionArgs): string | undefined {
  const body = args.__ow_body;
  if (body === undefined) return undefined;
  const contentType = requestHeader(args, 'content-type') ?? '';
  if (contentType.trim().toLowerCase().startsWith('text/') || !BASE64.test(body)) return body;
  return Buffer.from(body, 'base64').toString('utf8');
}

export const jsonResponse = (statusCode: number, body: JsonObject, headers: Readonly<Record<string, string>> = {}): WebActionResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

const PROBLEMS = {
  validation: [400, 'The request is not valid'],
  unauthorized: [401, 'Not authorized'],
  'not-found': [404, 'Not found'],
  'method-not-allowed': [405, 'Method not allowed'],
  'payload-too-large': [413, 'Request body too large'],
  internal: [500, 'Internal error'],
  'email-not-sent': [502, 'The email was not sent'],
  unavailable: [503, 'Service unavailable'],
} as const satisfies Record<string, readonly [number, string]>;

export type ProblemKind = keyof typeof PROBLEMS;

/** An RFC 9457 problem, typed like the API's own (`/problems/<kind>`). */
export function problemResponse(
  kind: ProblemKind,
  detail: string,
  extensions: { readonly errors?: readonly FieldError[]; readonly headers?: Readonly<Record<string, string>> } = {},
): WebActionResponse {
  const [status, title] = PROBLEMS[kind];
  const { headers = {}, ...members } = extensions;
  return jsonResponse(
    status,
    { type: `/problems/${kind}`, title, status, detail, ...members },
    {
      ...headers,
      'content-type': 'application/problem+json',
    },
  );
}

export type BodyParse<T> = { readonly value: T } | { readonly errors: readonly FieldError[] };

/** The JSON body checked against its schema, or the field errors for a 400 (`body` when it is not JSON at all). */
export function parseJsonBody<T>(schema: z.ZodType<T>, text: string | undefined): BodyParse<T> {
  if (text === undefined || text.trim() === '') {
    return { errors: [{ field: 'body', message: 'A JSON body is required' }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { errors: [{ field: 'body', message: 'The body is not valid JSON' }] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { value: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : 'body',
      message: issue.message,
    })),
  };
}

export const validationProblem = (errors: readonly FieldError[]): WebActionResponse =>
  problemResponse('validation', errors.map((error) => `${error.field}: ${error.message}`).join('; '), { errors });
