import {
  BARCODE,
  decide,
  fold,
  InventoryRuleError,
  itemReservations,
  itemStreamId,
  MAIN_LOCATION_ID,
  normaliseSku,
  SKU_PATTERN,
  stockAt,
  type InventoryEvent,
  type Item,
  type ItemCommand,
  type ItemFields,
} from '../../inventory';
import { wholeNumber } from './cell-values';
import { summarise, type ImportPlan, type PlanInput, type PlannedStream, type RowError, type RowPreview } from './import-plan';
import { ITEM_COLUMNS, QUANTITY_HEADER, SKU_HEADER, type ItemColumn } from './item-columns';
import { stockLocation, type LocationsByCode } from './known-locations';
import { isFormula, type Sheet, type SheetRow } from './sheet';
import { cellText, headerIndex, headerKey, ignoredColumns, requireColumn, rowShapeErrors } from './sheet-header';

interface QuantityColumn {
  readonly header: string;
  readonly position: number;
  /** The location, or why the column cannot be imported. */
  readonly location: { readonly id: string } | string;
}

interface ItemsLayout {
  readonly sku: number;
  readonly fields: readonly (readonly [ItemColumn, number])[];
  readonly quantities: readonly QuantityColumn[];
}

const isQuantityHeader = (key: string) => key === QUANTITY_HEADER || key.startsWith(`${QUANTITY_HEADER}:`);

function layoutOf(header: readonly string[], locations: LocationsByCode): ItemsLayout {
  const index = headerIndex(header);
  const quantities = header.flatMap((name, position): QuantityColumn[] => {
    const key = headerKey(name);
    if (!isQuantityHeader(key)) return [];
    const code = key === QUANTITY_HEADER ? undefined : name.trim().slice(QUANTITY_HEADER.length + 1);
    const location = code === undefined ? { id: MAIN_LOCATION_ID } : stockLocation(locations, code);
    return [{ header: name.trim(), position, location }];
  });
  return {
    sku: requireColumn(index, SKU_HEADER),
    fields: ITEM_COLUMNS.flatMap((column) => {
      const position = index.get(headerKey(column.header));
      return position === undefined ? [] : [[column, position] as const];
    }),
    quantities,
  };
}

const knownItemHeader = (key: string) =>
  key === SKU_HEADER || isQuantityHeader(key) || ITEM_COLUMNS.some((column) => headerKey(column.header) === key);

/** Rows naming the same SKU (regardless of case and spaces) as another row: which one is meant cannot be told. */
function duplicateSkus(rows: readonly SheetRow[], skuColumn: number): ReadonlyMap<number, RowError> {
  const rowsBySku = new Map<string, number[]>();
  for (const row of rows) {
    const cell = row.cells[skuColumn];
    if (cell === undefined || isFormula(cell) || cell.trim() === '') continue;
    const sku = normaliseSku(cell.trim());
    rowsBySku.set(sku, [...(rowsBySku.get(sku) ?? []), row.row]);
  }
  const errors = new Map<number, RowError>();
  for (const numbers of rowsBySku.values()) {
    if (numbers.length < 2) continue;
    for (const row of numbers) errors.set(row, { field: SKU_HEADER, message: `the same SKU is on rows ${numbers.join(', ')}; keep one` });
  }
  return errors;
}

interface ReadRow {
  readonly sku: string;
  readonly fields: Partial<ItemFields>;
  /** Units counted per location id, for the locations the row gives. */
  readonly counts: ReadonlyMap<string, number>;
  readonly errors: readonly RowError[];
}

function readRow(row: SheetRow, header: readonly string[], layout: ItemsLayout): ReadRow {
  const errors = rowShapeErrors(row, header);
  const text = (position: number) => {
    const cell = cellText(row, position);
    return cell === undefined || isFormula(cell) ? undefined : cell;
  };
  const sku = (text(layout.sku) ?? '').trim();
  if (!SKU_PATTERN.test(sku))
    errors.push({ field: SKU_HEADER, message: sku === '' ? 'is required' : 'must be 1–64 letters, digits, dots, underscores or hyphens' });
  const fields: Record<string, unknown> = {};
  for (const [column, position] of layout.fields) {
    const cell = text(position);
    if (cell === undefined) continue;
    const value = column.read(cell);
    if (!value.ok) errors.push({ field: header[position]?.trim() ?? column.header, message: value.message });
    else if (value.value !== undefined) fields[column.field] = value.value;
  }
  const counts = new Map<string, number>();
  for (const { header: name, position, location } of layout.quantities) {
    const cell = text(position);
    if (cell === undefined) continue;
    const count = wholeNumber(cell);
    if (!count.ok) errors.push({ field: name, message: count.message });
    else if (count.value !== undefined && typeof location === 'string') errors.push({ field: name, message: location });
    else if (count.value !== undefined && typeof location !== 'string') counts.set(location.id, count.value);
  }
  return { sku, fields, counts, errors };
}

/** Decides the commands one after another on the item as each leaves it. */
function decideAll(item: Item, commands: readonly ItemCommand[]): InventoryEvent[] {
  const events: InventoryEvent[] = [];
  let state = item;
  for (const command of commands) {
    const decided = decide(command, state);
    state = fold(decided, state);
    events.push(...decided);
  }
  return events;
}

