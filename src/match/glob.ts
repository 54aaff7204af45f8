/**
 * Wildcard matching for IAM patterns: `*` matches any run of characters (including `/` and
 * `:`), `?` exactly one (IAM User Guide, reference_policies_elements_resource.md and
 * reference_policies_elements_action.md).
 *
 * No regular expression is built from user input: a pattern is split at its stars into
 * fixed segments, and segments are found left to right with `indexOf`-style scans. That
 * greedy leftmost placement is correct for `*` and never backtracks, so a hostile pattern
 * like `*a*a*a*...b` costs one pass over the text per segment instead of exponential time.
 */

/** One piece of a pattern: literal text, `*` (any run) or `?` (one character). */
export type GlobToken = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' };

/** A compiled pattern. */
export interface Glob {
  /** True when the whole value matches. */
  test(value: string): boolean;
  /** True when the pattern has no wildcard at all. */
  readonly literal: boolean;
}

/** Reads `*` and `?` in `pattern` as wildcards and everything else as literal text. */
export function parseGlob(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let text = '';
  for (const ch of pattern) {
    if (ch === '*' || ch === '?') {
      if (text) tokens.push({ kind: 'text', text });
      text = '';
      tokens.push(ch === '*' ? { kind: 'any' } : { kind: 'one' });
    } else text += ch;
  }
  if (text) tokens.push({ kind: 'text', text });
  return tokens;
}

/** A segment between stars: literal text with `?` holes, stored as parallel arrays. */
interface Segment {
  /** Characters of the segment; `null` marks a `?`. */
  chars: (string | null)[];
  /** The literal text when the segment has no `?` (lets us use native `indexOf`). */
  plain: string | null;
}

function toSegments(tokens: GlobToken[], fold: boolean): Segment[] {
  const segments: Segment[] = [];
  let cur: (string | null)[] = [];
  tokens.forEach((t) => {
    if (t.kind === 'any') {
      segments.push(seg(cur));
      cur = [];
    } else if (t.kind === 'one') cur.push(null);
    else for (const ch of fold ? t.text.toLowerCase() : t.text) cur.push(ch);
  });
  segments.push(seg(cur));
  return segments;
}

function seg(chars: (string | null)[]): Segment {
  return { chars, plain: chars.includes(null) ? null : chars.join('') };
}

/** Does `s` match at code-unit position `at`? (`?` matches one UTF-16 unit of `s` split by code point.) */
function matchesAt(segment: Segment, s: string[], at: number): boolean {
  const c = segment.chars;
  if (at + c.length > s.length) return false;
  for (let i = 0; i < c.length; i++) if (c[i] !== null && c[i] !== s[at + i]) return false;
  return true;
}

/** Per-character bit masks of a segment for {@link findFrom}: bit i set where the segment's char i is that char or `?`. */
interface SegmentMasks {
  byChar: Map<string, Uint32Array>;
  /** Characters the segment does not name match only its `?` positions. */
  other: Uint32Array;
}

const masksOf = new WeakMap<Segment, SegmentMasks>();

function segmentMasks(segment: Segment): SegmentMasks {
  let m = masksOf.get(segment);
  if (m) return m;
  const words = (segment.chars.length + 31) >>> 5;
  const other = new Uint32Array(words);
  segment.chars.forEach((c, i) => {
    if (c === null) other[i >>> 5] |= 1 << (i & 31);
  });
  const byChar = new Map<string, Uint32Array>();
  segment.chars.forEach((c, i) => {
    if (c === null) return;
    let mask = byChar.get(c);
    if (!mask) byChar.set(c, (mask = Uint32Array.from(other)));
    mask[i >>> 5] |= 1 << (i & 31);
  });
  m = { byChar, other };
  masksOf.set(segment, m);
  return m;
}

/**
 * First position at or after `from` where a segment holding `?` matches, ending before `limit`.
 * Bit-parallel Shift-And: one pass over the text, ceil(length / 32) word operations per
 * character, so a long segment cannot make the search quadratic (a naive search compares the
 * whole segment at every position).
 */
