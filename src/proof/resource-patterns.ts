/**
 * Resource patterns as automata, read exactly as `match/arn.ts` reads them: `*` matches every
 * resource; a pattern that is not an ARN is one wildcard pattern over the whole value; an ARN
 * pattern is split at its first five colons (colons inside `${...}` do not count) and policy
 * variables stand only in the resource part (IAM User Guide, reference_policies_variables.md).
 * Variables are resolved against the keys the question fixes; one that has no value makes the
 * pattern match nothing (reference_policies_variables.md, "no value").
 */

import { compileArnPattern, splitArnPattern, type ArnPattern } from '../match/arn';
import { parseTemplate, resolveTemplate, type TemplatePart } from '../match/policy-variables';
import type { RequestContext } from '../request/request-context';
import { arnPattern, globPattern, type StringPattern } from './string-automaton';

/** The six parts of an ARN pattern (`arn` first), or null when it is not one: the engine's own split. */
export const splitArnPatternParts = splitArnPattern;

/** A Resource / NotResource value as the prover models it and as the engine matches it. */
export interface ModelledPattern {
  source: string;
  model: StringPattern;
  engine: ArnPattern;
  /** Keys its policy variables read (folded). */
  variables: string[];
}

function variableKeys(parts: TemplatePart[]): string[] {
  return parts.filter((p): p is Extract<TemplatePart, { kind: 'var' }> => p.kind === 'var').map((p) => p.key.toLowerCase());
}

/**
 * `resourceElement`: read as the Resource / NotResource element reads it (match/arn.ts, from
 * reference_policies_elements_resource.md): an incomplete ARN is completed with `*` fields, and
 * when every wildcard of the partition-to-account part ends its segment the whole pattern is one
 * wildcard string (such a `*` may span colons).
 */
export function modelResourcePattern(source: string, variables: boolean, fixed: RequestContext, resourceElement = false): ModelledPattern {
  const engine = compileArnPattern(source, variables, false, resourceElement);
  if (source === '*') return { source, model: { kind: 'constant', value: true }, engine, variables: [] };
  let pattern = source;
  if (resourceElement && pattern.startsWith('arn:') && !splitArnPatternParts(pattern, variables)) {
    const fields = pattern.split(':').length;
    if (fields >= 3) pattern = pattern + ':*'.repeat(6 - fields);
  }
  const parts = splitArnPatternParts(pattern, variables);
  if (!parts) return { source, model: globPattern(pattern, true), engine, variables: [] };
  const head = parts.slice(1, 5);
  const spanning = head.some((p) => p.endsWith('*')) && head.every((p) => !/[?$]/.test(p) && !p.slice(0, -1).includes('*'));
  const tailTemplate = parseTemplate(parts[5], { variables, wildcards: true });
  if (resourceElement && spanning && !tailTemplate.hasVariables) return { source, model: globPattern(pattern, true), engine, variables: [] };
  const keys: string[] = [];
  const resolved = [];
  let unresolved = false;
  for (let i = 0; i < parts.length; i++) {
    const t = parseTemplate(parts[i], { variables: variables && i === 5, wildcards: true });
    keys.push(...variableKeys(t.parts));
    const r = resolveTemplate(t, fixed);
    if (!r.ok) unresolved = true;
    else resolved.push(r.tokens);
  }
  return { source, model: unresolved ? { kind: 'constant', value: false } : arnPattern(resolved), engine, variables: keys };
}
