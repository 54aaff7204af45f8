import { compileGlob, parseGlob, type Glob } from './glob';
import { parseTemplate, resolveTemplate, type Template } from '../conditions/policy-variables';
import type { RequestContext } from '../engine/request-context';

/**
 * ARN matching. IAM User Guide, reference_identifiers.md (ARN format
 * `arn:partition:service:region:account-id:resource`) and reference_policies_elements_resource.md:
 * wildcards work within each colon-separated segment; the resource part is everything after
 * the fifth colon, so a `*` there may span further `/` and `:`. Matching is case-sensitive.
 * Policy variables may appear only in the resource part (reference_policies_variables.md).
 */

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN at its first five colons; `null` when it is not an ARN. */
export function splitArn(arn: string): ArnParts | null {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const c = arn.indexOf(':', start);
    if (c < 0) return null;
    parts.push(arn.slice(start, c));
    start = c + 1;
  }
  if (parts[0] !== 'arn') return null;
  return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: arn.slice(start) };
}

/** Result of matching one ARN against a pattern that may hold policy variables. */
export type ArnMatch = boolean | { missing: string };

export interface ArnPattern {
  readonly source: string;
  /** Whether the pattern is `*` (matches any resource, ARN or not). */
  readonly matchesAll: boolean;
  match(value: string, ctx: RequestContext): ArnMatch;
}

/**
 * Compiles a Resource / NotResource / Arn-condition pattern. `variables` is true for policy
 * language 2012-10-17. A pattern that is not `*` and has fewer than six segments matches nothing
 * (the grammar check reports it).
 */
export function compileArnPattern(pattern: string, variables: boolean): ArnPattern {
  if (pattern === '*') return { source: pattern, matchesAll: true, match: () => true };
  const parts = splitArn(pattern);
  if (!parts) {
    // Not an ARN: compare as a whole wildcard pattern (some services accept such resources).
    const g = compileGlob(parseGlob(pattern));
    return { source: pattern, matchesAll: false, match: (v) => g.test(v) };
  }
  const head: Glob[] = [parts.partition, parts.service, parts.region, parts.account].map((p) => compileGlob(parseGlob(p)));
  const template: Template = parseTemplate(parts.resource, { variables, wildcards: true });
  const fixedTail = template.hasVariables ? null : compileGlob(resolveStatic(template));
  return {
    source: pattern,
    matchesAll: false,
    match(value: string, ctx: RequestContext): ArnMatch {
      const v = splitArn(value);
      if (!v) return false;
      if (!head[0].test(v.partition) || !head[1].test(v.service) || !head[2].test(v.region) || !head[3].test(v.account)) return false;
      if (fixedTail) return fixedTail.test(v.resource);
      const r = resolveTemplate(template, ctx);
      if (!r.ok) return { missing: r.missing };
      return compileGlob(r.tokens).test(v.resource);
    },
  };
}

function resolveStatic(t: Template) {
  return t.parts.map((p) =>
    p.kind === 'text' ? { kind: 'text' as const, text: p.text } : p.kind === 'wild' ? (p.char === '*' ? { kind: 'any' as const } : { kind: 'one' as const }) : { kind: 'text' as const, text: p.raw },
  );
}
