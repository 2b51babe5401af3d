/** A scanner typing as a keyboard sends its characters far faster than a person types. */
const MAX_GAP_MS = 50;
const MIN_LENGTH = 3;
/** A scanner presses Shift for each capital letter, as a keyboard would. */
const MODIFIERS = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'AltGraph', 'Meta']);

/**
 * Recognises a keyboard-wedge scanner: a burst of printable keys, each within a few milliseconds of
 * the last, ended by Enter. Anything slower is a person typing and is left alone.
 */
export class WedgeReader {
  private buffer = '';
  private lastAt = -Infinity;

  constructor(
    private readonly maxGapMs = MAX_GAP_MS,
    private readonly minLength = MIN_LENGTH,
  ) {}

  /** The code when this key ends a scan, else null. */
  key(key: string, now: number): string | null {
    if (MODIFIERS.has(key)) return null;
    const inBurst = now - this.lastAt <= this.maxGapMs;
    this.lastAt = now;
    if (key === 'Enter') {
      const code = inBurst && this.buffer.length >= this.minLength ? this.buffer : null;
      this.buffer = '';
      return code;
    }
    if (key.length !== 1) {
      this.buffer = '';
      return null;
    }
    this.buffer = inBurst ? this.buffer + key : key;
    return null;
  }
}
