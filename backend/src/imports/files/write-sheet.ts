import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { escapeFormula } from '../domain/cell-values';

export type SheetFormat = 'csv' | 'xlsx';

export const SHEET_TYPES: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export type OutCell = string | number;

/** Text a spreadsheet would run as a formula keeps a leading apostrophe; numbers stay numbers. */
const safe = (cell: OutCell): OutCell => (typeof cell === 'string' ? escapeFormula(cell) : cell);

/**
 * A header and rows as a file: CSV (UTF-8 with a byte-order mark, so that Excel reads it as UTF-8)
 * or an XLSX workbook of one sheet. Either imports back unchanged (readSheet takes the escape off).
 */
export async function writeSheet(format: SheetFormat, header: readonly string[], rows: readonly (readonly OutCell[])[]): Promise<Buffer> {
  const safeRows = rows.map((row) => row.map(safe));
  if (format === 'csv') return Buffer.from(`\uFEFF${stringify([header, ...safeRows])}`, 'utf8');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('items');
  sheet.addRow([...header]);
  sheet.addRows(safeRows);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
