import type { ProjectionLag, SystemHealth } from '../../core/api/models';

export const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export const milliseconds = (seconds: number) => `${(seconds * 1000).toFixed(1)} ms`;

export function duration(seconds: number): string {
  const whole = Math.floor(seconds);
  const [days, hours, minutes] = [Math.floor(whole / 86_400), Math.floor((whole % 86_400) / 3600), Math.floor((whole % 3600) / 60)];
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return minutes > 0 ? `${minutes} min ${whole % 60} s` : `${whole} s`;
}

/** The projection furthest behind the head of the store, or undefined when there are none. */
export const mostBehind = (projections: readonly ProjectionLag[]): ProjectionLag | undefined =>
  projections.reduce<ProjectionLag | undefined>((worst, lag) => (!worst || lag.behind > worst.behind ? lag : worst), undefined);

/** Counted figures summed by one label, e.g. commands by outcome: `[['ok', 120], ['conflict', 3]]`. */
export function countsBy(figures: SystemHealth['traffic']['commands'], label: string): [string, number][] {
  const sums = new Map<string, number>();
  for (const figure of figures) {
    const key = figure.labels[label] ?? '?';
    sums.set(key, (sums.get(key) ?? 0) + figure.count);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A byte count in the largest binary unit that keeps it at 1 or more, as `docker stats` shows memory: `23.4 MiB`. */
export function bytes(count: number): string {
  let value = count;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

export const bytesPerSecond = (count: number) => `${bytes(count)}/s`;

export const percent = (value: number) => `${value.toFixed(1)} %`;

/** A figure not yet known (the first sample has no rate) reads as a dash, never as a zero. */
export const orDash = (value: number | null | undefined, format: (value: number) => string) =>
  value === null || value === undefined ? '—' : format(value);
