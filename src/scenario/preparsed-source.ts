/**
 * Scenario text read ahead of time. The Jest transformer (jest-transform.ts) reads a scenario
 * file's YAML when it transforms it and embeds the source tree in the module it generates, which
 * Jest caches: a warm run then reads the tree back instead of parsing the YAML again (for a
 * 10,000-cell matrix, most of what loading it costs). The tree is used only for the very text
 * and display path it was read from; anything else reads the file as before.
 */

import { createHash } from 'node:crypto';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourceNode } from '../policy/source-tree';

/** The source tree of one scenario text, as readSourceTree gave it. */
export interface PreparsedSource {
  /** sha256 of the text, hex. */
  textHash: string;
  /** The path its positions name. */
  displayFile: string;
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

/** The remembered tree of `file` when it was read from `text` with positions naming `displayFile`; used once. */
export function takeParsedSource(file: string, text: string, displayFile: string): PreparsedSource | undefined {
  const source = remembered.get(file);
  if (!source) return undefined;
  remembered.delete(file);
  return source.displayFile === displayFile && source.textHash === scenarioTextHash(text) ? source : undefined;
}

/**
 * The tree as JSON, or `undefined` when JSON cannot carry it exactly (YAML's `.inf`, `.nan` and
 * `-0` are numbers JSON has no spelling for): such a file is parsed at run time.
 */
export function serializeParsedSource(source: PreparsedSource): string | undefined {
  let exact = true;
  const json = JSON.stringify(source, (_k, v: unknown) => {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) exact = false;
    return v;
  });
  return exact ? json : undefined;
}
