import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main as accountNotice } from '../packages/accounts/account-notice/src/index';
import {
  main as lowStockEmail,
  problemResponse,
  SETTING_NAMES,
  type WebActionArgs,
  type WebActionResponse,
} from '../packages/alerts/low-stock-email/src/index';

/** Where the host serves the function: the path a DigitalOcean web action has, in namespace `ims`. */
export const LOW_STOCK_EMAIL_PATH = '/api/v1/web/ims/alerts/low-stock-email';
/** The account-notice function's path, beside the low-stock one. */
export const ACCOUNT_NOTICE_PATH = '/api/v1/web/ims/accounts/account-notice';
/** Answers 200 while the host is up, for container health checks. */
export const HEALTH_PATH = '/health';

const FUNCTIONS: Readonly<Record<string, (args: WebActionArgs) => Promise<WebActionResponse>>> = {
  [LOW_STOCK_EMAIL_PATH]: lowStockEmail,
  [ACCOUNT_NOTICE_PATH]: accountNotice,
};

/** Alerts are a few hundred bytes; anything far larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;

export interface FunctionHostOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** The function's settings (SETTING_NAMES); what it leaves out the function reads from process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface FunctionHost {
  /** The low-stock function's full URL, what the API uses as FUNCTION_URL. */
  readonly url: string;
  /** The account-notice function's full URL, what the API uses as ACCOUNT_NOTICE_URL. */
  readonly accountNoticeUrl: string;
  close(): Promise<void>;
}

/** The body, or undefined when it is too large: read to the end either way, so the refusal reaches the client. */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

function headersOf(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}

/** The request as a `web: raw` action receives it on DigitalOcean: text bodies as they are, others base64. */
function webActionArgs(request: IncomingMessage, body: Buffer, settings: Readonly<Record<string, string>>): WebActionArgs {
  const headers = headersOf(request);
  const textual = (headers['content-type'] ?? '').toLowerCase().startsWith('text/');
  return {
    ...settings,
    __ow_method: (request.method ?? 'GET').toLowerCase(),
    __ow_headers: headers,
    __ow_path: '',
    __ow_query: new URL(request.url ?? '/', 'http://host').search.slice(1),
    ...(body.length > 0 ? { __ow_body: body.toString(textual ? 'utf8' : 'base64') } : {}),
  };
}

async function answer(request: IncomingMessage, settings: Readonly<Record<string, string>>): Promise<WebActionResponse> {
  const path = new URL(request.url ?? '/', 'http://host').pathname;
  if (path === HEALTH_PATH) return { statusCode: 200, headers: {}, body: { status: 'ok' } };
  const serve = FUNCTIONS[path];
  if (serve === undefined) return problemResponse('not-found', `Post to ${Object.keys(FUNCTIONS).join(' or ')}.`);
  const body = await readBody(request);
  if (body === undefined) return problemResponse('payload-too-large', `The body exceeds ${MAX_BODY_BYTES} bytes.`);
  try {
    return await serve(webActionArgs(request, body, settings));
  } catch (error) {
    console.error(`function host: the function at ${path} failed`, error);
    return problemResponse('internal', 'The function failed.');
  }
}

function write(response: ServerResponse, { statusCode, headers, body }: WebActionResponse): void {
  response.writeHead(statusCode, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const urlHost = (host: string) => {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return reachable.includes(':') ? `[${reachable}]` : reachable;
};

/** Serves the low-stock email and account-notice functions over HTTP the way DigitalOcean Functions would, for `npm start` and Compose. */
export async function startFunctionHost(options: FunctionHostOptions = {}): Promise<FunctionHost> {
  const { port = 0, host = '127.0.0.1', env = {} } = options;
  const settings = Object.fromEntries(SETTING_NAMES.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
  const server = createServer((request, response) => {
    answer(request, settings).then(
      (result) => write(response, result),
      () => response.destroy(), // the client went away mid-request: nobody to answer
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;
  const origin = `http://${urlHost(host)}:${boundPort}`;
  return {
    url: `${origin}${LOW_STOCK_EMAIL_PATH}`,
    accountNoticeUrl: `${origin}${ACCOUNT_NOTICE_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
