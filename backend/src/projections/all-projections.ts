import { historyProjection } from './history/history.projection';
import { itemsProjection } from './items/items.projection';
import type { Projection } from './projection';

/** Every projection the app keeps live and ops can replay, by name. */
export const ALL_PROJECTIONS: readonly Projection[] = [itemsProjection, historyProjection];

/** The named projections, or all of them; throws on a name that is not one. */
export function projectionsNamed(names: readonly string[]): Projection[] {
  if (names.length === 0) return [...ALL_PROJECTIONS];
  return names.map((name) => {
    const found = ALL_PROJECTIONS.find((projection) => projection.name === name);
    if (!found) throw new Error(`no projection "${name}"; there are: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
    return found;
  });
}
