import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import { LineIndex, type OffsetLocator } from '../diagnostics/source-position';
import type { SourceEntry, SourceNode } from '../diagnostics/source-node';
import { findJsonDepthExcess } from './nesting-depth';
import { readStrictJson } from './strict-json-tree';
import { duplicateKeyIssue, tooDeepIssue } from './source-tree-issues';

/** Syntax errors past this many are noise from the parser's recovery. */
const MAX_SYNTAX_ERRORS = 10;
/**
 * After these (unexpected character, unterminated comment or string, raw control character) the
 * parser's recovery guesses and its later errors mislead; after a missing comma or colon it
 * resynchronises well, so those are all reported.
 */
const DISRUPTIVE_ERRORS: ReadonlySet<number> = new Set([1, 11, 12, 16]);

/**
 * jsonc-parser error codes (its `ParseErrorCode` const enum, which cannot be imported under
 * isolatedModules) to readable text. `null` marks codes whose text depends on context.
 */
const JSON_ERROR_TEXT = new Map<number, string | null>([
  [1, 'unexpected character'], // worded in describeError
  [2, 'invalid number'],
  [3, 'expected a property name in double quotes'],
  [4, 'expected a value'],
  [5, "expected ':' after the property name"],
  [6, null],
  [7, "expected '}'"],
  [8, "expected ']'"],
  [9, 'expected the end of the text'],
  [10, 'comments are not allowed in JSON'],
  [11, 'unterminated comment'],
  [12, 'unterminated string'],
  [13, 'incomplete number'],
  [14, 'invalid \\u escape in string'],
  [15, 'invalid escape sequence in string'],
  [16, 'control characters (such as a line break) must be escaped inside JSON strings'],
]);

/** Reads strict JSON (no comments, no trailing commas) into the neutral source tree. */
export function readJsonTree(text: string, lines: OffsetLocator, maxDepth: number): { root?: SourceNode; issues: PolicyIssue[] } {
  // A byte-order mark is not JSON whitespace; blank it out without shifting offsets.
  const src = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  // Well-formed JSON, the common case, is read in one pass; anything else is read again below, for its issues.
  // The one-pass reader counts lines of the text itself, so a policy embedded in another file's
  // string (a Terraform plan: positions mapped through its escapes) goes through the parser.
  const quick = lines instanceof LineIndex ? readStrictJson(src, lines.file, maxDepth) : undefined;
  return quick ? { root: quick, issues: [] } : readJsonTreeWithParser(text, lines, maxDepth);
}

/** {@link readJsonTree} through jsonc-parser alone: every syntax error, duplicate key and excess nesting worded. */
export function readJsonTreeWithParser(text: string, lines: OffsetLocator, maxDepth: number): { root?: SourceNode; issues: PolicyIssue[] } {
  const src = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const deep = findJsonDepthExcess(src, maxDepth);
  if (deep >= 0) return { issues: [tooDeepIssue(lines.at(deep), maxDepth)] };

  const errors: ParseError[] = [];
  const tree = parseTree(src, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) return { issues: syntaxIssues(src, errors, lines) };
  if (!tree) return { issues: [{ severity: 'error', code: 'json-syntax', message: 'expected a JSON value', pos: lines.at(0), path: [] }] };

  const issues: PolicyIssue[] = [];
  const root = convert(tree, src, lines, [], issues);
  return { root, issues };
}

function convert(node: JsonNode, text: string, lines: OffsetLocator, path: (string | number)[], issues: PolicyIssue[]): SourceNode {
  const pos = lines.at(node.offset);
  const end = lines.at(node.offset + node.length);
  switch (node.type) {
    case 'object': {
      const entries: SourceEntry[] = [];
      const seen = new Map<string, SourceEntry>();
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || !valueNode) continue; // only after syntax errors, which were returned earlier
        const key = String(keyNode.value);
        const keyPos = lines.at(keyNode.offset);
        const value = convert(valueNode, text, lines, [...path, key], issues);
        const first = seen.get(key);
        if (first) {
          issues.push(duplicateKeyIssue(key, keyPos, first.keyPos, [...path, key]));
          continue;
        }
        const entry: SourceEntry = { key, keyPos, value };
        seen.set(key, entry);
        entries.push(entry);
      }
      return { kind: 'object', entries, pos, end };
    }
    case 'array':
      return { kind: 'array', items: (node.children ?? []).map((c, i) => convert(c, text, lines, [...path, i], issues)), pos, end };
    case 'string':
      return { kind: 'string', value: String(node.value), pos, end };
    case 'number':
      return { kind: 'number', value: Number(node.value), text: text.slice(node.offset, node.offset + node.length), pos, end };
    case 'boolean':
      return { kind: 'boolean', value: node.value === true, text: String(node.value === true), pos, end };
    default:
      return { kind: 'null', value: null, pos, end };
  }
}

function syntaxIssues(text: string, errors: ParseError[], lines: OffsetLocator): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  let lastLine = 0;
  for (const e of errors) {
    const pos = lines.at(e.offset);
    // One error per line: the parser's recovery repeats itself at the same spot.
    if (pos.line <= lastLine) continue;
    lastLine = pos.line;
    issues.push({ severity: 'error', code: 'json-syntax', message: describeError(text, e), pos, path: [] });
    if (issues.length >= MAX_SYNTAX_ERRORS || DISRUPTIVE_ERRORS.has(e.error)) break;
  }
  return issues;
}

function describeError(text: string, e: ParseError): string {
  let what = JSON_ERROR_TEXT.get(e.error);
  if (what === undefined) what = 'invalid JSON';
  if (what === null) what = innermostContainer(text, e.offset) === '[' ? "expected ',' or ']'" : "expected ',' or '}'";
  if (e.error === 1) {
    const hint = text[e.offset] === "'" ? ' (JSON strings and keys use double quotes)' : '';
    return `unexpected ${describeToken(text, e.offset)}${hint}`;
  }
  if (e.error === 4 && /[}\]]/.test(text[e.offset] ?? '') && previousNonBlank(text, e.offset) === ',') {
    return `${what} but found '${text[e.offset]}' (trailing commas are not allowed in JSON)`;
  }
  const shown = e.error >= 10 ? '' : ` but found ${describeToken(text, e.offset)}`;
  return `${what}${shown}`;
}

/** The bracket (`[` or `{`) of the innermost container open at `offset`. */
function innermostContainer(text: string, offset: number): string | undefined {
  const stack: string[] = [];
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < offset && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') stack.push(c);
    else if (c === ']' || c === '}') stack.pop();
  }
  return stack[stack.length - 1];
}

function previousNonBlank(text: string, offset: number): string | undefined {
  for (let i = offset - 1; i >= 0; i--) if (!/\s/.test(text[i])) return text[i];
  return undefined;
}

/** A short description of the token at `offset`, for "expected X but found Y". */
function describeToken(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the text';
  const c = text[offset];
  if (c === '"') {
    const close = text.indexOf('"', offset + 1);
    const body = text.slice(offset + 1, close < 0 ? offset + 41 : Math.min(close, offset + 41));
    return `string "${body}${close < 0 || close > offset + 41 ? '...' : ''}"`;
  }
  if (/[-0-9]/.test(c)) return `number ${/^-?[0-9.eE+-]+/.exec(text.slice(offset, offset + 40))?.[0] ?? c}`;
  const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(offset, offset + 40));
  if (word) return `'${word[0]}'`;
  return `'${c}'`;
}
