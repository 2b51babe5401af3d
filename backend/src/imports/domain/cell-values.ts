import { InvalidBarcodeError, validBarcode } from '../../inventory';

/** A cell's value once read: a value, "not given" (an empty cell), or why it cannot be taken. */
export type CellValue<T> = { readonly ok: true; readonly value: T | undefined } | { readonly ok: false; readonly message: string };

const given = <T>(value: T): CellValue<T> => ({ ok: true, value });
const notGiven: CellValue<never> = { ok: true, value: undefined };
const invalid = (message: string): CellValue<never> => ({ ok: false, message });

/** The largest quantity, threshold or price taken, as the API takes it (inventory/http/item-fields.ts). */
const MAX_AMOUNT = 1_000_000_000;

/** Characters a spreadsheet reads as the start of a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** An exported text cell that a spreadsheet would read as a formula, kept as text by a leading apostrophe. */
export const escapeFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** The text a cell holds, the export's escape taken off again, so that an exported file re-imports unchanged. */
export const unescapeFormula = (text: string): string => (text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text);

export function wholeNumber(text: string): CellValue<number> {
  const trimmed = text.trim();
  if (trimmed === '') return notGiven;
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > MAX_AMOUNT)
    return invalid(`must be a whole number from 0 to ${MAX_AMOUNT.toLocaleString('en')}`);
  return given(Number(trimmed));
}

/** A whole number, or none when the cell is empty (reorder planning: empty is "not planned"). */
export function wholeNumberOrNone(text: string): CellValue<number | null> {
  return text.trim() === '' ? given(null) : wholeNumber(text);
}

/** A barcode as the items API takes it (GTIN check digits, else Code 128 text); an empty cell is "no barcode". */
export function barcode(text: string): CellValue<string | null> {
  const trimmed = text.trim();
  if (trimmed === '') return given(null);
  try {
    return given(validBarcode(trimmed));
  } catch (error) {
    if (error instanceof InvalidBarcodeError) return invalid(error.reason);
    throw error;
  }
}

/** Two decimals at most; a decimal comma is taken where it cannot be a thousands separator ("12,5", not "1,500"). An empty cell is "not priced". */
export function price(text: string): CellValue<number | null> {
  const trimmed = text.trim();
  if (trimmed === '') return given(null);
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(trimmed);
  const value = match ? Number(`${match[1]}.${match[2] ?? '0'}`) : Number.NaN;
  if (!match || value > MAX_AMOUNT) return invalid('must be a price of 0 or more with at most two decimals, e.g. 12.50');
  return given(value);
}

export function text(
  raw: string,
  { maxLength, blank }: { readonly maxLength: number; readonly blank: 'empty' | 'not-given' },
): CellValue<string> {
  const value = raw.trim();
  if (value === '') return blank === 'empty' ? given('') : notGiven;
  if (value.length > maxLength) return invalid(`must be at most ${maxLength} characters`);
  return given(value);
}
