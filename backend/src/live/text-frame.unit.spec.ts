import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { textFrame } from './text-frame';

/** What a `ws` client receives when the server writes `frames` on the connection as they are, between two messages `ws` sends itself. */
async function receivedThrough(frames: readonly Buffer[]): Promise<{ text: string; binary: boolean }[]> {
  const server = new WebSocketServer({ port: 0, perMessageDeflate: false });
  server.on('connection', (socket, request) => {
    socket.send('before', { binary: false });
    for (const frame of frames) request.socket.write(frame);
    socket.send('after', { binary: false });
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: { text: string; binary: boolean }[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data: Buffer, binary) => {
        received.push({ text: data.toString(), binary });
        if (received.length === frames.length + 2) resolve();
      });
      client.once('error', reject);
      client.once('close', (code) => reject(new Error(`closed with ${code} after ${received.length} messages`)));
    });
  } finally {
    client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
  return received;
}

describe('a text frame built once', () => {
  // Each length form of RFC 6455: 7 bits, 16 bits, 64 bits; and characters of more than one byte.
  const texts = ['{"type":"stock.moved"}', `{"note":"${'é'.repeat(200)}"}`, `{"note":"${'x'.repeat(70_000)}"}`, ''];

  it('is read by a WebSocket client as the text it carries, in order with what ws itself sends', async () => {
    const received = await receivedThrough(texts.map((text) => textFrame(text).wire));
    expect(received).toEqual(['before', ...texts, 'after'].map((text) => ({ text, binary: false })));
  });

  it('holds the text as its payload, without a copy, behind the shortest header for its length', () => {
    const headers = texts.map((text) => {
      const { wire, payload } = textFrame(text);
      expect(payload.toString()).toBe(text);
      expect(payload.buffer).toBe(wire.buffer);
      return wire.length - payload.length;
    });
    expect(headers).toEqual([2, 4, 10, 2]);
  });
});
