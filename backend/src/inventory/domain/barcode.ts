import { InvalidBarcodeError } from './item-errors';
import { barcodeOf, type InventoryEvent } from './item-events';

/**
 * Printable ASCII (what Code 128 encodes), 1–48 characters, no space at either end: a scanner
 * answers the text exactly, so a leading or trailing space could never be typed back.
 */
export const BARCODE_PATTERN = /^[!-~](?:[ -~]{0,46}[!-~])?$/;

/** The GTIN family, told apart by length; each ends in a check digit. */
const GTIN_LENGTHS: Readonly<Record<number, string>> = { 8: 'EAN-8', 12: 'UPC-A', 13: 'EAN-13', 14: 'GTIN-14' };

/** The GS1 check digit of the digits before it: weights 3, 1, 3, … from the right. */
function gtinCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const fromRight = digits.length - 1 - index;
    sum += Number(digits[index]) * (fromRight % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * The barcode, or why it is refused: all digits of a GTIN length must end in the right check digit
 * (a mistyped EAN is caught here rather than at the till); any other printable text is a Code 128.
 */
export function validBarcode(barcode: string): string {
  if (!BARCODE_PATTERN.test(barcode)) {
    throw new InvalidBarcodeError(barcode, 'must be 1–48 printable ASCII characters without a space at either end');
  }
  const symbology = /^\d+$/.test(barcode) ? GTIN_LENGTHS[barcode.length] : undefined;
  if (symbology === undefined) return barcode;
  const expected = gtinCheckDigit(barcode.slice(0, -1));
  if (Number(barcode.at(-1)) !== expected) {
    throw new InvalidBarcodeError(barcode, `is not a valid ${symbology}: its check digit should be ${expected}`);
  }
  return barcode;
}

export const BARCODE = 'barcode';

export interface BarcodeReservation {
  readonly kind: typeof BARCODE;
  readonly value: string;
}

/** Barcodes are unique exactly as written: a scanner reads them back character for character. */
const reservation = (barcode: string): BarcodeReservation => ({ kind: BARCODE, value: barcode });

/** The barcodes the events take and give back; an archived item keeps its barcode, as it keeps its SKU. */
export function barcodeReservations(events: readonly InventoryEvent[]): { reserve: BarcodeReservation[]; release: BarcodeReservation[] } {
  const reserve: BarcodeReservation[] = [];
  const release: BarcodeReservation[] = [];
  for (const event of events) {
    if (event.type !== 'ItemChanged') continue;
    const { kind, before, after } = event.data;
    if (kind !== 'created' && kind !== 'updated') continue;
    const taken = barcodeOf(after);
    const given = before && barcodeOf(before);
    if (taken === given) continue;
    if (taken !== null) reserve.push(reservation(taken));
    if (given) release.push(reservation(given));
  }
  return { reserve, release };
}
