/**
 * Scenario text read ahead of time. The Jest transformer (jest-transform.ts) reads a scenario
 * file's YAML when it transforms it and embeds the source tree, in its compact form
 * (compact-source-tree.ts), in the module it generates, which Jest caches: a warm run then reads
 * the tree back instead of parsing the YAML again (for a 10,000-cell matrix, most of what loading
 * it costs). The tree is used only for the very text and display path it was read from; anything
 * else reads the file as before.
 */

import { createHash } from 'node:crypto';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { OffsetLocator } from '../diagnostics/source-position';
import type { SourceNode } from '../policy/source-tree';
import { decodeSourceTree, encodeSourceTree, type CompactNode } from './compact-source-tree';

/** The source tree of one scenario text, as readSourceTree gave it, in the form the generated module carries. */
export interface PreparsedSource {
  /** sha256 of the text, hex. */
  textHash: string;
  /** The path its positions name. */
  displayFile: string;
  /** The root in its compact form. */
  tree?: CompactNode;
  issues: PolicyIssue[];
}

/** What readSourceTree gave for the text: the root (when it could be read) and the issues. */
export interface ParsedSource {
  root?: SourceNode;
  issues: PolicyIssue[];
}

const remembered = new Map<string, PreparsedSource>();

/** The hash {@link PreparsedSource.textHash} holds. */
export function scenarioTextHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Called by the generated module before the suite is defined. */
export function rememberParsedSource(file: string, source: PreparsedSource): void {
  remembered.set(file, source);
}

/**
 * The remembered tree of `file` when it was read from `text` with positions naming
 * `displayFile`, its positions rebuilt with `lines` (the text's line index); used once.
 */
export function takeParsedSource(file: string, text: string, displayFile: string, lines: OffsetLocator): ParsedSource | undefined {
  const source = remembered.get(file);
  if (!source) return undefined;
  remembered.delete(file);
  if (source.displayFile !== displayFile || source.textHash !== scenarioTextHash(text)) return undefined;
  return source.tree ? { root: decodeSourceTree(source.tree, lines), issues: source.issues } : { issues: source.issues };
}

/**
 * What the generated module carries for `parsed`, as JSON, or `undefined` when the compact form
 * or JSON cannot carry it exactly (YAML's `-0`, a position from another file): such a file is
 * parsed at run time.
 */
export function serializeParsedSource(text: string, displayFile: string, parsed: ParsedSource, lines: OffsetLocator): string | undefined {
  let tree: CompactNode | undefined;
  if (parsed.root) {
    tree = encodeSourceTree(parsed.root, lines, displayFile);
    if (!tree) return undefined;
  }
  // The issues may hold any number; the compact tree holds offsets (finite integers) and text only.
  let exact = true;
  const issues = JSON.stringify(parsed.issues, (_k, v: unknown) => {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) exact = false;
    return v;
  });
  if (!exact) return undefined;
  const head = `{"textHash":${JSON.stringify(scenarioTextHash(text))},"displayFile":${JSON.stringify(displayFile)},"issues":${issues}`;
  return tree ? `${head},"tree":${JSON.stringify(tree)}}` : `${head}}`;
}
