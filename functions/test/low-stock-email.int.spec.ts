import { randomUUID } from 'node:crypto';
import {
  main,
  SETTING_NAMES,
  type LowStockAlertRequest,
  type WebActionArgs,
  type WebActionResponse,
} from '../packages/alerts/low-stock-email/src/index';
import { startSendGridStandIn, type SendGridStandIn } from './sendgrid-stand-in';

const FUNCTION_API_KEY = 'function-key-for-tests';
const SENDGRID_API_KEY = 'SG.sendgrid-key-for-tests';

let sendgrid: SendGridStandIn;

beforeEach(async () => {
  sendgrid = await startSendGridStandIn();
  // Settings come from the arguments in these tests; nothing from the machine's environment leaks in.
  for (const name of SETTING_NAMES) vi.stubEnv(name, '');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await sendgrid.close();
});

const alert = (overrides: Partial<Record<keyof LowStockAlertRequest, unknown>> = {}) => ({
  idempotencyKey: randomUUID(),
  itemId: randomUUID(),
  sku: 'BOLT-M8',
  name: 'Hex bolt <M8> & nut',
  quantity: 3,
  threshold: 5,
  unit: 'pcs',
  raisedAt: '2025-03-01T10:15:00.000Z',
  position: 42,
  ...overrides,
});

const settings = (): Record<string, string> => ({
  FUNCTION_API_KEY,
  SENDGRID_API_KEY,
  SENDGRID_API_URL: sendgrid.url,
  ALERT_EMAIL_FROM: 'IMS Alerts <alerts@example.com>',
  ALERT_EMAIL_TO: 'stock@example.com, manager@example.com',
});

interface RequestOptions {
  readonly method?: string;
  readonly authorization?: string | null;
  readonly contentType?: string;
  readonly settings?: Record<string, string>;
}

/** The arguments DigitalOcean hands a `web: raw` action: JSON bodies arrive base64-encoded. */
function webRequest(body: string | undefined, options: RequestOptions = {}): WebActionArgs {
  const { method = 'post', authorization = `Bearer ${FUNCTION_API_KEY}`, contentType = 'application/json' } = options;
  const textual = contentType.startsWith('text/');
  return {
    ...(options.settings ?? settings()),
    __ow_method: method,
    __ow_headers: {
      'content-type': contentType,
      ...(authorization === null ? {} : { authorization }),
    },
    __ow_path: '',
    ...(body === undefined ? {} : { __ow_body: textual ? body : Buffer.from(body).toString('base64') }),
  };
}

const postAlert = (body: unknown, options?: RequestOptions) => main(webRequest(JSON.stringify(body), options));

const problemOf = (response: WebActionResponse) => {
  expect(response.headers['content-type']).toBe('application/problem+json');
  return response.body as { type: string; status: number; detail: string; errors?: { field: string }[] };
};

