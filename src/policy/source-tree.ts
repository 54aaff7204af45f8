import type { PolicyIssue } from '../diagnostics/policy-issue';
import { LineIndex, type OffsetLocator } from '../diagnostics/source-position';
import type { SourceEntry, SourceNode, SourceNodeKind } from '../diagnostics/source-node';
import { readJsonTree } from './json-source-tree';
import { readYamlTree } from './yaml-source-tree';

export type { SourceEntry, SourceNode, SourceNodeKind };

export type PolicyFormat = 'json' | 'yaml' | 'auto';

export interface SourceTreeOptions {
  format?: PolicyFormat;
  /** Recorded in every position. */
  file?: string;
  /** Deepest nesting of arrays/objects accepted (default 64). */
  maxDepth?: number;
  /**
   * Where offsets of the text are in the file the user has (default: line and column of the text
   * itself); a policy embedded as a string in another file maps them into that file.
   */
  locate?: OffsetLocator;
}

export interface SourceTree {
  /** Absent when the text could not be read (see `issues`). */
  root?: SourceNode;
  issues: PolicyIssue[];
  format: 'json' | 'yaml';
  lines: OffsetLocator;
}

/** IAM policies nest about 7 levels deep; 64 leaves room while stopping stack-exhausting input. */
export const DEFAULT_MAX_DEPTH = 64;

/** `auto` reads JSON when the first non-blank character opens an object or array, else YAML. */
export function detectFormat(text: string): 'json' | 'yaml' {
  const m = /^[\s\uFEFF]*(\S)/.exec(text);
  return m && (m[1] === '{' || m[1] === '[') ? 'json' : 'yaml';
}

/**
 * Reads policy text into a {@link SourceTree}. Never throws on bad input: syntax errors,
 * duplicate keys, excessive nesting and YAML alias abuse come back as issues with positions.
 */
export function readSourceTree(text: string, options: SourceTreeOptions = {}): SourceTree {
  const lines = options.locate ?? new LineIndex(text, options.file);
  const format = !options.format || options.format === 'auto' ? detectFormat(text) : options.format;
  if (text.trim().replace(/^\uFEFF/, '') === '') {
    return {
      format,
      lines,
      issues: [{ severity: 'error', code: 'empty-policy', message: 'the policy text is empty', pos: lines.at(0), path: [] }],
    };
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const read = format === 'json' ? readJsonTree(text, lines, maxDepth) : readYamlTree(text, lines, maxDepth);
  return { ...read, format, lines };
}
