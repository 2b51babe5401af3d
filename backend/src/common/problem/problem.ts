import { HttpException } from '@nestjs/common';

/** The stable kinds of error a client can tell apart by `type` (docs/API.md). */
export type ProblemKind =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'insufficient-stock'
  | 'already-reversed'
  | 'reversal-not-reversible'
  | 'import-stale'
  | 'import-expired'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'precondition-failed'
  | 'range-not-satisfiable'
  | 'uri-too-long'
  | 'headers-too-large'
  | 'request-timeout'
  | 'unavailable'
  | 'service-unavailable'
  | 'not-yet-consistent'
  | 'reset-link-invalid'
  | 'internal';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

const TITLES: Record<ProblemKind, [status: number, title: string]> = {
  validation: [400, 'The request is not valid'],
  'not-found': [404, 'Not found'],
  conflict: [409, 'Conflict'],
  'insufficient-stock': [409, 'Insufficient stock'],
  'already-reversed': [409, 'Already reversed'],
  'reversal-not-reversible': [409, 'A reversal cannot be reversed'],
  'import-stale': [409, 'The import no longer applies as previewed'],
  'import-expired': [410, 'The import preview expired'],
  unauthorized: [401, 'Not signed in'],
  forbidden: [403, 'Not allowed'],
  'rate-limited': [429, 'Too many requests'],
  'payload-too-large': [413, 'Request body too large'],
  'unsupported-media-type': [415, 'Unsupported media type'],
  'precondition-failed': [412, 'Precondition failed'],
  'range-not-satisfiable': [416, 'Range not satisfiable'],
  'uri-too-long': [414, 'URI too long'],
  'headers-too-large': [431, 'Request headers too large'],
  'request-timeout': [408, 'Request timeout'],
  unavailable: [503, 'Service unavailable'],
  'service-unavailable': [503, 'Database unreachable'],
  'not-yet-consistent': [503, 'Not yet consistent'],
  'reset-link-invalid': [410, 'Reset link not valid'],
  internal: [500, 'Internal error'],
};

const problemType = (kind: ProblemKind) => `/problems/${kind}`;

export function problem(
  kind: ProblemKind,
  detail: string,
  extensions: { errors?: readonly FieldError[]; [key: string]: unknown } = {},
): ProblemDetails {
  const [status, title] = TITLES[kind];
  return { type: problemType(kind), title, status, detail, ...extensions };
}

/** Thrown anywhere at the HTTP edge; the filter writes it as application/problem+json. */
export class ProblemException extends HttpException {
  constructor(readonly details: ProblemDetails) {
    super(details, details.status);
  }

  static of(kind: ProblemKind, detail: string, extensions?: Parameters<typeof problem>[2]): ProblemException {
    return new ProblemException(problem(kind, detail, extensions));
  }
}
