import fc, { type Arbitrary } from 'fast-check';

/** The part of an OpenAPI 3 document the fuzzer reads. */
export interface OpenApiSchema {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Record<string, OpenApiSchema>;
  readonly $ref?: string;
  readonly items?: OpenApiSchema;
}
interface OpenApiOperation {
  readonly parameters?: readonly { readonly name: string; readonly in: string; readonly schema?: OpenApiSchema }[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: OpenApiSchema }> };
}
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components?: { readonly schemas?: Record<string, OpenApiSchema> };
}

/** One route as the fuzzer attacks it: its fields with the schema that says what a plausible value is. */
export interface Endpoint {
  readonly method: string;
  /** e.g. /api/items/{id} */
  readonly path: string;
  readonly pathParams: Record<string, OpenApiSchema>;
  readonly query: Record<string, OpenApiSchema>;
  /** Undefined when the route takes no body. */
  readonly body: Record<string, OpenApiSchema> | undefined;
}

export type Role = 'manager' | 'staff' | 'anonymous' | 'forged';

export interface HostileRequest {
  readonly endpoint: string;
  readonly role: Role;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload: string | undefined;
}

/** Ids that exist, so that hostile requests also reach the handlers behind the id checks. */
export interface KnownIds {
  readonly itemIds: readonly string[];
  readonly userIds: readonly string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The routes of the API document, each with the fields its parameters and body take. */
export function endpointsOf(document: OpenApiDocument): Endpoint[] {
  const resolve = (schema: OpenApiSchema | undefined): OpenApiSchema | undefined =>
    schema?.$ref ? document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => {
        const parameters = (where: string) =>
          Object.fromEntries((operation.parameters ?? []).filter((p) => p.in === where).map((p) => [p.name, resolve(p.schema) ?? {}]));
        // A file upload's form fields are fuzzed as a JSON body too, which such a route refuses like any body it cannot take.
        const content = operation.requestBody?.content;
        const bodySchema = resolve(content?.['application/json']?.schema ?? content?.['multipart/form-data']?.schema);
        return {
          method: method.toUpperCase(),
          path,
          pathParams: parameters('path'),
          query: parameters('query'),
          body: operation.requestBody
            ? Object.fromEntries(Object.entries(bodySchema?.properties ?? {}).map(([name, s]) => [name, resolve(s) ?? s]))
            : undefined,
        };
      }),
  );
}

const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u000b',
  '\f',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\ud800',
  '\udfff',
  '\t',
  '\n',
  '\u2028',
  '\ufeff',
  '\uffff',
];
const COMBINING = ['e\u0301', 'Z\u0336\u0337\u0338\u0321\u0322', '\u0301', 'a\u20dd', '\u200d\u200d', '👩‍👩‍👧‍👦', '\u202e', 'ﷺ', '𝕏'];
const TRAVERSAL = [
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  '%FF',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e/',
  '....//',
  '..\\..\\windows',
  '/api/users',
  '%252e%252e',
  '.',
  '..',
  '%00',
  '%',
];
const ODD_DATES = [
  '2026-W01-1',
  '2026-001',
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '+002026-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2026-01-01T00:00:00+99:00',
  '2026-01-01T00:00:00+15:59',
  '2026-01-01T00:00:00+16:00',
  '2026-01-01T00:00:00+19:59',
  '2026-01-01T00:00:00-1900',
  '1900-01-01T00:00:00+00:00',
  '0001-01-01T00:00:00Z',
  '2026-01-01T00:00:00-23:59',
  '2026-01-01T24:00:00Z',
  '2026-01-01T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999-12:00',
  '2026-01-01T00:00:00.1234567Z',
  '2026-01-01 00:00:00Z',
  '2026-01-01',
  '20260101T000000Z',
  'now',
  'infinity',
  '-infinity',
  'epoch',
  '1e10',
  '',
];
const ODD_IDS = [
  '',
  '0',
  '-1',
  'null',
  'undefined',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '5b0c3f5e-8d4a-4f6e-9a53-0f7f1d2b9c1',
  '{}',
  '[]',
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  'x'.repeat(5000),
];
/** Query text no encoder writes: stray and invalid percent-encodings, empty and nested-looking parameters. */
const RAW_QUERY = ['%', '%E0%A4%A', '%ZZ', '%00', '%ED%A0%80', '%C0%80', '%FF', '&&&', '=', 'a=1=2', '[]=1', 'a[b]=1'];
const ODD_NUMBERS = [
  '1e308',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '9007199254740993',
  '1.5',
  '-1',
  '0',
  '99999999999999999999',
  ' 1',
  '1 ',
  '٣',
];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
/** `arbitrary`'s value once in `n` draws, otherwise undefined. */
const oneIn = <T>(n: number, arbitrary: Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: n - 1 }, { arbitrary, weight: 1 });

