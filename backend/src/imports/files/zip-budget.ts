import { inflateRawSync } from 'node:zlib';
import { ImportTooLargeError, UnreadableImportError } from '../domain/import-errors';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** ZIP64 marks its sizes and offsets so; no spreadsheet within the limits needs it. */
const ZIP64_MARK = 0xffffffff;

function endOfDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw new UnreadableImportError('the file looks like an XLSX workbook but its zip directory is missing or damaged');
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const ROW_TAGS = [Buffer.from('<row '), Buffer.from('<row>')];

/** The `<row>` elements of a worksheet part: a million short rows unpack to less than the byte limit. */
function rowsIn(part: Buffer): number {
  let rows = 0;
  for (const tag of ROW_TAGS) for (let at = part.indexOf(tag); at >= 0; at = part.indexOf(tag, at + tag.length)) rows += 1;
  return rows;
}

/**
 * Unpacks every part of the zip, each only up to what is left of `maxUnpackedBytes`, and throws once
 * the parts together would unpack to more: the sizes the directory declares may lie, the inflater
 * does not. Run before the workbook reader, which would unpack a zip bomb whole, and parse every
 * row of every sheet (a million rows take a minute and more than a gigabyte): a worksheet with more
 * rows than `maxRows` is refused here, by `tooManyRows`.
 */
export function checkUnpackedSize(zip: Buffer, maxUnpackedBytes: number, maxRows: number, tooManyRows: () => Error): void {
  const tooLarge = () =>
    new ImportTooLargeError(
      `the workbook unpacks to more than ${Math.floor(maxUnpackedBytes / (1024 * 1024))} MB; save it as CSV or split it`,
    );
  const end = endOfDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let left = maxUnpackedBytes;
  try {
    for (let entry = 0; entry < entries; entry += 1) {
      if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new UnreadableImportError("the workbook's zip directory is damaged");
      const method = zip.readUInt16LE(at + 10);
      const compressed = zip.readUInt32LE(at + 20);
      const declared = zip.readUInt32LE(at + 24);
      const local = zip.readUInt32LE(at + 42);
      if ([compressed, declared, local].includes(ZIP64_MARK) || declared > left) throw tooLarge();
      if (zip.readUInt32LE(local) !== LOCAL_HEADER) throw new UnreadableImportError("the workbook's zip entries are damaged");
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      let part: Buffer;
      if (method === DEFLATED) part = inflateRawSync(data, { maxOutputLength: Math.max(1, left) });
      else if (method === STORED) part = data;
      else throw new UnreadableImportError(`the workbook uses zip compression method ${method}, which is not read`);
      left -= part.length;
      if (left < 0) throw tooLarge();
      const name = zip.toString('utf8', at + 46, at + 46 + zip.readUInt16LE(at + 28));
      // The header row is a row too.
      if (WORKSHEET.test(name) && rowsIn(part) > maxRows + 1) throw tooManyRows();
      at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
  } catch (error) {
    if (error instanceof RangeError && (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    if (error instanceof RangeError) throw new UnreadableImportError("the workbook's zip directory is damaged");
    throw error;
  }
}
