import type { ItemFields } from '../../inventory';
import { barcode, price, text, wholeNumber, wholeNumberOrNone, type CellValue } from './cell-values';

/**
 * One editable item field as a spreadsheet column: how a cell is read into the field and how the
 * field is written out. An empty cell is "not given" (the default on a new item, unchanged on an
 * existing one) unless emptiness is a value of the field (no description, no price).
 */
export interface ItemColumn<F extends keyof ItemFields = keyof ItemFields> {
  /** The header as exported; matched regardless of case and surrounding spaces. */
  readonly header: string;
  readonly field: F;
  readonly read: (cell: string) => CellValue<ItemFields[F]>;
  readonly write: (value: ItemFields[F]) => string | number;
  /** On a new item when not given; absent: the column must be given for a new item. */
  readonly fallback?: ItemFields[F];
  /** For the template's example row. */
  readonly example: string;
}

const column = <F extends keyof ItemFields>(definition: ItemColumn<F>): ItemColumn => definition as unknown as ItemColumn;

/**
 * The item fields an import reads and an export writes, in the order of the file's columns; the SKU
 * (the key) comes first and per-location quantities after these. A new item field is one entry here.
 */
export const ITEM_COLUMNS: readonly ItemColumn[] = [
  column({
    header: 'name',
    field: 'name',
    read: (cell) => text(cell, { maxLength: 200, blank: 'not-given' }),
    write: String,
    example: 'Bolt M10',
  }),
  column({
    header: 'description',
    field: 'description',
    read: (cell) => text(cell, { maxLength: 2000, blank: 'empty' }),
    write: String,
    fallback: '',
    example: 'Zinc-plated, 40 mm',
  }),
  column({
    header: 'unit',
    field: 'unit',
    read: (cell) => text(cell, { maxLength: 32, blank: 'not-given' }),
    write: String,
    fallback: 'pcs',
    example: 'pcs',
  }),
  column({ header: 'price', field: 'price', read: price, write: (value) => value ?? '', fallback: null, example: '0.25' }),
  column({
    header: 'lowStockThreshold',
    field: 'lowStockThreshold',
    read: wholeNumber,
    write: (value) => value,
    fallback: 0,
    example: '10',
  }),
  column({ header: 'barcode', field: 'barcode', read: barcode, write: (value) => value ?? '', fallback: null, example: '4006381333931' }),
  column({
    header: 'reorderPoint',
    field: 'reorderPoint',
    read: wholeNumberOrNone,
    write: (value) => value ?? '',
    fallback: null,
    example: '20',
  }),
  column({
    header: 'reorderQuantity',
    field: 'reorderQuantity',
    read: wholeNumberOrNone,
    write: (value) => value ?? '',
    fallback: null,
    example: '100',
  }),
  column({
    header: 'leadTimeDays',
    field: 'leadTimeDays',
    read: wholeNumberOrNone,
    write: (value) => value ?? '',
    fallback: null,
    example: '7',
  }),
];

export const SKU_HEADER = 'sku';

/** A per-location quantity column is `quantity:<location code>`; a bare `quantity` is the main location's. */
export const QUANTITY_HEADER = 'quantity';
export const quantityHeader = (locationCode: string) => `${QUANTITY_HEADER}:${locationCode}`;
