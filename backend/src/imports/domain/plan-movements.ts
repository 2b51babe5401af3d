import {
  decide,
  fold,
  InventoryRuleError,
  ItemArchivedError,
  itemStreamId,
  MAIN_LOCATION_ID,
  normaliseSku,
  type InventoryEvent,
  type Item,
  type ItemCommand,
} from '../../inventory';
import { text, wholeNumber } from './cell-values';
import { summarise, type ImportPlan, type PlanInput, type PlannedStream, type RowError, type RowPreview } from './import-plan';
import { stockLocation } from './known-locations';
import { isFormula, type Sheet, type SheetRow } from './sheet';
import { cellText, headerIndex, headerKey, ignoredColumns, requireColumn, rowShapeErrors } from './sheet-header';

/** The columns of a movements file; `location` (a code; the main location when empty), `reason` and `note` are optional. */
export const MOVEMENT_HEADERS = ['sku', 'location', 'type', 'quantity', 'reason', 'note'] as const;

const COMMAND_OF_TYPE = { IN: 'ReceiveStock', OUT: 'IssueStock', ADJUST: 'AdjustStock' } as const;

interface MovementColumns {
  readonly sku: number;
  readonly type: number;
  readonly quantity: number;
  readonly location: number | undefined;
  readonly reason: number | undefined;
  readonly note: number | undefined;
}

function columnsOf(header: readonly string[]): MovementColumns {
  const index = headerIndex(header);
  return {
    sku: requireColumn(index, 'sku'),
    type: requireColumn(index, 'type'),
    quantity: requireColumn(index, 'quantity'),
    location: index.get('location'),
    reason: index.get('reason'),
    note: index.get('note'),
  };
}

/** The row's command, or its errors. */
function commandOf(
  row: SheetRow,
  columns: MovementColumns,
  item: Item | undefined,
  input: PlanInput,
  errors: RowError[],
): ItemCommand | undefined {
  const cell = (position: number | undefined) => {
    const value = cellText(row, position);
    return value === undefined || isFormula(value) ? '' : value.trim();
  };
  const sku = cell(columns.sku);
  if (sku === '') errors.push({ field: 'sku', message: 'is required' });
  else if (!item || item.status === 'absent') errors.push({ field: 'sku', message: `no item has the SKU ${sku}` });
  const type = cell(columns.type).toUpperCase();
  if (!(type in COMMAND_OF_TYPE)) errors.push({ field: 'type', message: 'must be IN, OUT or ADJUST' });
  const quantity = wholeNumber(cell(columns.quantity));
  if (!quantity.ok) errors.push({ field: 'quantity', message: quantity.message });
  else if (quantity.value === undefined) errors.push({ field: 'quantity', message: 'is required' });
  const code = cell(columns.location);
  const location = code === '' ? { id: MAIN_LOCATION_ID } : stockLocation(input.locations, code);
  if (typeof location === 'string') errors.push({ field: 'location', message: location });
  const reason = text(cell(columns.reason), { maxLength: 500, blank: 'not-given' });
  if (!reason.ok) errors.push({ field: 'reason', message: reason.message });
  const note = text(cell(columns.note), { maxLength: 2000, blank: 'not-given' });
  if (!note.ok) errors.push({ field: 'note', message: note.message });
  if (errors.length > 0 || !item || item.status === 'absent' || typeof location === 'string' || !quantity.ok || !reason.ok || !note.ok)
    return undefined;
  const movement = {
    itemId: item.id,
    movementId: input.newId(),
    locationId: location.id,
    reason: reason.value ?? input.reason,
    note: note.value ?? null,
  };
  const units = quantity.value ?? 0;
  const kind = COMMAND_OF_TYPE[type as keyof typeof COMMAND_OF_TYPE];
  return kind === 'AdjustStock'
    ? { type: kind, data: { ...movement, countedQuantity: units } }
    : { type: kind, data: { ...movement, quantity: units } };
}

/**
 * The preview of a movements file: each row is a movement to create, decided on its item as the
 * rows before it leave it (so an OUT after an IN of the same file may take what the IN brought), or
 * an error (an unknown SKU or location, more than is in stock, …).
 */
export function planMovements(sheet: Sheet, input: PlanInput): ImportPlan {
  const columns = columnsOf(sheet.header);
  const states = new Map<string, Item>();
  const events = new Map<string, { readonly expectedVersion: number; readonly events: InventoryEvent[]; readonly rows: number[] }>();
  const rows: RowPreview[] = [];
  for (const row of sheet.rows) {
    const errors = rowShapeErrors(row, sheet.header);
    const skuCell = cellText(row, columns.sku);
    const sku = typeof skuCell === 'string' ? normaliseSku(skuCell.trim()) : '';
    const item = states.get(sku) ?? input.existing.get(sku);
    const command = commandOf(row, columns, item, input, errors);
    if (command && item) {
      try {
        const decided = decide(command, item);
        states.set(sku, fold(decided, item));
        const streamId = itemStreamId(command.data.itemId);
        const stream = events.get(streamId) ?? { expectedVersion: (input.existing.get(sku) ?? item).version, events: [], rows: [] };
        stream.events.push(...decided);
        stream.rows.push(row.row);
        events.set(streamId, stream);
      } catch (error) {
        if (!(error instanceof InventoryRuleError)) throw error;
        errors.push({ field: error instanceof ItemArchivedError ? 'sku' : 'quantity', message: error.message });
      }
    }
    rows.push({ row: row.row, action: errors.length > 0 ? 'error' : 'create', errors });
  }
  const streams: PlannedStream[] = [...events].map(([streamId, stream]) => ({ streamId, ...stream }));
  const known = new Set<string>(MOVEMENT_HEADERS);
  return {
    rows,
    streams,
    summary: summarise(
      rows,
      streams,
      ignoredColumns(sheet.header, (key) => known.has(headerKey(key))),
    ),
  };
}
