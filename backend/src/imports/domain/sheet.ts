/** A cell that held a formula in the workbook: its text is the formula, never its cached result. */
export interface FormulaCell {
  readonly formula: string;
}

export type Cell = string | FormulaCell;

/** One data row of a spreadsheet: `row` is its line in the file, the header being row 1. */
export interface SheetRow {
  readonly row: number;
  readonly cells: readonly Cell[];
}

/** A spreadsheet as read, whatever its format: a header and data rows of text cells. */
export interface Sheet {
  readonly header: readonly string[];
  readonly rows: readonly SheetRow[];
}

export const isFormula = (cell: Cell | undefined): cell is FormulaCell => typeof cell === 'object';
