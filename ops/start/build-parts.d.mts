export interface BuildPart {
  readonly name: string;
  /** The command, run from the repository root. */
  readonly command: readonly string[];
  /** Files and directories (relative to the root) whose content the build reads. */
  readonly inputs: readonly string[];
  /** Files the build must have written. */
  readonly outputs: readonly string[];
  /** Where the fingerprint of the inputs of its last build is kept: inside the output the build deletes first. */
  readonly stamp: string;
}

export const BUILD_PARTS: readonly BuildPart[];
