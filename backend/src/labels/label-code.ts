import bwipjs from 'bwip-js';

/** The symbologies a label can carry: a QR code, or a Code 128 (what handheld laser scanners read). */
export const LABEL_CODES = ['qr', 'code128'] as const;
export type LabelCode = (typeof LABEL_CODES)[number];

const SYMBOLOGY: Record<LabelCode, string> = { qr: 'qrcode', code128: 'code128' };

/**
 * Options for both renderings: white background and a quiet zone inside the image itself (4 modules
 * round a QR code, 10 beside a Code 128), so that the code scans wherever it is placed; the text is
 * printed beside it by the label, not by the code.
 */
const options = (text: string, code: LabelCode) => ({
  bcid: SYMBOLOGY[code],
  text,
  backgroundcolor: 'FFFFFF',
  ...(code === 'qr' ? { eclevel: 'M', padding: 8 } : { height: 10, paddingwidth: 22, paddingheight: 2 }),
});

/**
 * Pixels per module: whole pixels keep every module sharp however the PDF is scaled (PDF images are not
 * interpolated), and no more than that, for rendering is the cost of a sheet (a QR module is 2 × scale).
 */
const SCALE: Record<LabelCode, number> = { qr: 2, code128: 3 };

/** The code as a PNG. */
export const codePng = (text: string, code: LabelCode): Promise<Buffer> => bwipjs.toBuffer({ ...options(text, code), scale: SCALE[code] });

/** The code as an SVG document of its own (vector: sharp at any size). */
export const codeSvg = (text: string, code: LabelCode): string => bwipjs.toSVG(options(text, code));