describe('the low-stock email function', () => {
  it('sends one email through SendGrid with the alert in the subject and body, to every recipient', async () => {
    const sent = alert();

    const response = await postAlert(sent);

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ status: 'sent', idempotencyKey: sent.idempotencyKey });
    expect(sendgrid.requests).toHaveLength(1);
    const [request] = sendgrid.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v3/mail/send');
    expect(request?.authorization).toBe(`Bearer ${SENDGRID_API_KEY}`);
    expect(request?.body.subject).toBe('Low stock: Hex bolt <M8> & nut (BOLT-M8) has 3 pcs left');
    expect(request?.body.from).toEqual({ email: 'alerts@example.com', name: 'IMS Alerts' });
    expect(request?.body.personalizations.flatMap((p) => p.to.map((to) => to.email))).toEqual(['stock@example.com', 'manager@example.com']);
    const content = Object.fromEntries(request?.body.content.map((part) => [part.type, part.value]) ?? []);
    expect(content['text/plain']).toContain('Quantity left: 3 pcs');
    expect(content['text/plain']).toContain('Low-stock threshold: 5 pcs');
    expect(content['text/plain']).toContain(sent.itemId);
    expect(content['text/html']).toContain('<strong>Hex bolt &lt;M8&gt; &amp; nut</strong>');
    expect(content['text/html']).not.toContain('<M8>');
  });

  it("names the location in the subject, the text and the table when a location's stock ran low, its code escaped in HTML", async () => {
    const response = await postAlert(alert({ locationCode: 'VAN<2>' }));

    expect(response.statusCode).toBe(200);
    const [request] = sendgrid.requests;
    expect(request?.body.subject).toBe('Low stock: Hex bolt <M8> & nut (BOLT-M8) has 3 pcs left at VAN<2>');
    const content = Object.fromEntries(request?.body.content.map((part) => [part.type, part.value]) ?? []);
    expect(content['text/plain']).toContain('is at or below its low-stock threshold at VAN<2>.');
    expect(content['text/plain']).toContain('Location: VAN<2>');
    expect(content['text/html']).toContain('<tr><th align="left">Location</th><td>VAN&lt;2&gt;</td></tr>');
    expect(content['text/html']).not.toContain('VAN<2>');
  });

  it('answers a repeated idempotency key as a duplicate without sending again', async () => {
    const sent = alert();

    await postAlert(sent);
    const repeat = await postAlert(sent);

    expect(repeat.statusCode).toBe(200);
    expect(repeat.body).toMatchObject({ status: 'duplicate', idempotencyKey: sent.idempotencyKey });
    expect(sendgrid.requests).toHaveLength(1);
  });

  it('sends once when the same alert arrives twice at the same time', async () => {
    const sent = alert();

    const answers = await Promise.all([postAlert(sent), postAlert(sent)]);

    expect(answers.map((answer) => answer.body.status).sort()).toEqual(['duplicate', 'sent']);
    expect(sendgrid.requests).toHaveLength(1);
  });

  it.each([
    ['a wrong key', 'Bearer not-the-function-key'],
    ['no Authorization header', null],
    ['another scheme', `Basic ${FUNCTION_API_KEY}`],
    ['the key with something after it', `Bearer ${FUNCTION_API_KEY}x`],
  ])('refuses %s with 401 and sends nothing', async (_case, authorization) => {
    const response = await postAlert(alert(), { authorization });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(problemOf(response)).toMatchObject({ type: '/problems/unauthorized', status: 401 });
    expect(sendgrid.requests).toHaveLength(0);
  });

  it('refuses a GET with 405 and sends nothing', async () => {
    const response = await main(webRequest(undefined, { method: 'get' }));

    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(problemOf(response)).toMatchObject({ type: '/problems/method-not-allowed', status: 405 });
    expect(sendgrid.requests).toHaveLength(0);
  });

  it('refuses a direct invocation that is not an HTTP POST with 405', async () => {
    const response = await main({ ...settings(), ...alert() });

    expect(response.statusCode).toBe(405);
    expect(sendgrid.requests).toHaveLength(0);
  });

  it.each([
    [
      'missing fields',
      JSON.stringify({ idempotencyKey: randomUUID() }),
      ['itemId', 'sku', 'name', 'quantity', 'threshold', 'raisedAt', 'position'],
    ],
    ['a negative quantity', JSON.stringify(alert({ quantity: -1 })), ['quantity']],
    ['a fractional quantity', JSON.stringify(alert({ quantity: 2.5 })), ['quantity']],
    ['wrong types', JSON.stringify(alert({ quantity: '3', sku: 12, unit: 7 })), ['quantity', 'sku', 'unit']],
    ['a blank name', JSON.stringify(alert({ name: '   ' })), ['name']],
    ['a raisedAt that is no timestamp', JSON.stringify(alert({ raisedAt: 'yesterday' })), ['raisedAt']],
    ['a JSON array', '[]', ['body']],
    ['a body that is not JSON', '{"idempotencyKey": ', ['body']],
    ['no body', undefined, ['body']],
  ])('refuses %s with 400 listing the errors and sends nothing', async (_case, body, fields) => {
    const response = await main(webRequest(body));

    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ type: '/problems/validation', status: 400 });
    expect(problem.errors?.map((error) => error.field).sort()).toEqual([...fields].sort());
    expect(sendgrid.requests).toHaveLength(0);
  });

  it('reads a JSON body passed as plain text as well as base64', async () => {
    const sent = alert();

    const response = await main(webRequest(JSON.stringify(sent), { contentType: 'text/plain' }));

    expect(response.body).toMatchObject({ status: 'sent', idempotencyKey: sent.idempotencyKey });
    expect(sendgrid.requests).toHaveLength(1);
  });

  it('answers a preview of the email and sends nothing without SENDGRID_API_KEY', async () => {
    const { SENDGRID_API_KEY: _unset, ...withoutSendGrid } = settings();
    const sent = alert({ unit: undefined });

    const response = await postAlert(sent, { settings: withoutSendGrid });

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({
      status: 'preview',
      idempotencyKey: sent.idempotencyKey,
      email: {
        to: ['stock@example.com', 'manager@example.com'],
        from: 'IMS Alerts <alerts@example.com>',
        subject: 'Low stock: Hex bolt <M8> & nut (BOLT-M8) has 3 left',
        text: expect.stringContaining('Low-stock threshold: 5') as unknown,
        html: expect.stringContaining('Hex bolt &lt;M8&gt;') as unknown,
      },
    });
    expect(sendgrid.requests).toHaveLength(0);
  });

  it('answers 502 without a stack when SendGrid fails, and sends when the caller retries', async () => {
    const sent = alert();
    sendgrid.answerWith(500);

    const failed = await postAlert(sent);

    expect(failed.statusCode).toBe(502);
    expect(problemOf(failed)).toMatchObject({
      type: '/problems/email-not-sent',
      status: 502,
      detail: 'SendGrid answered 500; try again later.',
    });
    expect(JSON.stringify(failed.body)).not.toMatch(/\bat |Error|SG\./);

    sendgrid.answerWith(202);
    const retried = await postAlert(sent);

    expect(retried.body).toMatchObject({ status: 'sent' });
    expect(sendgrid.requests).toHaveLength(2);
  });

  it('answers 502 when SendGrid cannot be reached', async () => {
    const gone = await startSendGridStandIn();
    await gone.close();

    const response = await postAlert(alert(), { settings: { ...settings(), SENDGRID_API_URL: gone.url } });

    expect(response.statusCode).toBe(502);
    expect(problemOf(response).detail).toBe('SendGrid could not be reached; try again later.');
  });

  it('takes its settings from the environment when the arguments leave them out', async () => {
    for (const [name, value] of Object.entries(settings())) vi.stubEnv(name, value);

    const response = await postAlert(alert(), { settings: {} });

    expect(response.body).toMatchObject({ status: 'sent' });
    expect(sendgrid.requests[0]?.authorization).toBe(`Bearer ${SENDGRID_API_KEY}`);
  });

  it('prefers the arguments to the environment', async () => {
    vi.stubEnv('FUNCTION_API_KEY', 'the-environment-key');

    const response = await postAlert(alert());

    expect(response.statusCode).toBe(200);
  });

  it('answers 503 when no FUNCTION_API_KEY is configured, whatever the request carries', async () => {
    const { FUNCTION_API_KEY: _unset, ...withoutKey } = settings();

    const response = await postAlert(alert(), { settings: withoutKey, authorization: 'Bearer ' });

    expect(response.statusCode).toBe(503);
    expect(sendgrid.requests).toHaveLength(0);
  });

  it('answers 503 instead of sending when SendGrid is configured but recipients are not', async () => {
    const { ALERT_EMAIL_TO: _unset, ...withoutRecipients } = settings();

    const response = await postAlert(alert(), { settings: withoutRecipients });

    expect(response.statusCode).toBe(503);
    expect(problemOf(response).detail).toBe('The function cannot send without ALERT_EMAIL_TO.');
    expect(sendgrid.requests).toHaveLength(0);
  });
});