/** Text an attacker would try: control and combining characters, traversal, odd dates and ids, long runs. */
const hostileText: Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 8 }), pick(CONTROL), fc.string({ maxLength: 8 })).map((parts) => parts.join('')),
  fc.array(pick(COMBINING), { minLength: 1, maxLength: 30 }).map((parts) => parts.join('')),
  pick(TRAVERSAL),
  pick(ODD_DATES),
  pick(ODD_IDS),
  pick(ODD_NUMBERS),
  fc.tuple(pick(['a', '\u0000', 'é', '😀', '%']), fc.integer({ min: 100, max: 70_000 })).map(([unit, n]) => unit.repeat(n)),
);

/** A JSON value of the wrong kind, size or depth. */
const hostileValue: Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.integer(),
  fc.double(),
  pick([1e21, -1e21, 2 ** 53 + 2, -0, 0.001, 1e-7]),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
  fc.integer({ min: 2, max: 40 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
);

/** A hostile value aimed at the field's kind half of the time: odd dates at a date, odd ids at an id, odd numbers at a number. */
function hostileFor(schema: OpenApiSchema, name: string): Arbitrary<unknown> {
  const aimed =
    schema.format === 'date-time'
      ? pick(ODD_DATES)
      : schema.format === 'uuid' || /id$/i.test(name)
        ? pick(ODD_IDS)
        : schema.type === 'integer' || schema.type === 'number'
          ? fc.oneof(pick(ODD_NUMBERS), pick(ODD_NUMBERS).map(Number), fc.double())
          : hostileText;
  return fc.oneof(aimed, hostileValue);
}

function plausible(schema: OpenApiSchema, ids: KnownIds, name: string): Arbitrary<unknown> {
  if (schema.enum?.length) return pick(schema.enum);
  if (schema.format === 'uuid' || /id$/i.test(name)) return fc.oneof(pick([...ids.itemIds, ...ids.userIds]), fc.uuid());
  if (schema.format === 'date-time') return pick(['2025-01-31T17:00:00Z', '2030-01-01T00:00:00.123456+02:00', '1970-01-01T00:00:00Z']);
  if (schema.type === 'integer' || schema.type === 'number') return fc.integer({ min: 0, max: 20 });
  if (name === 'sku') return fc.stringMatching(/^[A-Z]{2,6}-\d{1,4}$/);
  if (name === 'email') return fc.stringMatching(/^[a-z]{3,8}@example\.com$/);
  if (name === 'username') return fc.stringMatching(/^[a-z][a-z0-9]{3,12}$/);
  if (name === 'password') return pick(['password-123', 'manager-password-1']);
  if (name === 'role') return pick(['staff', 'manager']);
  if (schema.type === 'boolean') return fc.boolean();
  return fc.string({ minLength: 1, maxLength: 12 });
}

/**
 * A field's value: mostly plausible, so that a request is usually hostile in one or two ways and
 * reaches past the first check; sometimes left out.
 */
const fieldValue = (schema: OpenApiSchema, ids: KnownIds, name: string, weights = { plausible: 18, hostile: 1, absent: 1 }) =>
  fc.oneof(
    { arbitrary: plausible(schema, ids, name), weight: weights.plausible },
    { arbitrary: hostileFor(schema, name), weight: weights.hostile },
    { arbitrary: fc.constant(undefined), weight: weights.absent },
  );

/**
 * Percent-encoding of the text's UTF-8 (a lone surrogate, which no URL can carry, becomes U+FFFD),
 * cut to what fits in Node's 16 KiB of request head (a longer URL never reaches the app, see malformed-http).
 */
const encode = (text: string) => encodeURIComponent(Buffer.from(text.slice(0, 1500)).toString());

const asQueryValue = (value: unknown) => (typeof value === 'string' ? value : ((JSON.stringify(value) as string | undefined) ?? ''));

function queryString(fields: Record<string, OpenApiSchema>, ids: KnownIds): Arbitrary<string> {
  const entries = Object.entries(fields).map(([name, schema]) =>
    fc.tuple(fc.constant(name), fieldValue(schema, ids, name, { plausible: 3, hostile: 1, absent: 4 }), oneIn(10, hostileText)),
  );
  return fc
    .tuple(fc.tuple(...entries), oneIn(8, fc.tuple(hostileText, hostileText)), oneIn(8, pick(RAW_QUERY)))
    .map(([fieldsGiven, extra, raw]) => {
      const parts: string[] = [];
      for (const [name, value, duplicate] of fieldsGiven) {
        if (value === undefined) continue;
        parts.push(`${encode(name)}=${encode(asQueryValue(value))}`);
        // A repeated parameter, as `?a=1&a=2` arrives as an array.
        if (duplicate !== undefined) parts.push(`${encode(name)}=${encode(duplicate)}`);
      }
      if (extra) parts.push(`${encode(extra[0])}=${encode(extra[1])}`);
      if (raw) parts.push(raw);
      return parts.length > 0 ? `?${parts.join('&')}` : '';
    });
}

function pathOf(endpoint: Endpoint, ids: KnownIds): Arbitrary<string> {
  const segments = Object.entries(endpoint.pathParams).map(([name, schema]) =>
    fc.tuple(
      fc.constant(name),
      fc.oneof(
        { arbitrary: plausible(schema, ids, name).map((value) => encode(String(value))), weight: 6 },
        { arbitrary: hostileFor(schema, name).map((value) => encode(asQueryValue(value))), weight: 1 },
        { arbitrary: pick(TRAVERSAL), weight: 1 },
      ),
    ),
  );
  return fc.tuple(...segments).map((values) => values.reduce((path, [name, value]) => path.replace(`{${name}}`, value), endpoint.path));
}

function bodyOf(endpoint: Endpoint, ids: KnownIds): Arbitrary<{ type: string | undefined; text: string | undefined }> {
  const fields = Object.entries(endpoint.body ?? {}).map(([name, schema]) => fc.tuple(fc.constant(name), fieldValue(schema, ids, name)));
  const asObject = fc.tuple(fc.tuple(...fields), oneIn(8, fc.tuple(hostileText, hostileValue))).map(([given, extra]) => {
    const body: Record<string, unknown> = {};
    for (const [name, value] of given) if (value !== undefined) body[name] = value;
    if (extra) body[extra[0]] = extra[1];
    return JSON.stringify(body);
  });
  const malformed = fc.oneof(
    hostileValue.map((value) => (JSON.stringify(value) as string | undefined) ?? 'null'),
    pick([
      '{',
      '{"a":}',
      '[1,]',
      "{'a':1}",
      'NaN',
      '{"__proto__":{"x":1}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '\ufeff{}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
    ]),
    fc.integer({ min: 33, max: 20_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    fc.integer({ min: 33, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 60_000, max: 200_000 }).map((size) => JSON.stringify({ note: 'x'.repeat(size) })),
  );
  const type = fc.oneof(
    { arbitrary: fc.constant<string | undefined>('application/json'), weight: 12 },
    {
      arbitrary: pick<string | undefined>([
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        undefined,
      ]),
      weight: 1,
    },
  );
  const text = endpoint.body ? fc.oneof({ arbitrary: asObject, weight: 6 }, { arbitrary: malformed, weight: 1 }) : oneIn(6, malformed);
  return fc.tuple(type, text).map(([contentType, payload]) => ({ type: payload === undefined ? undefined : contentType, text: payload }));
}

/** Header values a client could send over HTTP/1.1 (Node's parser refuses the rest, see malformed-http). */
const headerText = hostileText.map((text) => text.replace(/[^\t\x20-\x7e]/g, '?').slice(0, 2000));

/** Headers the API reads, with odd values, on a third of the requests. */
const extraHeaders = fc.oneof(
  { arbitrary: fc.constant<Record<string, string>>({}), weight: 2 },
  {
    arbitrary: fc.record(
      {
        'if-match': fc.oneof(headerText, pick(['"3"', 'W/"1"', '*', '"99999999999"', '""'])),
        'idempotency-key': fc.oneof(headerText, fc.uuid()),
        'x-correlation-id': headerText,
        accept: pick(['application/x-ndjson', 'text/csv', '*/*', 'application/xml', 'text/html']),
      },
      { requiredKeys: [] },
    ),
    weight: 1,
  },
);

export function hostileRequest(endpoints: readonly Endpoint[], ids: KnownIds): Arbitrary<HostileRequest> {
  // A route that hashes a password spends ~80 ms of CPU (bcrypt, by design) on every request it accepts: drawn a quarter as often.
  const weighted = endpoints.map((endpoint) => ({
    arbitrary: fc.constant(endpoint),
    weight: endpoint.body && 'password' in endpoint.body ? 1 : 4,
  }));
  return fc
    .oneof(...weighted)
    .chain((endpoint) =>
      fc.record({
        endpoint: fc.constant(endpoint),
        role: fc.oneof(
          { arbitrary: pick<Role>(['manager', 'staff']), weight: 4 },
          { arbitrary: pick<Role>(['anonymous', 'forged']), weight: 1 },
        ),
        path: pathOf(endpoint, ids),
        query: queryString(endpoint.query, ids),
        body: bodyOf(endpoint, ids),
        headers: extraHeaders,
      }),
    )
    .map(({ endpoint, role, path, query, body, headers }) => ({
      endpoint: `${endpoint.method} ${endpoint.path}`,
      role,
      method: endpoint.method,
      url: `${path}${query}`,
      headers: { ...headers, ...(body.type && { 'content-type': body.type }) },
      payload: body.text,
    }));
}
