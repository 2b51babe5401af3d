import type { ItemView, StockMovementView } from '../../queries/impl/views';

/** The movement as recorded; its global position is not known before the append, so it is left out. */
export type RecordedMovement = Omit<StockMovementView, 'position'>;

/** POST /api/stock-movements answers the movement and the item as it stands after it. */
export interface MovementResult {
  readonly movement: RecordedMovement;
  readonly item: ItemView;
}
