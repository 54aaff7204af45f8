/**
 * String condition operators. IAM User Guide, reference_policies_elements_condition_operators.md
 * (String condition operators): `StringEquals` is exact and case-sensitive, the `IgnoreCase` forms
 * ignore case, `StringLike` / `StringNotLike` are case-sensitive with `*` and `?` wildcards
 * anywhere; "Policy variables – Supported" (reference_policies_variables.md, Condition element).
 */

import { compileGlob, type Glob, type GlobToken } from '../../match/glob';
import { parseTemplate, resolveTemplate, type Template } from '../../match/policy-variables';
import { parsed, type ComparisonOperator } from './operator-descriptor';
import { BoundedMemo } from '../../util/bounded-memo';
import { foldKey, type RequestContext } from '../../request/request-context';

export interface StringPolicyValue {
  template: Template;
  /** The ready matcher when the value holds no policy variable (built once, at compile time). */
  fixed?: Glob;
  /** Matchers of the value with its variables substituted, by substitution (bounded). */
  substituted?: BoundedMemo<string, Glob>;
  /** For a case-sensitive value of text and variables with at most a final `*`: compared piece by piece, never substituted. */
  pieces?: Pieces;
}

/** A template as pieces compared in place: text, or a variable (key, default, as written). */
interface Pieces {
  texts: (string | null)[];
  /** Variable keys, in lower case. */
  keys: string[];
  fallbacks: (string | undefined)[];
  raws: string[];
  /** Ends with `*`: anything may follow the last piece. */
  open: boolean;
}

function piecesOf(t: Template): Pieces | undefined {
  const parts = t.parts;
  const last = parts[parts.length - 1];
  const open = last !== undefined && last.kind === 'wild' && last.char === '*';
  const body = open ? parts.slice(0, -1) : parts;
  const out: Pieces = { texts: [], keys: [], fallbacks: [], raws: [], open };
  for (const p of body) {
    if (p.kind === 'wild') return undefined;
    out.texts.push(p.kind === 'text' ? p.text : null);
    // Context keys are case-insensitive (request-context.ts): folded once here.
    out.keys.push(p.kind === 'var' ? foldKey(p.key) : '');
    out.fallbacks.push(p.kind === 'var' ? p.fallback : undefined);
    out.raws.push(p.kind === 'var' ? p.raw : '');
  }
  return out;
}

/**
 * What matching the substituted template gives (resolveTemplate, then the glob), without
 * building it: every variable is read first, in order, as resolveTemplate reads them (a missing
 * one is reported whatever the text), then each piece is compared where it must stand.
 */
function matchPieces(p: Pieces, request: string, ctx: RequestContext): boolean | { unresolved: string } {
  const n = p.texts.length;
  let values: (string | undefined)[] | undefined;
  for (let i = 0; i < n; i++) {
    if (p.texts[i] !== null) continue;
    const v = ctx.getFolded(p.keys[i]);
    // A multivalued key has no single value to put in place of the variable.
    const value = v && v.values.length === 1 && !v.multi ? v.values[0] : p.fallbacks[i];
    if (value === undefined) return { unresolved: p.raws[i] };
    (values ??= [])[i] = value;
  }
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const s = p.texts[i] ?? (values as string[])[i];
    if (!request.startsWith(s, pos)) return false;
    pos += s.length;
  }
  return p.open || pos === request.length;
}

type Mode = 'equals' | 'like';

function staticTokens(t: Template): GlobToken[] {
  return t.parts.map((p): GlobToken => {
    if (p.kind === 'wild') return p.char === '*' ? { kind: 'any' } : { kind: 'one' };
    // Without variables only text parts remain besides wildcards; `raw` keeps a var literal otherwise.
    return { kind: 'text', text: p.kind === 'text' ? p.text : p.raw };
  });
}

function stringOperator(name: string, negated: boolean, mode: Mode, ignoreCase: boolean): ComparisonOperator<StringPolicyValue, string> {
  return {
    kind: 'comparison',
    name,
    family: 'String',
    negated,
    variables: true,
    wildcards: mode === 'like',
    relation: mode === 'like' ? 'like' : ignoreCase ? 'equal (ignoring case) to' : '',
    expects: 'a string',
    parsePolicyValue(raw, opts) {
      // In StringEquals a `*` is an ordinary character; only the Like forms read wildcards.
      const template = parseTemplate(raw, { variables: opts.variables, wildcards: mode === 'like' });
      const value: StringPolicyValue = { template };
      if (!template.hasVariables) value.fixed = compileGlob(staticTokens(template), ignoreCase);
      else if (!ignoreCase) {
        const pieces = piecesOf(template);
        if (pieces) value.pieces = pieces;
      }
      return parsed(value);
    },
    parseRequestValue: (raw) => parsed(raw),
    matches(request, policy, ctx) {
      if (policy.fixed) return policy.fixed.test(request);
      if (policy.pieces) return matchPieces(policy.pieces, request, ctx);
      const r = resolveTemplate(policy.template, ctx);
      if (!r.ok) return { unresolved: r.missing };
      // Substituted text is literal (resolveTemplate never turns it into wildcards). The matcher
      // for each substitution is built once: the key lists the tokens unambiguously.
      const cache = (policy.substituted ??= new BoundedMemo(256));
      return cache.get(JSON.stringify(r.tokens), () => compileGlob(r.tokens, ignoreCase)).test(request);
    },
  };
}

export const StringEquals = stringOperator('StringEquals', false, 'equals', false);
export const StringNotEquals = stringOperator('StringNotEquals', true, 'equals', false);
export const StringEqualsIgnoreCase = stringOperator('StringEqualsIgnoreCase', false, 'equals', true);
export const StringNotEqualsIgnoreCase = stringOperator('StringNotEqualsIgnoreCase', true, 'equals', true);
export const StringLike = stringOperator('StringLike', false, 'like', false);
export const StringNotLike = stringOperator('StringNotLike', true, 'like', false);

/** Every string operator, for the registry. */
export const stringOperators = [StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike];
