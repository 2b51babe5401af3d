export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  /** RFC 3339 with nanoseconds, as the engine wrote it. */
  readonly timestamp: string;
  readonly stream: LogStream;
  readonly message: string;
  /** The Swarm task that wrote the line (service logs only). */
  readonly taskId?: string;
}

const HEADER_BYTES = 8;
const STREAMS: Record<number, LogStream | undefined> = { 1: 'stdout', 2: 'stderr' };

interface Chunk {
  readonly stream: LogStream;
  readonly text: string;
}

/**
 * Splits the engine's log body into its stdout and stderr parts. Without a TTY the body is
 * multiplexed: frames of an 8-byte header (stream, 3 zero bytes, big-endian length) and a payload.
 * With a TTY it is one raw stdout stream. Logs are always requested with timestamps, so a raw body
 * starts with a digit and a multiplexed one with a stream byte (0–2): the first byte tells them apart.
 */
function demultiplex(body: Buffer): Chunk[] {
  const first = body[0];
  if (first === undefined) return [];
  if (first > 2) return [{ stream: 'stdout', text: body.toString('utf8') }];
  const chunks: Chunk[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= body.length) {
    const size = body.readUInt32BE(offset + 4);
    const payload = body.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + size);
    chunks.push({ stream: STREAMS[body.readUInt8(offset)] ?? 'stdout', text: payload.toString('utf8') });
    offset += HEADER_BYTES + size;
  }
  return chunks;
}

// Service logs requested with `details` carry `com.docker.swarm.task.id=...` among comma-separated attributes.
const TASK_ATTRIBUTE = /(?:^|,)com\.docker\.swarm\.task\.id=([^,]+)/;

function parseLine(stream: LogStream, raw: string, withDetails: boolean): LogLine {
  const [timestamp, afterTimestamp] = splitOnce(raw);
  if (!withDetails) return { timestamp, stream, message: afterTimestamp };
  const [attributes, message] = splitOnce(afterTimestamp);
  const taskId = TASK_ATTRIBUTE.exec(attributes)?.[1];
  return taskId ? { timestamp, stream, message, taskId } : { timestamp, stream, message };
}

function splitOnce(text: string): [string, string] {
  const space = text.indexOf(' ');
  return space < 0 ? [text, ''] : [text.slice(0, space), text.slice(space + 1)];
}

/** RFC 3339 nanosecond stamps drop trailing zeros, so they sort as text only once padded to 9 digits. */
function sortKey(timestamp: string): string {
  const match = /^(.*?)(?:\.(\d+))?Z$/.exec(timestamp);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}` : timestamp;
}

/**
 * The log lines in a body the engine returned for `timestamps=1` (and `details=1` when
 * `withDetails`), oldest first, at most the last `tail` of them.
 */
export function parseLogBody(body: Buffer, options: { withDetails: boolean; tail: number }): LogLine[] {
  const lines = demultiplex(body).flatMap(({ stream, text }) =>
    text
      .split('\n')
      .filter((raw) => raw !== '')
      .map((raw) => parseLine(stream, raw.replace(/\r$/, ''), options.withDetails)),
  );
  const ordered = lines
    .map((line, index) => ({ line, index, key: sortKey(line.timestamp) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map(({ line }) => line);
  return ordered.slice(Math.max(0, ordered.length - options.tail));
}
