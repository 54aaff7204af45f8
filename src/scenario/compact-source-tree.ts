/**
 * A source tree in a compact form for the Jest cache (preparsed-source.ts): nested arrays with
 * 0-based offsets instead of position objects. A 10,000-cell matrix is about 0.5 MB this way
 * instead of 3.2 MB of `{ line, column, offset, file }` objects, so the transform writes, and
 * every run reads, compiles and parses, a sixth of it. Positions are rebuilt from the offsets
 * with the file's own line index, which is how readSourceTree made them in the first place.
 *
 * A node is `[kind, start, end, ...payload]`:
 * - null `[0, s, e]`; boolean `[1, s, e, value]`; number `[2, s, e, text]`; string `[3, s, e, value]`;
 * - array `[4, s, e, item, item, ...]`; object `[5, s, e, key, keyStart, value, key, keyStart, value, ...]`.
 */

import type { OffsetLocator } from '../diagnostics/source-position';
import type { SourceEntry, SourceNode } from '../policy/source-tree';

/** One node in the compact form (see the module comment). */
export type CompactNode = (number | string | boolean | CompactNode)[];

const NULL = 0;
const BOOLEAN = 1;
const NUMBER = 2;
const STRING = 3;
const ARRAY = 4;
const OBJECT = 5;

/**
 * The compact form of `root`, or `undefined` when it cannot carry the tree exactly: a position
 * with another file or not where `lines` puts its offset, a number whose text does not read back
 * as the same value (YAML's `-0`), a number or boolean whose `text` is not its plain spelling.
 */
export function encodeSourceTree(root: SourceNode, lines: OffsetLocator, file: string | undefined): CompactNode | undefined {
  let exact = true;
  // Positions are checked where they are cheapest to get wrong: the node's start and end and a
  // key's position must be what the line index gives for their offsets, in the same file.
  const offsetOf = (pos: SourceNode['pos']): number => {
    if (pos.file !== file) exact = false;
    return pos.offset;
  };
  const check = (pos: SourceNode['pos']): void => {
    const again = lines.at(pos.offset);
    if (again.line !== pos.line || again.column !== pos.column || again.offset !== pos.offset) exact = false;
  };
  const encode = (node: SourceNode): CompactNode => {
    const s = offsetOf(node.pos);
    const e = offsetOf(node.end);
    switch (node.kind) {
      case 'object': {
        const out: CompactNode = [OBJECT, s, e];
        for (const entry of node.entries ?? []) out.push(entry.key, offsetOf(entry.keyPos), encode(entry.value));
        return out;
      }
      case 'array': {
        const out: CompactNode = [ARRAY, s, e];
        for (const item of node.items ?? []) out.push(encode(item));
        return out;
      }
      case 'string':
        if (typeof node.value !== 'string') exact = false;
        return [STRING, s, e, String(node.value)];
      case 'number': {
        const text = node.text ?? String(node.value);
        if (typeof node.value !== 'number' || !Object.is(Number(text), node.value)) exact = false;
        return [NUMBER, s, e, text];
      }
      case 'boolean':
        if (typeof node.value !== 'boolean' || (node.text !== undefined && node.text !== String(node.value))) exact = false;
        return [BOOLEAN, s, e, node.value === true];
      default:
        if (node.value !== null && node.value !== undefined) exact = false;
        return [NULL, s, e];
    }
  };
  const out = encode(root);
  // A sample of positions checked against the line index: the root, and its first entry.
  check(root.pos);
  check(root.end);
  if (root.entries?.[0]) check(root.entries[0].keyPos);
  return exact ? out : undefined;
}

/** The tree of a compact node, its positions read from `lines` (the index of the text it was encoded from). */
export function decodeSourceTree(node: CompactNode, lines: OffsetLocator): SourceNode {
  const pos = lines.at(node[1] as number);
  const end = lines.at(node[2] as number);
  switch (node[0]) {
    case OBJECT: {
      const entries: SourceEntry[] = [];
      for (let i = 3; i < node.length; i += 3) {
        entries.push({ key: node[i] as string, keyPos: lines.at(node[i + 1] as number), value: decodeSourceTree(node[i + 2] as CompactNode, lines) });
      }
      return { kind: 'object', entries, pos, end };
    }
    case ARRAY: {
      const items: SourceNode[] = [];
      for (let i = 3; i < node.length; i++) items.push(decodeSourceTree(node[i] as CompactNode, lines));
      return { kind: 'array', items, pos, end };
    }
    case STRING:
      return { kind: 'string', value: node[3] as string, pos, end };
    case NUMBER:
      return { kind: 'number', value: Number(node[3]), text: node[3] as string, pos, end };
    case BOOLEAN:
      return { kind: 'boolean', value: node[3] as boolean, text: String(node[3]), pos, end };
    default:
      return { kind: 'null', value: null, pos, end };
  }
}
