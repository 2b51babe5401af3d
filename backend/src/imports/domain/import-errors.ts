import type { StaleRow } from './stale-rows';

/** The file cannot be imported as a whole (not a spreadsheet, no SKU column, …): nothing is kept. */
export class UnreadableImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableImportError';
  }
}

/** The file is over one of the configured limits (bytes, unpacked bytes, rows): nothing is kept. */
export class ImportTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportTooLargeError';
  }
}

export class ImportNotFoundError extends Error {
  constructor(readonly importId: string) {
    super(`import ${importId} does not exist`);
    this.name = 'ImportNotFoundError';
  }
}

/** Applying is refused while any row is in error: fix the file and preview it again. */
export class ImportHasErrorsError extends Error {
  constructor(readonly errorRows: number) {
    super(`${errorRows} row${errorRows === 1 ? ' is' : 's are'} in error: fix the file and upload it again`);
    this.name = 'ImportHasErrorsError';
  }
}

/** Rows named in the message; the problem's `rows` has them all. */
const NAMED_ROWS = 3;

/** Something the preview was decided on changed before applying: nothing was written, preview again. */
export class StaleImportError extends Error {
  constructor(readonly rows: readonly StaleRow[]) {
    const named = rows.slice(0, NAMED_ROWS).map(({ row, message }) => `row ${row}: ${message}`);
    const more = rows.length > NAMED_ROWS ? `, and ${rows.length - NAMED_ROWS} more rows` : '';
    super(`Since the preview, ${named.join('; ')}${more}. Nothing was written: upload the file again for a new preview`);
    this.name = 'StaleImportError';
  }
}

/** A preview not applied within its time (IMS_IMPORT_PREVIEW_HOURS) is dropped: upload the file again. */
export class ImportExpiredError extends Error {
  constructor(readonly hours: number) {
    super(
      `This preview is older than ${hours} hours and was not applied, so it is no longer kept: upload the file again for a new preview`,
    );
    this.name = 'ImportExpiredError';
  }
}
