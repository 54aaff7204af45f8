import { LineIndex, type OffsetLocator, type SourcePosition } from './source-position';

/**
 * Positions inside the value of a JSON string literal, mapped back to the file that holds the
 * literal: a policy that a Terraform plan carries as a string (`"policy": "{\"Version\": ...}"`)
 * is read from the decoded value, and an offset into that value lands on the line and column of
 * the plan where its character is written. Each escape (`\"`, `\n`, `\u0041`, RFC 8259 section 7)
 * decodes to one UTF-16 code unit, so an offset past it moves by the escape's length.
 * `offset` stays the offset into the decoded value, which is the policy's own text.
 */
export class EmbeddedStringIndex implements OffsetLocator {
  /** `outer[i]`: offset in the file of the i-th code unit of the value; the last entry is the closing quote. */
  private readonly outer: Int32Array;

  /**
   * @param fileText the whole file
   * @param quoteOffset offset of the literal's opening `"` in `fileText`
   * @param lines positions in `fileText` (shared between the literals of one file)
   */
  constructor(
    fileText: string,
    quoteOffset: number,
    private readonly lines: LineIndex,
  ) {
    const map: number[] = [];
    let i = quoteOffset + 1;
    while (i < fileText.length && fileText[i] !== '"') {
      map.push(i);
      i += fileText[i] === '\\' ? (fileText[i + 1] === 'u' ? 6 : 2) : 1;
    }
    map.push(i);
    this.outer = Int32Array.from(map);
  }

  at(offset: number): SourcePosition {
    const o = Math.max(0, Math.min(offset, this.outer.length - 1));
    return { ...this.lines.at(this.outer[o]), offset: o };
  }
}
