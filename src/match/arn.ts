/**
 * ARN matching. IAM User Guide, reference_identifiers.md (ARN format
 * `arn:partition:service:region:account-id:resource`) and reference_policies_elements_resource.md:
 * wildcards work within each colon-separated segment; the resource part is everything after
 * the fifth colon, so a `*` there may span further `/` and `:`. Matching is case-sensitive.
 * Policy variables may appear only in the resource part (reference_policies_variables.md).
 */

import { compileGlob, parseGlob, type Glob, type GlobToken } from './glob';
import { parseTemplate, resolveTemplate, type Template } from './policy-variables';
import type { RequestContext } from '../request/request-context';
import { isArn, splitArnOnce } from '../request/arn-parts';

/** Result of matching one ARN against a pattern that may hold policy variables. */
export type ArnMatch = boolean | { missing: string };

export interface ArnPattern {
  readonly source: string;
  /** Whether the pattern is `*` (matches any resource, ARN or not). */
  readonly matchesAll: boolean;
  match(value: string, ctx: RequestContext): ArnMatch;
}

/**
 * Splits an ARN pattern into its six parts (`arn` first) at its first five colons, ignoring
 * colons inside `${...}` variables; null when it is not one. The prover models patterns with
 * the same split, so both read a pattern alike.
 */
export function splitArnPattern(pattern: string, variables: boolean): string[] | null {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (parts.length < 5 && i < pattern.length) {
    if (variables && pattern[i] === '$' && pattern[i + 1] === '{') {
      const close = pattern.indexOf('}', i + 2);
      if (close > 0) {
        i = close + 1;
        continue;
      }
    }
    if (pattern[i] === ':') {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  if (parts.length < 5 || parts[0] !== 'arn') return null;
  parts.push(pattern.slice(start));
  return parts;
}

type Segment = { fixed: Glob } | { template: Template };

/**
 * Compiles a Resource / NotResource / Arn-condition pattern. `variables` is true for policy
 * language 2012-10-17; `variablesInHead` lets variables stand before the fifth colon (ARN
 * condition values). A pattern that is not `*` and is not an ARN is compared as one wildcard
 * pattern (the grammar check reports it where AWS would reject it).
 */
export function compileArnPattern(pattern: string, variables: boolean, variablesInHead = false, resourceElement = false): ArnPattern {
  if (pattern === '*') return { source: pattern, matchesAll: true, match: () => true };
  const given = pattern;
  // IAM User Guide, reference_policies_elements_resource.md (current page): an incomplete ARN in
  // an identity-based policy is completed "by adding wildcard characters (*) to all missing
  // fields" (`arn:aws:sqs` is `arn:aws:sqs:*:*:*`). The grammar refuses it in other policy types.
  if (resourceElement && pattern.startsWith('arn:') && !splitArnPattern(pattern, variables)) {
    const fields = pattern.split(':').length;
    if (fields >= 3) pattern = pattern + ':*'.repeat(6 - fields);
  }
  const parts = splitArnPattern(pattern, variables);
  if (!parts) {
    const g = compileGlob(parseGlob(pattern));
    return { source: pattern, matchesAll: false, match: (v) => g.test(v) };
  }
  // Segment 0 is the literal "arn"; segments 1-5: partition, service, region, account, resource.
  // In a Resource element variables work "only in the resource portion of the ARN" (IAM User
  // Guide, reference_policies_variables.md); ARN condition values take them anywhere.
  const segments: Segment[] = parts.slice(1).map((p, i) => {
    const t = parseTemplate(p, { variables: variables && (variablesInHead || i === 4), wildcards: true });
    return t.hasVariables ? { template: t } : { fixed: compileGlob(resolveStatic(t)) };
  });
  // reference_policies_elements_resource.md (current page): "If the * wildcard is the last
  // character of a resource ARN segment, it can expand to match beyond the colon boundaries."
  // When every wildcard of the head (partition to account) ends its segment, the pattern is
  // matched as one wildcard string, so such a `*` may take colons with it. Only in the Resource
  // element: the ARN condition operators page says a `*` does not span segments (docs/divergences.md).
  const head = parts.slice(1, 5);
  const spanning = head.some((p) => p.endsWith('*')) && head.every((p) => !/[?$]/.test(p) && !p.slice(0, -1).includes('*'));
  if (resourceElement && spanning && 'fixed' in segments[4]) {
    const whole = compileGlob(parseGlob(pattern));
    return { source: given, matchesAll: false, match: (value: string): ArnMatch => isArn(value) && whole.test(value) };
  }
  // The common case: partition, service, region and account are plain text, so the pattern's
  // head `arn:aws:s3:::` must start the ARN exactly (it holds exactly five colons), and only the
  // resource part is matched as a pattern.
  const headFixed = segments.slice(0, 4).every((seg, i) => 'fixed' in seg && seg.fixed.literal && !/[*?$]/.test(parts[i + 1]));
  const tail = segments[4];
  if (headFixed && 'fixed' in tail) {
    const prefix = `${parts.slice(0, 5).join(':')}:`;
    const tailGlob = tail.fixed;
    return {
      source: given,
      matchesAll: false,
      match: (value: string): ArnMatch => value.startsWith(prefix) && tailGlob.test(value.slice(prefix.length)),
    };
  }
  return {
    source: given,
    matchesAll: false,
    match(value: string, ctx: RequestContext): ArnMatch {
      const v = splitArnOnce(value);
      if (!v) return false;
      const actual = [v.partition, v.service, v.region, v.account, v.resource];
      for (let i = 0; i < 5; i++) {
        const seg = segments[i];
        if ('fixed' in seg) {
          if (!seg.fixed.test(actual[i])) return false;
          continue;
        }
        const r = resolveTemplate(seg.template, ctx);
        if (!r.ok) return { missing: r.missing };
        if (!compileGlob(r.tokens).test(actual[i])) return false;
      }
      return true;
    },
  };
}

function resolveStatic(t: Template): GlobToken[] {
  return t.parts.map((p): GlobToken =>
    p.kind === 'text'
      ? { kind: 'text', text: p.text }
      : p.kind === 'wild'
        ? p.char === '*'
          ? { kind: 'any' }
          : { kind: 'one' }
        : { kind: 'text', text: p.raw },
  );
}
