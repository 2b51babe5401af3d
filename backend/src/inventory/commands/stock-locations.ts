/**
 * Where stock may move, and so where an item may have a low-stock threshold. The locations feature answers (LocationsModule provides it), so that the
 * inventory does not depend on it. Read before deciding, not guarded by the append: a location
 * archived between the two still takes that one movement (docs/API.md, Locations).
 */
export abstract class StockLocations {
  /**
   * Runs `move` once stock may move at the location, else throws StockLocationNotFoundError or
   * StockLocationArchivedError. At the main location it runs `move` at once, so that commands on
   * one item still queue in the order they arrived.
   */
  abstract movingAt<T>(locationId: string, move: () => Promise<T>): Promise<T>;
}
