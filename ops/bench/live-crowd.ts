import { WebSocket } from 'ws';

/**
 * The live benchmark's crowd: `count` sockets on `url` (signed in, greeted, reading every message
 * as a browser tab does), in a process of their own so that reading their messages does not hold
 * up the process that times the measured clients. Reports `{opened}` once every socket is greeted,
 * and `{received}` (messages after the greeting, all sockets together) when asked; exits on disconnect.
 */
async function main(): Promise<void> {
  const [url, count] = [process.argv[2], Number(process.argv[3])];
  if (!url || !Number.isSafeInteger(count)) throw new Error('usage: live-crowd <ws url> <count>');
  const sockets: WebSocket[] = [];
  let received = 0;
  const openOne = () =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url);
      sockets.push(socket);
      socket.once('error', reject);
      socket.once('message', () => {
        socket.on('message', () => (received += 1));
        resolve();
      });
    });
  for (let opened = 0; opened < count; opened += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - opened) }, openOne));
  }
  process.send?.({ opened: sockets.length });
  process.on('message', () => process.send?.({ received }));
  process.once('disconnect', () => {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
