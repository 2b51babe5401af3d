import { UnreadableImportError } from './import-errors';
import { isFormula, type Cell, type SheetRow } from './sheet';

/** Header names as matched: regardless of case and surrounding spaces. */
export const headerKey = (name: string) => name.trim().toLowerCase();

/** Where each header is, by its key; a header given twice makes the file ambiguous, so it is refused. */
export function headerIndex(header: readonly string[]): ReadonlyMap<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, position) => {
    const key = headerKey(name);
    if (key === '') return;
    if (index.has(key)) throw new UnreadableImportError(`the column "${name.trim()}" is in the header twice`);
    index.set(key, position);
  });
  return index;
}

export function requireColumn(index: ReadonlyMap<string, number>, name: string): number {
  const position = index.get(headerKey(name));
  if (position === undefined) throw new UnreadableImportError(`the file has no "${name}" column (the first row must name the columns)`);
  return position;
}

/** Columns the file has that are not imported: said once for the file, not on every row. */
export const ignoredColumns = (header: readonly string[], known: (key: string) => boolean): string[] =>
  header
    .map((name) => name.trim())
    .filter((name) => name !== '' && !known(headerKey(name)))
    .map((name) => `the column "${name}" is not imported`);

/** A row's cell under a header as text; undefined where the row is too short or the file has no such column. */
export function cellText(row: SheetRow, position: number | undefined): Cell | undefined {
  return position === undefined ? undefined : row.cells[position];
}

/** The errors every kind of import finds in a row before reading its values: formulas, cells past the header. */
export function rowShapeErrors(row: SheetRow, header: readonly string[]): { field: string; message: string }[] {
  const errors = row.cells.flatMap((cell, position) =>
    isFormula(cell)
      ? [{ field: header[position]?.trim() || `column ${position + 1}`, message: `holds a formula (${cell.formula}); import values only` }]
      : [],
  );
  const extra = row.cells.slice(header.length).filter((cell) => isFormula(cell) || cell.trim() !== '').length;
  if (extra > 0) errors.push({ field: 'row', message: `has ${extra} value${extra === 1 ? '' : 's'} past the last named column` });
  return errors;
}
