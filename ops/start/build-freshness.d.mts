import type { BuildPart } from './build-parts.mjs';

export interface Freshness {
  readonly fingerprint: string;
  /** Why the part must be built; undefined when its last build still stands. */
  readonly staleBecause: string | undefined;
}

export function fingerprint(root: string, part: BuildPart): string;
export function freshness(root: string, part: BuildPart): Freshness;
export function forgetBuild(root: string, part: BuildPart): void;
export function recordBuild(root: string, part: BuildPart, builtFrom: string): void;
