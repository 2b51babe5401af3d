import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: SendGridMailBody;
}

/** The parts of a v3 mail/send body the tests look at. */
export interface SendGridMailBody {
  readonly from: { readonly email: string; readonly name?: string };
  readonly subject: string;
  readonly personalizations: readonly { readonly to: readonly { readonly email: string }[] }[];
  readonly content: readonly { readonly type: string; readonly value: string }[];
}

export interface SendGridStandIn {
  /** The base URL to hand the function as SENDGRID_API_URL. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** What later requests get; SendGrid's own answer to a good send is 202 with no body. */
  answerWith(status: number): void;
  close(): Promise<void>;
}

/** A local HTTP server in SendGrid's place that records every request the real client makes. */
export async function startSendGridStandIn(): Promise<SendGridStandIn> {
  const requests: RecordedRequest[] = [];
  let status = 202;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as SendGridMailBody,
      });
      if (status < 300) {
        response.writeHead(status).end();
      } else {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ message: 'stand-in failure', field: null, help: null }] }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    answerWith: (next) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
