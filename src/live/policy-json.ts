import { parse as parseJsonc, parseTree, findNodeAtLocation, type Node, type ParseError } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import type { Policy } from '../policy/policy-model';
import { LineIndex } from '../diagnostics/source-position';

/**
 * The policy text sent to IAM. The simulator takes "the complete, valid JSON text of an IAM
 * policy" whose characters are tab, line feed, carriage return and U+0020..U+00FF (IAM API
 * Reference, SimulateCustomPolicy, PolicyInputList). JSON source within that range is sent as
 * written, so IAM's statement positions are the file's positions; YAML (or text with other
 * characters) is re-serialised as JSON with `\uXXXX` escapes.
 */
export interface PolicyTextForIam {
  text: string;
  /** True when `text` is not the policy's own source (positions must be mapped by statement). */
  reserialized: boolean;
}

const IAM_CHARSET = /^[\t\n\r\u0020-\u00ff]*$/;

/** Escapes characters outside U+0000..U+00FF; in JSON.stringify output they only occur inside strings. */
const escapeWide = (s: string) => s.replace(/[\u0100-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Reads the policy document as a plain object: strict JSON, then JSON with comments, then YAML. */
function documentOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not strict JSON: try the tolerant readers below.
  }
  const errors: ParseError[] = [];
  const doc = parseJsonc(text, errors, { allowTrailingComma: true });
  if (!errors.length) return doc;
  return parseYaml(text);
}

/** Returns the JSON text IAM accepts for a policy, or throws when the source cannot be read. */
export function policyTextForIam(policy: Policy): PolicyTextForIam {
  const source = policy.text;
  try {
    JSON.parse(source);
    if (IAM_CHARSET.test(source)) return { text: source, reserialized: false };
  } catch {
    // Falls through to re-serialising.
  }
  const doc = documentOf(source);
  if (typeof doc !== 'object' || doc === null) throw new Error(`policy ${policy.name} is not a JSON object`);
  return { text: escapeWide(JSON.stringify(doc, null, 2)), reserialized: true };
}

/**
 * The 0-based index of the statement of `text` that contains IAM's 1-based `line`/`column`
 * (IAM API Reference, API_Statement.html: StartPosition and EndPosition give "the row and column" of a
 * statement), or undefined when the position is outside every statement.
 */
export function statementIndexAt(text: string, line: number, column: number): number | undefined {
  const root = parseTree(text);
  if (!root) return undefined;
  const stmt = findNodeAtLocation(root, ['Statement']);
  if (!stmt) return undefined;
  const nodes: Node[] = stmt.type === 'array' ? (stmt.children ?? []) : [stmt];
  const idx = new LineIndex(text);
  const at = (n: Node) => {
    const s = idx.at(n.offset);
    const e = idx.at(n.offset + n.length);
    return { s, e };
  };
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  for (let i = 0; i < nodes.length; i++) {
    const { s, e } = at(nodes[i]);
    if (before(s.line, s.column, line, column) && before(line, column, e.line, e.column)) return i;
  }
  // IAM may point just before the opening brace (at the key or the comma); take the next statement.
  for (let i = 0; i < nodes.length; i++) {
    const { s } = at(nodes[i]);
    if (s.line === line) return i;
  }
  return undefined;
}
