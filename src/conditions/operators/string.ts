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

export interface StringPolicyValue {
  template: Template;
  /** The ready matcher when the value holds no policy variable (built once, at compile time). */
  fixed?: Glob;
  /** Matchers of the value with its variables substituted, by substitution (bounded). */
  substituted?: BoundedMemo<string, Glob>;
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
      return parsed(value);
    },
    parseRequestValue: (raw) => parsed(raw),
    matches(request, policy, ctx) {
      if (policy.fixed) return policy.fixed.test(request);
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
