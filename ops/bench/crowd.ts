import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { textFrame } from '../../backend/src/live/text-frame';

/** A crowd of sockets in a child process (live-crowd.ts), reading every message, timed by nobody. */
export class Crowd {
  private constructor(
    private readonly child: ChildProcess,
    readonly sockets: number,
  ) {}

  /** `count` sockets on `url`, each counted open once its first message (the greeting) came. */
  static async open(url: string, count: number): Promise<Crowd> {
    const child = fork(join(__dirname, 'live-crowd.js'), [url, String(count)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const opened = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: { opened: number }) => resolve(message.opened));
      child.once('exit', (code) => reject(new Error(`the crowd exited with ${code}`)));
    });
    return new Crowd(child, opened);
  }

  /** Messages its sockets received after their greeting, all together, once `expected` arrived or `timeoutMs` passed. */
  async received(expected: number, timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const received = await new Promise<number>((resolve) => {
        this.child.once('message', (message: { received: number }) => resolve(message.received));
        this.child.send('received');
      });
      if (received >= expected || Date.now() > deadline) return received;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}

const PASSES = 50;

/**
 * What one delivery to `sockets` sockets costs at the least on this machine: a WebSocket server
 * that does nothing else writes one `bytes`-byte message, framed once, to each of a crowd's
 * sockets (the API's own way: the same bytes on each connection), `PASSES` times. The p50 of a
 * pass, and of one write; every write is a system call that, on loopback, also does the reading
 * side's TCP work.
 */
export async function socketWriteFloor(
  sockets: number,
  bytes: number,
): Promise<{ passMs: number; writeUs: number; sockets: number; passes: number }> {
  const connections: Socket[] = [];
  const webSockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const http = createServer();
  http.on('upgrade', (request, socket, head) =>
    webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      connections.push(socket as Socket);
      webSocket.send('{"type":"hello"}');
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const crowd = await Crowd.open(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/ws`, sockets);
  try {
    const envelope = JSON.stringify({ type: 'stock.moved', data: '' });
    const frame = textFrame(JSON.stringify({ type: 'stock.moved', data: 'x'.repeat(Math.max(0, bytes - envelope.length)) })).wire;
    const passes: number[] = [];
    for (let pass = 0; pass < PASSES; pass += 1) {
      const started = performance.now();
      for (const connection of connections) connection.write(frame);
      passes.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const passMs = [...passes].sort((a, b) => a - b)[Math.floor(PASSES / 2)] ?? Number.NaN;
    return { passMs, writeUs: (passMs * 1000) / connections.length, sockets: connections.length, passes: PASSES };
  } finally {
    await crowd.close();
    webSockets.close();
    await new Promise((resolve) => http.close(resolve));
  }
}
