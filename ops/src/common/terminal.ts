import type { Writable } from 'node:stream';

/** Where a command writes: results to `out`, progress and diagnostics to `err`. */
export interface Terminal {
  readonly out: Writable;
  readonly err: Writable & { isTTY?: boolean };
}

export const processTerminal: Terminal = { out: process.stdout, err: process.stderr };

export const print = (stream: Writable, line = ''): void => {
  stream.write(`${line}\n`);
};

/** Columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows.reduce<number[]>((max, row) => row.map((cell, n) => Math.max(max[n] ?? 0, cell.length)), []);
  return rows.map((row) =>
    row
      .map((cell, n) => (n === row.length - 1 ? cell : cell.padEnd(widths[n] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
