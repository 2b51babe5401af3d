import { inflateSync } from 'node:zlib';

/** One indirect object of a PDF: its dictionary as text, and its stream (inflated when FlateDecode), if any. */
interface PdfObject {
  readonly dictionary: string;
  readonly stream: Buffer | null;
}

/** An image XObject's colour pixels, one byte per channel, row after row. */
export interface PdfImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Buffer;
}

export interface PdfContents {
  readonly pages: number;
  readonly images: readonly PdfImage[];
  /** The text each text-showing operator (TJ) draws, in drawing order. */
  readonly texts: readonly string[];
}

const numberIn = (dictionary: string, key: string): number => {
  const match = new RegExp(`/${key} (\\d+)`).exec(dictionary);
  if (!match) throw new Error(`no /${key} in ${dictionary}`);
  return Number(match[1]);
};

/** Every object the cross-reference table lists, read at its offset: enough of PDF to check what pdfkit wrote. */
function pdfObjects(pdf: Buffer): PdfObject[] {
  const text = pdf.toString('latin1');
  const xref = Number(/startxref\s+(\d+)/.exec(text.slice(-64))?.[1]);
  const table = /^xref\s+\d+ (\d+)\s+([\s\S]*?)trailer/.exec(text.slice(xref));
  if (!table?.[2]) throw new Error('no cross-reference table');
  const offsets = [...table[2].matchAll(/(\d{10}) \d{5} n/g)].map((entry) => Number(entry[1]));
  return offsets.map((offset) => {
    const body = text.slice(offset);
    const streamAt = body.search(/\bstream\r?\n/);
    const endAt = body.indexOf('endobj');
    if (streamAt === -1 || streamAt > endAt) return { dictionary: body.slice(0, endAt), stream: null };
    const dictionary = body.slice(0, streamAt);
    const start = offset + streamAt + (/\bstream\r?\n/.exec(body)?.[0].length ?? 0);
    const raw = pdf.subarray(start, start + numberIn(dictionary, 'Length'));
    return { dictionary, stream: dictionary.includes('/FlateDecode') ? inflateSync(raw) : raw };
  });
}

/** The hex strings of a TJ array, as text: pdfkit writes the standard fonts' text in WinAnsi, which is Latin-1 but for 0x80–0x9F (here only its ellipsis). */
const shown = (array: string) =>
  [...array.matchAll(/<([0-9a-fA-F]*)>/g)]
    .map((hex) => Buffer.from(hex[1] ?? '', 'hex').toString('latin1'))
    .join('')
    .replaceAll('\x85', '…');

export function pdfContents(pdf: Buffer): PdfContents {
  const objects = pdfObjects(pdf);
  const images = objects
    .filter(({ dictionary }) => dictionary.includes('/Subtype /Image') && dictionary.includes('/DeviceRGB'))
    .map(({ dictionary, stream }) => ({
      width: numberIn(dictionary, 'Width'),
      height: numberIn(dictionary, 'Height'),
      rgb: stream ?? Buffer.alloc(0),
    }));
  const texts = objects
    .filter(({ dictionary, stream }) => stream !== null && !dictionary.includes('/Subtype'))
    .flatMap(({ stream }) =>
      [...(stream ?? Buffer.alloc(0)).toString('latin1').matchAll(/\[(.*?)\] TJ/g)].map((operator) => shown(operator[1] ?? '')),
    );
  return { pages: objects.filter(({ dictionary }) => /\/Type \/Page\b(?!s)/.test(dictionary)).length, images, texts };
}
