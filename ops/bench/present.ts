/** The value, or an error naming what is missing: a benchmark that lost a row or a result stops instead of printing NaN. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`bench: no ${what}`);
  return value;
}