function counted(item: Item, counts: ReadonlyMap<string, number>, itemId: string, input: PlanInput): ItemCommand[] {
  const stock = item.status === 'absent' ? {} : item.stock;
  return [...counts]
    .filter(([locationId, units]) => units !== stockAt(stock, locationId))
    .map(([locationId, countedQuantity]) => ({
      type: 'AdjustStock',
      data: { itemId, movementId: input.newId(), locationId, countedQuantity, reason: input.reason, note: null },
    }));
}

function missingForNew(fields: Partial<ItemFields>, layout: ItemsLayout): RowError[] {
  return ITEM_COLUMNS.filter((column) => column.fallback === undefined && fields[column.field] === undefined).map((column) => ({
    field: column.header,
    message: layout.fields.some(([given]) => given === column)
      ? 'is required for a new item'
      : `is required for a new item: the file has no "${column.header}" column`,
  }));
}

function newItemFields(sku: string, fields: Partial<ItemFields>): ItemFields {
  const defaults = Object.fromEntries(ITEM_COLUMNS.map((column) => [column.field, column.fallback]));
  return { ...defaults, ...fields, sku } as ItemFields;
}

interface PlannedRow {
  readonly errors: readonly RowError[];
  readonly stream?: PlannedStream;
  readonly create: boolean;
}

/** One row's preview and its events, on the item as the rows before it left it. */
function planRow(row: number, read: ReadRow, existing: Item | undefined, layout: ItemsLayout, input: PlanInput): PlannedRow {
  if (existing?.status === 'archived')
    return { errors: [{ field: SKU_HEADER, message: `the item ${existing.fields.sku} is archived; restore it first` }], create: false };
  const itemId = existing?.status === 'active' ? existing.id : input.newId();
  const item: Item = existing ?? { status: 'absent', version: 0 };
  const commands: ItemCommand[] = [];
  if (item.status === 'absent') {
    const missing = missingForNew(read.fields, layout);
    if (missing.length > 0) return { errors: missing, create: true };
    const atMain = read.counts.get(MAIN_LOCATION_ID) ?? 0;
    commands.push({ type: 'CreateItem', data: { itemId, fields: newItemFields(read.sku, read.fields), quantity: atMain } });
    const elsewhere = new Map([...read.counts].filter(([locationId]) => locationId !== MAIN_LOCATION_ID));
    commands.push(...counted(item, elsewhere, itemId, input));
  } else {
    commands.push({ type: 'UpdateItem', data: { itemId, changes: read.fields, reason: input.reason } });
    commands.push(...counted(item, read.counts, itemId, input));
  }
  try {
    const events = decideAll(item, commands);
    const stream = { streamId: itemStreamId(itemId), expectedVersion: item.version, events, rows: [row] };
    return { errors: [], create: item.status === 'absent', ...(events.length > 0 && { stream }) };
  } catch (error) {
    if (error instanceof InventoryRuleError) return { errors: [{ field: 'row', message: error.message }], create: false };
    throw error;
  }
}

/**
 * The barcodes taken so far: by items now, or by earlier rows of the file. A row giving an item a
 * barcode another item holds is an error here, not a refused apply.
 */
class BarcodeClaims {
  private readonly holders: Map<string, { readonly streamId: string; readonly row?: number }>;

  constructor(holders: ReadonlyMap<string, string>) {
    this.holders = new Map([...holders].map(([barcode, streamId]) => [barcode, { streamId }]));
  }

  claim(stream: PlannedStream, row: number, planned: PlannedRow): PlannedRow {
    const taken = itemReservations(stream.events).reserve.filter(({ kind }) => kind === BARCODE);
    const errors = taken.flatMap(({ value }): RowError[] => {
      const holder = this.holders.get(value);
      if (holder === undefined || holder.streamId === stream.streamId) return [];
      return [
        {
          field: BARCODE,
          message: holder.row === undefined ? "is already another item's barcode" : `is also on row ${holder.row}; keep one`,
        },
      ];
    });
    if (errors.length > 0) return { errors, create: planned.create };
    for (const { value } of taken) this.holders.set(value, { streamId: stream.streamId, row });
    return planned;
  }
}

/**
 * The preview of an items file: each row creates an item (its SKU is new), updates one (a field or a
 * location's count differs), leaves it unchanged, or is in error; nothing here writes. The SKU is the
 * key, matched regardless of case and surrounding spaces, and is never changed by an import.
 */
export function planItems(sheet: Sheet, input: PlanInput): ImportPlan {
  const layout = layoutOf(sheet.header, input.locations);
  const duplicates = duplicateSkus(sheet.rows, layout.sku);
  const barcodes = new BarcodeClaims(input.barcodeHolders);
  const rows: RowPreview[] = [];
  const streams: PlannedStream[] = [];
  for (const row of sheet.rows) {
    const read = readRow(row, sheet.header, layout);
    const duplicate = duplicates.get(row.row);
    const errors = [...read.errors, ...(duplicate ? [duplicate] : [])];
    if (errors.length > 0) {
      rows.push({ row: row.row, action: 'error', errors });
      continue;
    }
    const decided = planRow(row.row, read, input.existing.get(normaliseSku(read.sku)), layout, input);
    const planned = decided.stream ? barcodes.claim(decided.stream, row.row, decided) : decided;
    if (planned.stream) streams.push(planned.stream);
    const action = planned.errors.length > 0 ? 'error' : planned.create ? 'create' : planned.stream ? 'update' : 'unchanged';
    rows.push({ row: row.row, action, errors: planned.errors });
  }
  return { rows, streams, summary: summarise(rows, streams, ignoredColumns(sheet.header, knownItemHeader)) };
}
