import type { ItemView } from '../../queries/impl/views';

/** A `read_items` row as pg returns it (bigint parsed to number, numeric as text). */
export interface ItemRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  unit: string;
  quantity: number;
  low_stock_threshold: number;
  price: string | null;
  barcode: string | null;
  low_stock: boolean;
  archived: boolean;
  version: number;
  updated_at: Date;
  position: number;
}

export const ITEM_COLUMNS =
  'id, sku, name, description, unit, quantity, low_stock_threshold, price, barcode, low_stock, archived, version, updated_at, position';

export function toItemView(row: ItemRow): ItemView {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    unit: row.unit,
    quantity: row.quantity,
    lowStockThreshold: row.low_stock_threshold,
    price: row.price === null ? null : Number(row.price),
    barcode: row.barcode,
    lowStock: row.low_stock,
    archived: row.archived,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}
