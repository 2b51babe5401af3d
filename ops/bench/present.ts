/** The value, or an error naming what is missing: a benchmark that lost a row or a result stops instead of printing NaN. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`bench: no ${what}`);
  return value;
}

/** The middle value (the upper one of an even count). */
export const median = (values: readonly number[]) => present([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)], 'median');

/** One table of a benchmark's output: its header, then each row, every cell after ` | `. */
export function printTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  for (const cells of [header, ...rows]) console.log(['', ...cells].join(' | '));
}

/**
 * The benchmark's headline figures as its last line, one JSON object, so that a script can compare
 * runs (`npm run bench -- <name> | tail -1`); rounded to what the figures can tell apart.
 */
export function printHeadline(figures: Readonly<Record<string, number>>): void {
  const rounded = Object.fromEntries(Object.entries(figures).map(([name, value]) => [name, Number(value.toPrecision(4))]));
  console.log(JSON.stringify(rounded));
}
