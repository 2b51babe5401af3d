import { itemReservations, movedAt, MAIN_LOCATION_ID, type InventoryEvent } from '../../inventory';
import type { PlannedStream } from './import-plan';

/** A row of the file that no longer applies as previewed, and why. */
export interface StaleRow {
  readonly row: number;
  /** The column (as an import names it), or `row` for the row as a whole. */
  readonly field: string;
  readonly message: string;
}

function rowsOf(streams: readonly PlannedStream[], field: string, message: (stream: PlannedStream) => string): StaleRow[] {
  return streams.flatMap((stream) => stream.rows.map((row) => ({ row, field, message: message(stream) }))).sort((a, b) => a.row - b.row);
}

const stockLocations = (events: readonly InventoryEvent[]): string[] =>
  events.flatMap((event) => (event.type === 'StockMoved' && movedAt(event.data) !== MAIN_LOCATION_ID ? [movedAt(event.data)] : []));

/** The locations other than the main one that the plan moves stock at: each must still take stock when it is applied. */
export const plannedLocations = (streams: readonly PlannedStream[]): string[] => [
  ...new Set(streams.flatMap((stream) => stockLocations(stream.events))),
];

/** The rows moving stock at a location archived since the preview (`archived`: location id → code). */
export const rowsAtArchivedLocations = (streams: readonly PlannedStream[], archived: ReadonlyMap<string, string>): StaleRow[] =>
  rowsOf(
    streams.filter((stream) => stockLocations(stream.events).some((id) => archived.has(id))),
    'row',
    (stream) => {
      const codes = [...new Set(stockLocations(stream.events).flatMap((id) => archived.get(id) ?? []))];
      return `the location ${codes.join(', ')} was archived`;
    },
  );

/** The rows whose item's stream moved on since the preview. */
export const rowsOfChangedItems = (streams: readonly PlannedStream[], changed: ReadonlySet<string>): StaleRow[] =>
  rowsOf(
    streams.filter((stream) => changed.has(stream.streamId)),
    'sku',
    () => 'the item was changed (edited, archived, restored or its stock moved)',
  );

/** The rows giving an item a SKU or barcode another item took since the preview. */
export function rowsTakingValue(streams: readonly PlannedStream[], kind: string, value: string): StaleRow[] {
  const taking = streams.filter((stream) => itemReservations(stream.events).reserve.some((r) => r.kind === kind && r.value === value));
  return rowsOf(taking, kind, () => `${value} was taken by another item`);
}
