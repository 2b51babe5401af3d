/** Exit codes: 0 done, 1 a check found something wrong (differences, a broken chain), 2 the command could not run. */
export const EXIT = { ok: 0, found: 1, failed: 2 } as const;

/** A failure the CLI reports as one line, without a stack trace. */
export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'OpsError';
  }
}
