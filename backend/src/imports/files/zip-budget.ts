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

/**
 * Unpacks every part of the zip, each only up to what is left of `maxUnpackedBytes`, and throws once
 * the parts together would unpack to more: the sizes the directory declares may lie, the inflater
 * does not. Run before the workbook reader, which would unpack a zip bomb whole.
 */
export function checkUnpackedSize(zip: Buffer, maxUnpackedBytes: number): void {
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
      if (method === DEFLATED) left -= inflateRawSync(data, { maxOutputLength: Math.max(1, left) }).length;
      else if (method === STORED) left -= data.length;
      else throw new UnreadableImportError(`the workbook uses zip compression method ${method}, which is not read`);
      if (left < 0) throw tooLarge();
      at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
  } catch (error) {
    if (error instanceof RangeError && (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    if (error instanceof RangeError) throw new UnreadableImportError("the workbook's zip directory is damaged");
    throw error;
  }
}
