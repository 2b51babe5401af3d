import {
  BinaryBitmap,
  Code128Reader,
  DecodeHintType,
  HybridBinarizer,
  QRCodeReader,
  RGBLuminanceSource,
  type Reader,
} from '@zxing/library';
import { PNG } from 'pngjs';
import type { LabelCode } from '../label-code';
import type { PdfImage } from './pdf-contents';

/** Each symbology's own ZXing reader: a label's code must read as the symbology asked for. */
const READERS: Record<LabelCode, () => Reader> = { qr: () => new QRCodeReader(), code128: () => new Code128Reader() };

/**
 * How each reader looks at a picture that is the code alone, upright, in its quiet zone. A QR code is
 * read as such (PURE_BARCODE: the module grid read straight from the picture): ZXing's finder-pattern
 * search misjudged the size of about 3 in 1,000 of these codes at 4 pixels a module, failing tests on
 * random SKUs, while the grid read gets every one of 6,000 right.
 */
const HINTS: Record<LabelCode, Map<DecodeHintType, boolean>> = {
  qr: new Map([[DecodeHintType.PURE_BARCODE, true]]),
  code128: new Map([[DecodeHintType.TRY_HARDER, true]]),
};

/** What a barcode reader (ZXing) reads in the picture; throws when it reads nothing. */
function read(luminance: Uint8ClampedArray, width: number, height: number, code: LabelCode): string {
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
  return READERS[code]().decode(bitmap, HINTS[code]).getText();
}

/** The mean of the colour channels of each pixel, from pixels of `channels` bytes each (the colour ones first). */
function luminance(pixels: Uint8Array, channels: number, count: number): Uint8ClampedArray {
  const grey = new Uint8ClampedArray(count);
  for (let pixel = 0; pixel < count; pixel += 1) {
    const at = pixel * channels;
    grey[pixel] = ((pixels[at] ?? 0) + (pixels[at + 1] ?? 0) + (pixels[at + 2] ?? 0)) / 3;
  }
  return grey;
}

/** Reads a PNG (RGBA), as bwip-js renders codes. */
export function readPng(png: Buffer, code: LabelCode): string {
  const { width, height, data } = PNG.sync.read(png);
  return read(luminance(data, 4, width * height), width, height, code);
}

/** Reads an image as embedded in a PDF (RGB). */
export const readPdfImage = ({ width, height, rgb }: PdfImage, code: LabelCode): string =>
  read(luminance(rgb, 3, width * height), width, height, code);
