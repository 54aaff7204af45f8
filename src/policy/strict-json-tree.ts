import type { SourceEntry, SourceNode } from '../diagnostics/source-node';
import type { SourcePosition } from '../diagnostics/source-position';

/**
 * The fast reader for well-formed JSON: one pass over the text that builds the source tree with
 * every position, counting lines as it goes (no per-node binary search, no intermediate parse
 * tree). It accepts exactly strict JSON (RFC 8259: no comments, no trailing commas, no raw
 * control characters in strings) and gives up, returning `undefined`, on anything else: on a
 * syntax error, a duplicate key or nesting deeper than the limit, jsonc-parser reads the text
 * again and words the issue (json-source-tree.ts). So it changes how fast a policy is read, never
 * what a policy means or which issues it has.
 */
export function readStrictJson(text: string, file: string | undefined, maxDepth: number): SourceNode | undefined {
  const r = new Reader(text, file, maxDepth);
  try {
    r.skipBlank();
    const root = r.value(0);
    r.skipBlank();
    return root && r.at === text.length ? root : undefined;
  } catch {
    // Only JSON.parse of a string with escapes can throw: an escape it refuses.
    return undefined;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class Reader {
  at = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
    private readonly maxDepth: number,
  ) {}

  /** The position of `offset` on the current line, as LineIndex.at gives it. */
  private pos(offset: number): SourcePosition {
    const p: SourcePosition = { line: this.line, column: offset - this.lineStart + 1, offset };
    if (this.file !== undefined) p.file = this.file;
    return p;
  }

  /** JSON whitespace: space, tab, line feed, carriage return. */
  skipBlank(): void {
    const t = this.text;
    let i = this.at;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
      if (c === 0x0a) {
        this.line++;
        this.lineStart = i + 1;
        continue;
      }
      break;
    }
    this.at = i;
  }

  value(depth: number): SourceNode | undefined {
    const t = this.text;
    const start = this.at;
    const c = t.charCodeAt(start);
    if (c === QUOTE) {
      const pos = this.pos(start);
      const s = this.string();
      if (s === undefined) return undefined;
      return { kind: 'string', value: s, pos, end: this.pos(this.at) };
    }
    if (c === 0x7b /* { */) return depth + 1 > this.maxDepth ? undefined : this.object(depth + 1);
    if (c === 0x5b /* [ */) return depth + 1 > this.maxDepth ? undefined : this.array(depth + 1);
    if (c === 0x74 /* t */ && t.startsWith('true', start)) return this.word(start, 4, 'boolean', true, 'true');
    if (c === 0x66 /* f */ && t.startsWith('false', start)) return this.word(start, 5, 'boolean', false, 'false');
    if (c === 0x6e /* n */ && t.startsWith('null', start)) return this.word(start, 4, 'null', null, undefined);
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) return this.number(start);
    return undefined;
  }

  private word(start: number, length: number, kind: 'boolean' | 'null', value: boolean | null, text: string | undefined): SourceNode {
    const pos = this.pos(start);
    this.at = start + length;
    const node: SourceNode = { kind, value, pos, end: this.pos(this.at) };
    if (text !== undefined) node.text = text;
    return node;
  }

  /** `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` */
  private number(start: number): SourceNode | undefined {
    const t = this.text;
    let i = start;
    if (t.charCodeAt(i) === 0x2d) i++;
    const digits = (from: number): number => {
      let j = from;
      while (j < t.length && t.charCodeAt(j) >= 0x30 && t.charCodeAt(j) <= 0x39) j++;
      return j;
    };
    if (t.charCodeAt(i) === 0x30) i++;
    else {
      const j = digits(i);
      if (j === i) return undefined;
      i = j;
    }
    if (t.charCodeAt(i) === 0x2e /* . */) {
      const j = digits(i + 1);
      if (j === i + 1) return undefined;
      i = j;
    }
    const e = t.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = t.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const j = digits(i);
      if (j === i) return undefined;
      i = j;
    }
    const written = t.slice(start, i);
    const pos = this.pos(start);
    this.at = i;
    return { kind: 'number', value: Number(written), text: written, pos, end: this.pos(i) };
  }

  /** A string from its opening quote; `undefined` for a raw control character or an unterminated string. */
  private string(): string | undefined {
    const t = this.text;
    const open = this.at;
    let escaped = false;
    for (let i = open + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === QUOTE) {
        this.at = i + 1;
        return escaped ? (JSON.parse(t.slice(open, i + 1)) as string) : t.slice(open + 1, i);
      }
      if (c < 0x20) return undefined;
      if (c === BACKSLASH) {
        escaped = true;
        i++;
      }
    }
    return undefined;
  }

  private object(depth: number): SourceNode | undefined {
    const t = this.text;
    const pos = this.pos(this.at);
    this.at++;
    const entries: SourceEntry[] = [];
    // Keys seen, once an object is large enough that scanning its entries would cost more.
    let keys: Set<string> | undefined;
    this.skipBlank();
    if (t.charCodeAt(this.at) === 0x7d /* } */) {
      this.at++;
      return { kind: 'object', entries, pos, end: this.pos(this.at) };
    }
    for (;;) {
      if (t.charCodeAt(this.at) !== QUOTE) return undefined;
      const keyPos = this.pos(this.at);
      const key = this.string();
      if (key === undefined) return undefined;
      // A duplicate key is an issue: the careful reader reports it.
      if (keys) {
        if (keys.has(key)) return undefined;
        keys.add(key);
      } else {
        for (let k = 0; k < entries.length; k++) if (entries[k].key === key) return undefined;
        if (entries.length >= 16) keys = new Set([...entries.map((e) => e.key), key]);
      }
      this.skipBlank();
      if (t.charCodeAt(this.at) !== 0x3a /* : */) return undefined;
      this.at++;
      this.skipBlank();
      const value = this.value(depth);
      if (!value) return undefined;
      entries.push({ key, keyPos, value });
      this.skipBlank();
      const c = t.charCodeAt(this.at);
      this.at++;
      if (c === 0x7d) return { kind: 'object', entries, pos, end: this.pos(this.at) };
      if (c !== 0x2c /* , */) return undefined;
      this.skipBlank();
    }
  }

  private array(depth: number): SourceNode | undefined {
    const t = this.text;
    const pos = this.pos(this.at);
    this.at++;
    const items: SourceNode[] = [];
    this.skipBlank();
    if (t.charCodeAt(this.at) === 0x5d /* ] */) {
      this.at++;
      return { kind: 'array', items, pos, end: this.pos(this.at) };
    }
    for (;;) {
      const item = this.value(depth);
      if (!item) return undefined;
      items.push(item);
      this.skipBlank();
      const c = t.charCodeAt(this.at);
      this.at++;
      if (c === 0x5d) return { kind: 'array', items, pos, end: this.pos(this.at) };
      if (c !== 0x2c) return undefined;
      this.skipBlank();
    }
  }
}
