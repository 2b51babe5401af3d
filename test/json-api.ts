import { expect } from 'vitest';
import type { ProblemKind } from '../backend/src/common/problem/problem';
import { authHeader } from './auth-helpers';

export interface JsonAnswer<Body = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** The answer's Content-Type, for the problem+json checks. */
  readonly type: string | null;
  /** The parsed JSON, or null for an empty answer; what the caller expects on success. */
  readonly body: Body;
}

export interface JsonCall {
  readonly token?: string | undefined;
  readonly body?: unknown;
  /** A body sent as it is, JSON or not. */
  readonly raw?: string;
  /** A multipart body (a file upload); fetch writes its Content-Type with the boundary. */
  readonly form?: FormData;
  readonly headers?: Record<string, string>;
}

/** One request to the API with a JSON body (if any) and a bearer token (if any), its answer parsed. */
export async function callJson<Body = unknown>(url: string, method: string, options: JsonCall = {}): Promise<JsonAnswer<Body>> {
  const sent = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.token ? authHeader(options.token) : {}),
      ...(sent === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.form ?? sent,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    type: response.headers.get('content-type'),
    body: (text ? JSON.parse(text) : null) as Body,
  };
}

/** The answer is RFC 9457 problem+json of `type` with `status`. */
export function expectProblem(answer: JsonAnswer, status: number, type: ProblemKind): void {
  expect(answer.status).toBe(status);
  expect(answer.type).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ type: `/problems/${type}`, status });
}
