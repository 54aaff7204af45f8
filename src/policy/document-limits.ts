/**
 * What AWS refuses in a policy document before reading its grammar: characters and size.
 *
 * Characters: IAM User Guide, reference_iam-quotas.md ("IAM name requirements": policy documents
 * can contain only U+0009, U+000A, U+000D and U+0020-U+00FF); the STS API pages say the same of
 * session policies (AssumeRole, `Policy`). Emoji, Cyrillic, zero-width spaces, bidi overrides,
 * lone surrogates and U+FFFD (invalid UTF-8 read as text) are all outside that range.
 *
 * Size: reference_iam-quotas.md ("IAM and STS character quotas"): a customer managed policy
 * 6,144 characters, inline policies per user 2,048, per group 5,120, per role 10,240 (white space
 * not counted), a role trust policy 2,048 by default (adjustable); AWS Organizations User Guide,
 * orgs_reference_limits.md and orgs_manage_policies.md: SCPs (and RCPs) 5,120 characters; STS
 * AssumeRole `Policy`: session policy plain text 2,048 characters (then a packed size limit
 * that cannot be computed locally). The size counted here is the document as compact JSON, so
 * white space outside strings never counts.
 */

import type { IssueList } from '../diagnostics/issue-list';
import type { SourceNode } from '../diagnostics/source-node';
import type { SourcePosition } from '../diagnostics/source-position';
import type { PolicyType } from './policy-type';

/** How far past a quota is an error (AWS refuses) and how far a warning (depends on where it goes). */
interface SizeRule {
  error?: { limit: number; why: string };
  warnings: { limit: number; why: string }[];
}

const SIZE_RULES: Partial<Record<PolicyType, SizeRule>> = {
  // An identity policy may be managed or inline, and AWS managed policies are larger than any
  // customer quota: over 6,144 or 10,240 it is a warning naming where AWS would refuse it.
  identity: {
    warnings: [
      {
        limit: 10_240,
        why: 'IAM refuses it anywhere a customer can put it: inline role policies are limited to 10,240 characters, customer managed policies to 6,144 (reference_iam-quotas.md)',
      },
      {
        limit: 6_144,
        why: 'IAM refuses it as a customer managed policy (6,144 characters) and as an inline user (2,048) or group (5,120) policy; only an inline role policy (10,240) holds it (reference_iam-quotas.md)',
      },
    ],
  },
  boundary: { error: { limit: 6_144, why: 'a permissions boundary is a managed policy, limited to 6,144 characters (reference_iam-quotas.md)' }, warnings: [] },
  scp: { error: { limit: 5_120, why: 'AWS Organizations refuses service control policies over 5,120 characters (orgs_reference_limits.md)' }, warnings: [] },
  rcp: { error: { limit: 5_120, why: 'AWS Organizations refuses resource control policies over 5,120 characters (orgs_reference_limits.md)' }, warnings: [] },
  session: { error: { limit: 2_048, why: 'AWS STS refuses session policy text over 2,048 characters (AssumeRole, parameter Policy)' }, warnings: [] },
  trust: {
    warnings: [
      {
        limit: 2_048,
        why: 'IAM refuses role trust policies over 2,048 characters unless the account quota was raised (reference_iam-quotas.md, "Role trust policy length")',
      },
    ],
  },
};

/** Types the IAM/STS/Organizations character rule applies to (resource policies belong to each service). */
const CHARACTER_RULE_TYPES: ReadonlySet<PolicyType> = new Set(['identity', 'boundary', 'session', 'trust', 'scp', 'rcp']);

/** The first character IAM does not accept in `s`, as its index and code point. */
function firstForbidden(s: string): { index: number; code: number } | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0xff)) continue;
    const code = s.codePointAt(i) as number;
    return { index: i, code };
  }
  return undefined;
}

/** What a forbidden character is, for the message. */
function describeChar(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code >= 0xd800 && code <= 0xdfff) return `${hex} (a lone surrogate: not a character)`;
  if (code === 0xfffd) return `${hex} (the replacement character: the file is not valid UTF-8 there)`;
  if (code < 0x20 || code === 0x7f) return `${hex} (a control character)`;
  if (code === 0x200b || code === 0x200c || code === 0x200d || code === 0xfeff || code === 0x2060) return `${hex} (an invisible zero-width character)`;
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))
    return `${hex} (a bidirectional override: the text reads differently from what it is)`;
  // Separators and format characters (U+2028, U+00AD...) would break or hide text in the message itself.
  if (/[\p{Z}\p{C}]/u.test(String.fromCodePoint(code))) return `${hex} (an invisible separator or format character)`;
  return `${hex} ${JSON.stringify(String.fromCodePoint(code))}`;
}

