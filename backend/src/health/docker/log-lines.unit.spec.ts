import { parseLogBody } from './log-lines';

/** One frame of the engine's multiplexed log stream: stream byte, 3 zero bytes, big-endian size, payload. */
function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('parseLogBody', () => {
  it('splits multiplexed frames into stdout and stderr lines with their timestamps', () => {
    const body = Buffer.concat([
      frame(1, '2026-01-01T10:00:00.100000000Z started\n'),
      frame(2, '2026-01-01T10:00:00.200000000Z warning: disk 91%\n'),
    ]);
    expect(parseLogBody(body, { withDetails: false, tail: 10 })).toEqual([
      { timestamp: '2026-01-01T10:00:00.100000000Z', stream: 'stdout', message: 'started' },
      { timestamp: '2026-01-01T10:00:00.200000000Z', stream: 'stderr', message: 'warning: disk 91%' },
    ]);
  });

  it('orders lines by time although nanosecond stamps drop trailing zeros', () => {
    const body = Buffer.concat([
      frame(2, '2026-01-01T10:00:00.5Z second\n'),
      frame(1, '2026-01-01T10:00:00.123456789Z first\n'),
      frame(1, '2026-01-01T10:00:01Z third\n'),
    ]);
    expect(parseLogBody(body, { withDetails: false, tail: 10 }).map((line) => line.message)).toEqual(['first', 'second', 'third']);
  });

  it('keeps only the last lines when a tail is given', () => {
    const body = Buffer.concat([1, 2, 3, 4].map((n) => frame(1, `2026-01-01T10:00:0${n}.000000001Z line ${n}\n`)));
    expect(parseLogBody(body, { withDetails: false, tail: 2 }).map((line) => line.message)).toEqual(['line 3', 'line 4']);
  });

  it('takes the task id from the details of Swarm service logs and keeps the message whole', () => {
    const details = 'com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t42';
    const body = frame(1, `2026-01-01T10:00:00.1Z ${details} GET /api/items 200\n`);
    expect(parseLogBody(body, { withDetails: true, tail: 10 })).toEqual([
      { timestamp: '2026-01-01T10:00:00.1Z', stream: 'stdout', message: 'GET /api/items 200', taskId: 't42' },
    ]);
  });

  it('reads the raw body of a container with a TTY as stdout, dropping carriage returns', () => {
    const body = Buffer.from('2026-01-01T10:00:00.1Z one\r\n2026-01-01T10:00:00.2Z two\r\n');
    expect(parseLogBody(body, { withDetails: false, tail: 10 })).toEqual([
      { timestamp: '2026-01-01T10:00:00.1Z', stream: 'stdout', message: 'one' },
      { timestamp: '2026-01-01T10:00:00.2Z', stream: 'stdout', message: 'two' },
    ]);
  });

  it('answers an empty body with no lines', () => {
    expect(parseLogBody(Buffer.alloc(0), { withDetails: false, tail: 10 })).toEqual([]);
  });
});
