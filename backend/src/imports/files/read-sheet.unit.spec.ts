import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { ImportTooLargeError } from '../domain/import-errors';
import { zipFile } from '../testing/zip-file';
import { readSheet } from './read-sheet';

/** The defaults of docs/CONFIGURATION.md: the limits a hostile file meets in production. */
const LIMITS = { maxBytes: 10 * 1024 * 1024, maxUnpackedBytes: 100 * 1024 * 1024, maxRows: 50_000 };
const MILLION = 1_000_000;
const TOO_MANY_ROWS = 'the file has more than 50,000 rows; split it into several files';

async function millionRowWorkbook(): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
  const sheet = workbook.addWorksheet('rows');
  sheet.addRow(['sku', 'name']).commit();
  for (let row = 0; row < MILLION; row += 1) sheet.addRow([row]).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

const worksheetOfRows = (rows: number) =>
  Buffer.from(Array.from({ length: rows }, (_, index) => `<row r="${index + 1}"><c r="A${index + 1}"><v>1</v></c></row>`).join(''));

describe('a file of a million rows', () => {
  it('is refused as a CSV of a few megabytes, within the byte limit', async () => {
    const csv = Buffer.from(`sku,name\n${'A,b\n'.repeat(MILLION)}`);
    expect(csv.length).toBeLessThan(LIMITS.maxBytes);
    await expect(readSheet(csv, LIMITS)).rejects.toThrow(new ImportTooLargeError(TOO_MANY_ROWS));
  });

  it('is refused as a workbook within the byte and unpacked limits', async () => {
    const workbook = await millionRowWorkbook();
    expect(workbook.length).toBeLessThan(LIMITS.maxBytes);
    await expect(readSheet(workbook, LIMITS)).rejects.toThrow(new ImportTooLargeError(TOO_MANY_ROWS));
  }, 120_000);

  it("is refused from the worksheet's rows as it is unzipped, before the workbook is parsed", async () => {
    // No workbook part at all: a parse would call it unreadable; counting the rows refuses it first.
    const rows = zipFile([{ name: 'xl/worksheets/sheet1.xml', data: worksheetOfRows(LIMITS.maxRows + 2) }]);
    await expect(readSheet(rows, LIMITS)).rejects.toThrow(new ImportTooLargeError(TOO_MANY_ROWS));
    const fewer = zipFile([{ name: 'xl/worksheets/sheet1.xml', data: worksheetOfRows(LIMITS.maxRows + 1) }]);
    await expect(readSheet(fewer, LIMITS)).rejects.toThrow('not an XLSX workbook');
  });
});