function findFrom(segment: Segment, s: string[], from: number, limit: number): number {
  const m = segment.chars.length;
  if (m === 0) return from <= limit ? from : -1;
  const { byChar, other } = segmentMasks(segment);
  const words = other.length;
  const state = new Uint32Array(words);
  const lastWord = (m - 1) >>> 5;
  const lastBit = 1 << ((m - 1) & 31);
  for (let i = from; i < limit; i++) {
    const mask = byChar.get(s[i]) ?? other;
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const out = state[w] >>> 31;
      state[w] = ((state[w] << 1) | carry) & mask[w];
      carry = out;
    }
    if (state[lastWord] & lastBit) return i - m + 1;
  }
  return -1;
}

// Action patterns fold the same request action many times per evaluation: lower-case it once.
let lastRaw: string | undefined;
let lastFolded = '';

function foldOnce(value: string): string {
  if (value !== lastRaw) {
    lastFolded = value.toLowerCase();
    lastRaw = value;
  }
  return lastFolded;
}

/** The matcher {@link compileGlob} builds for text without wildcards, made without tokenising it. */
export function literalGlob(text: string, caseInsensitive = false): Glob {
  const want = caseInsensitive ? text.toLowerCase() : text;
  return { literal: true, test: (v) => (caseInsensitive ? foldOnce(v) : v) === want };
}

/** Compiles tokens into a matcher. `caseInsensitive` folds both sides to lower case. */
export function compileGlob(tokens: GlobToken[], caseInsensitive = false): Glob {
  const hasWild = tokens.some((t) => t.kind !== 'text');
  if (!hasWild) {
    return literalGlob(tokens.map((t) => (t.kind === 'text' ? t.text : '')).join(''), caseInsensitive);
  }
  if (tokens.length === 1 && tokens[0].kind === 'any') return { literal: false, test: () => true };
  const segments = toSegments(tokens, caseInsensitive);
  const anyQ = segments.some((s) => s.plain === null);
  const first = segments[0];
  const lastSeg = segments[segments.length - 1];
  const middle = segments.slice(1, -1);
  // Built once here, not on every test() call.
  const middlePlain = anyQ ? [] : middle.map((m) => m.plain as string);
  const minLen = segments.reduce((n, s) => n + s.chars.length, 0);

  return {
    literal: false,
    test(value: string): boolean {
      const folded = caseInsensitive ? foldOnce(value) : value;
      if (!anyQ) return matchPlain(folded, first.plain!, middlePlain, lastSeg.plain!, minLen, segments.length);
      // `?` is one character: compare by code point so a surrogate pair counts once.
      const chars = Array.from(folded);
      if (chars.length < minLen) return false;
      if (segments.length === 1) return matchesAt(first, chars, 0) && chars.length === first.chars.length;
      if (!matchesAt(first, chars, 0)) return false;
      const end = chars.length - lastSeg.chars.length;
      if (end < first.chars.length || !matchesAt(lastSeg, chars, end)) return false;
      let pos = first.chars.length;
      for (const m of middle) {
        const at = findFrom(m, chars, pos, end);
        if (at < 0) return false;
        pos = at + m.chars.length;
      }
      return true;
    },
  };
}

function matchPlain(v: string, first: string, middle: string[], last: string, minLen: number, count: number): boolean {
  if (v.length < minLen) return false;
  if (count === 1) return v === first;
  if (!v.startsWith(first)) return false;
  const end = v.length - last.length;
  if (end < first.length || !v.endsWith(last)) return false;
  let pos = first.length;
  for (const m of middle) {
    if (!m) continue;
    const at = v.indexOf(m, pos);
    if (at < 0 || at + m.length > end) return false;
    pos = at + m.length;
  }
  return true;
}

/** One-off convenience: does `value` match the IAM wildcard `pattern`? */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  return compileGlob(parseGlob(pattern), caseInsensitive).test(value);
}
