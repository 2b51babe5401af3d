import { stringify, type Stringifier } from 'csv-stringify';
import type { ListedStockMovement } from '../queries/impl/views';

/**
 * One row per movement for spreadsheets. Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR first) get a leading quote (`escape_formulas`); a negative ADJUST quantity is a number and stays one.
 */
const COLUMNS = [
  { key: 'at', header: 'time' },
  { key: 'type', header: 'type' },
  { key: 'item.sku', header: 'sku' },
  { key: 'item.name', header: 'item' },
  { key: 'quantity', header: 'quantity' },
  { key: 'quantityBefore', header: 'quantityBefore' },
  { key: 'quantityAfter', header: 'quantityAfter' },
  { key: 'user.username', header: 'user' },
  { key: 'reason', header: 'reason' },
  { key: 'note', header: 'note' },
  { key: 'itemId', header: 'itemId' },
  { key: 'id', header: 'movementId' },
  { key: 'position', header: 'position' },
  { key: 'location', header: 'location' },
  { key: 'reverses', header: 'reverses' },
  { key: 'reversedBy', header: 'reversedBy' },
];

export const MOVEMENTS_CSV_TYPE = 'text/csv; charset=utf-8';

export const movementsCsv = (): Stringifier => stringify({ header: true, columns: COLUMNS, escape_formulas: true });

/** Each movement with its `location` cell: where it moved stock, `<from> → <to>` for a transfer. */
export async function* withLocationCell(
  movements: AsyncIterable<ListedStockMovement>,
): AsyncGenerator<ListedStockMovement & { readonly location: string }> {
  for await (const movement of movements) {
    const { fromLocationId, toLocationId } = movement;
    yield {
      ...movement,
      location: toLocationId === undefined ? movement.locationId : `${fromLocationId ?? movement.locationId} → ${toLocationId}`,
    };
  }
}
