/**
 * Small readers over the positioned source tree of a scenario file. The tree keeps object
 * entries in arrays, so user keys (`__proto__`, `constructor`) are never looked up on a plain
 * JS object and cannot reach a prototype.
 */

import type { SourceEntry, SourceNode } from '../policy/source-tree';

/** The entry of `key` in an object node (exact, case-sensitive key). */
export function entryOf(node: SourceNode | undefined, key: string): SourceEntry | undefined {
  if (!node || node.kind !== 'object') return undefined;
  return node.entries?.find((e) => e.key === key);
}

/** The value of `key` in an object node. */
export function valueOf(node: SourceNode | undefined, key: string): SourceNode | undefined {
  return entryOf(node, key)?.value;
}

/** Where a path leads: the node, and the entry holding it when the last step is a key. */
export interface PathTarget {
  node: SourceNode;
  entry?: SourceEntry;
}

/** Follows a path of keys and list indexes from `root`; undefined when it leaves the tree. */
export function nodeAtPath(root: SourceNode, path: readonly (string | number)[]): PathTarget | undefined {
  let node = root;
  let entry: SourceEntry | undefined;
  for (const step of path) {
    if (node.kind === 'array' && typeof step === 'number') {
      const item = node.items?.[step];
      if (!item) return undefined;
      node = item;
      entry = undefined;
    } else if (node.kind === 'object') {
      const e = entryOf(node, String(step));
      if (!e) return undefined;
      node = e.value;
      entry = e;
    } else {
      return undefined;
    }
  }
  return entry ? { node, entry } : { node };
}

/**
 * Plain JS data for the JSON Schema validator. Objects are created without a prototype, so a
 * key such as `__proto__` is an ordinary own property and no validator code can be tricked by
 * inherited ones.
 */
export function toPlainData(node: SourceNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out = Object.create(null) as Record<string, unknown>;
      for (const e of node.entries ?? []) out[e.key] = toPlainData(e.value);
      return out;
    }
    case 'array':
      return (node.items ?? []).map(toPlainData);
    default:
      return node.value ?? null;
  }
}

/**
 * A scalar as text. Numbers are taken as written in the file (`012345678901` keeps its leading
 * zero, `1.50` its trailing zero), booleans as `true`/`false`.
 */
export function scalarAsWritten(node: SourceNode, fileText: string): string {
  if (node.kind === 'number') {
    const raw = fileText.slice(node.pos.offset, node.end.offset).trim();
    // An alias (`*name`) points elsewhere: fall back to the number's canonical text.
    return raw && !raw.startsWith('*') ? raw : (node.text ?? String(node.value));
  }
  if (node.kind === 'boolean') return node.text ?? String(node.value);
  return String(node.value ?? '');
}
