/** Where something stands in a policy's source text (1-based line and column). */
export interface SourcePosition {
  /** File the text came from, when it came from a file. */
  file?: string;
  line: number;
  column: number;
  /** 0-based character offset into the source text. */
  offset: number;
}

/** `file:line:col` (or `line:col` without a file), the form editors and CI logs link. */
export function formatPosition(pos: SourcePosition | undefined): string {
  if (!pos) return '<unknown position>';
  return `${pos.file ? `${pos.file}:` : ''}${pos.line}:${pos.column}`;
}

/** Turns a 0-based offset into a policy's text into the position shown to the user. */
export interface OffsetLocator {
  at(offset: number): SourcePosition;
}

/** Converts 0-based offsets into 1-based line/column positions for one text. */
export class LineIndex implements OffsetLocator {
  /** Offsets where lines start, found on the first {@link at} (a well-formed policy may never need them). */
  private starts: number[] | undefined;

  constructor(
    private readonly text: string,
    readonly file?: string,
  ) {}

  at(offset: number): SourcePosition {
    if (!this.starts) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
      this.starts = starts;
    }
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    const pos: SourcePosition = { line: lo + 1, column: o - this.starts[lo] + 1, offset: o };
    if (this.file !== undefined) pos.file = this.file;
    return pos;
  }
}

/** Like formatPosition, naming `source` (e.g. the policy's name) when the position has no file. */
export function formatPositionIn(pos: SourcePosition | undefined, source: string): string {
  if (!pos) return source;
  return pos.file ? formatPosition(pos) : `${source}:${pos.line}:${pos.column}`;
}

/** A string from the policy with where it was written. */
export interface LocatedString {
  value: string;
  pos?: SourcePosition;
}
