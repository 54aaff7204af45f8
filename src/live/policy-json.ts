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
 * The 0-based index of the statement of `text` IAM's 1-based `line`/`column` names (IAM API
 * Reference, API_Statement.html: StartPosition and EndPosition give "the row and column" of a
 * statement), or undefined when the position is after every statement.
 *
 * IAM's StartPosition need not be a statement's `{`: it can be the character just after the
 * previous statement's `}` (at the comma), or just after the `[`. So a position belongs to the
 * first statement that ends after it: a statement ends just after its `}`, and a position exactly
 * there already belongs to the next one.
 */
export function statementIndexAt(text: string, line: number, column: number): number | undefined {
  const root = parseTree(text);
  if (!root) return undefined;
  const stmt = findNodeAtLocation(root, ['Statement']);
  if (!stmt) return undefined;
  const nodes: Node[] = stmt.type === 'array' ? (stmt.children ?? []) : [stmt];
  const idx = new LineIndex(text);
  const beforeEnd = (n: Node) => {
    const e = idx.at(n.offset + n.length);
    return line < e.line || (line === e.line && column < e.column);
  };
  for (let i = 0; i < nodes.length; i++) if (beforeEnd(nodes[i])) return i;
  return undefined;
}
