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

/** Something the preview was decided on changed before applying: nothing was written, preview again. */
export class StaleImportError extends Error {
  constructor(detail: string) {
    super(`${detail} since the preview; nothing was written: upload the file again for a new preview`);
    this.name = 'StaleImportError';
  }
}