/** Where character `index` of the string `node` stands, when the source holds it unescaped. */
function positionOf(node: SourceNode, text: string | undefined, char: string): SourcePosition {
  if (!text) return node.pos;
  const at = text.indexOf(char, node.pos.offset);
  if (at < 0 || at >= node.end.offset) return node.pos;
  let line = node.pos.line;
  let column = node.pos.column;
  for (let i = node.pos.offset; i < at; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else column++;
  }
  return { ...node.pos, line, column, offset: at };
}

/** Reports forbidden characters (each key and string once, at most 20) and sizes over the quota of `type`. */
export function checkDocumentLimits(root: SourceNode, type: PolicyType | undefined, text: string | undefined, issues: IssueList): void {
  if (type && CHARACTER_RULE_TYPES.has(type)) {
    let reported = 0;
    // One path stack for the whole walk, copied only when an issue is reported.
    const path: (string | number)[] = [];
    const check = (s: string, node: () => SourceNode, what: string) => {
      if (reported >= 20) return;
      const bad = firstForbidden(s);
      if (!bad) return;
      reported++;
      const ch = String.fromCodePoint(bad.code);
      issues.error(
        'forbidden-character',
        `${what} holds ${describeChar(bad.code)} at character ${bad.index + 1}: policy documents may contain only tab, line feed, carriage return and U+0020-U+00FF (reference_iam-quotas.md)`,
        positionOf(node(), text, ch),
        [...path],
      );
    };
    const walk = (node: SourceNode) => {
      if (node.kind === 'string') check(String(node.value), () => node, 'the value');
      const items = node.items;
      if (items)
        for (let i = 0; i < items.length; i++) {
          path.push(i);
          walk(items[i]);
          path.pop();
        }
      const entries = node.entries;
      if (entries)
        for (const e of entries) {
          path.push(e.key);
          check(e.key, () => ({ ...node, pos: e.keyPos, end: e.value.pos }), 'the key');
          walk(e.value);
          path.pop();
        }
    };
    walk(root);
  }
  const rule = type ? SIZE_RULES[type] : undefined;
  if (!rule) return;
  const size = compactLength(root);
  if (rule.error && size > rule.error.limit) {
    issues.error(
      'policy-too-large',
      `the policy is ${size.toLocaleString('en-US')} characters (as compact JSON), over ${rule.error.limit.toLocaleString('en-US')}: ${rule.error.why}`,
      root.pos,
      [],
    );
    return;
  }
  const warning = rule.warnings.find((w) => size > w.limit);
  if (warning)
    issues.warning(
      'policy-too-large',
      `the policy is ${size.toLocaleString('en-US')} characters (as compact JSON), over ${warning.limit.toLocaleString('en-US')}: ${warning.why}`,
      root.pos,
      [],
    );
}

/** Whether JSON.stringify escapes anything in `s`: quotes, backslashes, control characters, surrogates (paired ones are then measured exactly). */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/** Length of the tree written as compact JSON (no white space outside strings). */
export function compactLength(node: SourceNode): number {
  switch (node.kind) {
    case 'string': {
      const s = String(node.value);
      // Only quotes, backslashes, control characters and lone surrogates are escaped.
      return needsEscape(s) ? JSON.stringify(s).length : s.length + 2;
    }
    case 'array': {
      const items = node.items ?? [];
      return 2 + Math.max(0, items.length - 1) + items.reduce((n, i) => n + compactLength(i), 0);
    }
    case 'object': {
      const entries = node.entries ?? [];
      return (
        2 +
        Math.max(0, entries.length - 1) +
        entries.reduce((n, e) => n + (needsEscape(e.key) ? JSON.stringify(e.key).length : e.key.length + 2) + 1 + compactLength(e.value), 0)
      );
    }
    default:
      return (node.text ?? String(node.value)).length;
  }
}
