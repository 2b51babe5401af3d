import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ImportLimits } from '../../config';
import { ImportTooLargeError, UnreadableImportError } from '../domain/import-errors';
import { unescapeFormula } from '../domain/cell-values';
import type { Cell, Sheet } from '../domain/sheet';
import { checkUnpackedSize } from './zip-budget';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const NOT_A_SPREADSHEET = 'the file is not a CSV or XLSX spreadsheet';
const DELIMITERS = [',', ';', '\t'] as const;

const tooManyRows = (limits: ImportLimits) =>
  new ImportTooLargeError(`the file has more than ${limits.maxRows.toLocaleString('en')} rows; split it into several files`);

/** UTF-8 when the bytes are valid UTF-8 (a byte-order mark dropped), else Windows-1252, which every byte sequence is. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The delimiter the header line uses most, outside quotes: Excel saves `;` where the decimal mark is a comma. */
function delimiterOf(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/**
 * A CSV cell that a spreadsheet would compute is kept as the formula it is, for the row to be refused;
 * text the export escaped (a leading apostrophe) is read back as it was.
 */
const csvCell = (text: string): Cell => (text.startsWith('=') ? { formula: text } : unescapeFormula(text));

function readCsv(bytes: Buffer, limits: ImportLimits): Sheet {
  const text = decode(bytes);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      to: limits.maxRows + 2,
    });
  } catch (error) {
    throw new UnreadableImportError(`the file cannot be read as CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new UnreadableImportError('the file is empty');
  if (rows.length > limits.maxRows) throw tooManyRows(limits);
  return {
    header,
    rows: rows
      .map((cells, index) => ({ row: index + 2, cells: cells.map(csvCell) }))
      .filter(({ cells }) => cells.some((cell) => cell !== '')),
  };
}

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return unescapeFormula(value);
  if (typeof value !== 'object') return String(value);
  if ('formula' in value && value.formula) return { formula: `=${value.formula}` };
  if ('sharedFormula' in value) return { formula: `=${value.sharedFormula}` };
  if ('richText' in value) return unescapeFormula(value.richText.map((part) => part.text).join(''));
  if ('text' in value) return value.text;
  if ('error' in value) return value.error;
  return '';
}

async function readXlsx(bytes: Buffer, limits: ImportLimits): Promise<Sheet> {
  checkUnpackedSize(bytes, limits.maxUnpackedBytes, limits.maxRows, () => tooManyRows(limits));
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableImportError('the file is a zip archive but not an XLSX workbook that can be read');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UnreadableImportError('the file is a zip archive but not an XLSX workbook that can be read');
  if (sheet.actualRowCount === 0) throw new UnreadableImportError("the workbook's first sheet is empty");
  if (sheet.rowCount > limits.maxRows + 1) throw tooManyRows(limits);
  const rows: { row: number; cells: Cell[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    // row.values is 1-based: index 0 is always empty.
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    rows.push({ row: number, cells: Array.from(values, cellOf) });
  });
  const [header, ...data] = rows;
  if (header?.row !== 1) throw new UnreadableImportError('the first row of the first sheet must name the columns');
  return {
    header: header.cells.map((cell) => (typeof cell === 'string' ? cell : cell.formula)),
    rows: data.filter(({ cells }) => cells.some((cell) => cell !== '')),
  };
}

/**
 * A spreadsheet from the bytes uploaded, whatever they are: an XLSX workbook (its first sheet) or a
 * CSV (comma, semicolon or tab separated; UTF-8 with or without byte-order mark, or Windows-1252).
 * Anything else, or anything over the limits, is refused before it is parsed further.
 */
export async function readSheet(bytes: Buffer, limits: ImportLimits): Promise<Sheet> {
  if (bytes.length > limits.maxBytes)
    throw new ImportTooLargeError(`the file is larger than ${Math.floor(limits.maxBytes / (1024 * 1024))} MB`);
  if (bytes.length === 0) throw new UnreadableImportError('the file is empty');
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return readXlsx(bytes, limits);
  if (bytes.subarray(0, 8192).includes(0)) throw new UnreadableImportError(NOT_A_SPREADSHEET);
  return readCsv(bytes, limits);
}
