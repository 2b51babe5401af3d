import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status it was answered with. */
  readonly status: number;
}

/** How the receiver answers a request: a status, and headers (a redirect's Location). */
type Answer = (path: string) => { status: number; headers?: Record<string, string> };

/**
 * A real HTTP server on 127.0.0.1 for webhook tests: records every request, answers as `answer`
 * says (200 by default), and can stop and start again on the same port (a receiver that is down).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: Answer = () => ({ status: 200 });
  private server: Server | undefined;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const { status, headers } = this.answer(path);
        this.received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString(), status });
        response.writeHead(status, headers).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** What arrived at `path`, in order. */
  at(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }
}
