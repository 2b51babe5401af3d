import type { Projection } from './projection';

/** The named projections of `all`, or all of them; throws on a name that is not one. */
export function projectionsNamed(all: readonly Projection[], names: readonly string[]): Projection[] {
  if (names.length === 0) return [...all];
  return names.map((name) => {
    const found = all.find((projection) => projection.name === name);
    if (!found) throw new Error(`no projection "${name}"; there are: ${all.map((p) => p.name).join(', ')}`);
    return found;
  });
}
