import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import { LineIndex, type SourcePosition } from '../diagnostics/source-position';
import { readSourceTree, type SourceNode } from '../policy/source-tree';
import { takeParsedSource } from './preparsed-source';

/** One YAML file of a scenario (the scenario itself or an included file), read with positions. */
export interface ScenarioSource {
  /** Absolute path. */
  file: string;
  /** The path as positions show it. */
  displayFile: string;
  text: string;
  lines: LineIndex;
  /** Absent when the file could not be read or parsed (see the issues). */
  root?: SourceNode;
}

/**
 * A matrix of tens of thousands of cells is a few MB of YAML; anything bigger is not a scenario
 * file and is refused before it is read into memory.
 */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

/** The path as messages show it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * In YAML flow collections (`[...]`, `{...}`) the braces of an unquoted `${var}` are syntax, so
 * `resources: [${model}]` is a syntax error; say so where it happens.
 */
function withFlowQuotingHint(issue: PolicyIssue, text: string): PolicyIssue {
  if (issue.code !== 'yaml-syntax' || !issue.pos) return issue;
  const start = text.lastIndexOf('\n', issue.pos.offset - 1) + 1;
  const end = text.indexOf('\n', issue.pos.offset);
  const line = text.slice(start, end < 0 ? undefined : end);
  if (!/[[{][^'"]*\$\{/.test(line)) return issue;
  return { ...issue, message: `${issue.message} (inside [...] or {...}, quote strings that use vars: "\${name}")` };
}

/** Why a file could not be read, in words. */
function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

/**
 * Reads one YAML file of a scenario. Never throws: a missing, huge, empty or malformed file
 * adds issues (YAML syntax errors, duplicate keys, alias abuse and deep nesting with their
 * line and column) and returns a source without `root`.
 *
 * @param referencedAt where the file is named (an `include` entry), for "cannot read" issues.
 */
export function readScenarioSource(file: string, issues: PolicyIssue[], referencedAt?: { pos: SourcePosition; path: (string | number)[] }): ScenarioSource {
  const displayFile = displayPath(file);
  const empty = (message: string, code: string): ScenarioSource => {
    const issue: PolicyIssue = { severity: 'error', code, message };
    if (referencedAt) {
      issue.pos = referencedAt.pos;
      issue.path = referencedAt.path;
    } else {
      issue.pos = { file: displayFile, line: 1, column: 1, offset: 0 };
    }
    issues.push(issue);
    return { file, displayFile, text: '', lines: new LineIndex('', displayFile) };
  };
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return empty(`cannot read ${displayFile}: it is not a regular file`, 'unreadable-file');
    size = st.size;
  } catch (e) {
    return empty(`cannot read ${displayFile}: ${readError(e)}`, 'unreadable-file');
  }
  if (size > MAX_SCENARIO_BYTES) {
    return empty(
      `${displayFile} is ${size.toLocaleString('en-US')} bytes; scenario files are limited to ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} bytes (4 MiB): split it into files that include shared parts`,
      'file-too-large',
    );
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return empty(`cannot read ${displayFile}: ${readError(e)}`, 'unreadable-file');
  }
  const lines = new LineIndex(text, displayFile);
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    issues.push({ severity: 'error', code: 'empty-file', message: `${displayFile} is empty`, pos: lines.at(0), path: [] });
    return { file, displayFile, text, lines };
  }
  const tree = takeParsedSource(file, text, displayFile, lines) ?? readSourceTree(text, { format: 'yaml', file: displayFile });
  issues.push(...tree.issues.map((i) => withFlowQuotingHint(i, text)));
  const failed = tree.issues.some((i) => i.severity === 'error');
  return failed || !tree.root ? { file, displayFile, text, lines } : { file, displayFile, text, lines, root: tree.root };
}
