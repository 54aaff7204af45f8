import { compileArnPattern, type ArnPattern } from '../match/arn';
import { parseTemplate, resolveTemplate, type TemplatePart } from '../match/policy-variables';
import type { RequestContext } from '../request/request-context';
import { arnPattern, globPattern, type StringPattern } from './string-automaton';

/**
 * Resource patterns as automata, read exactly as `match/arn.ts` reads them: `*` matches every
 * resource; a pattern that is not an ARN is one wildcard pattern over the whole value; an ARN
 * pattern is split at its first five colons (colons inside `${...}` do not count) and policy
 * variables stand only in the resource part (IAM User Guide, reference_policies_variables.md).
 * Variables are resolved against the keys the question fixes; one that has no value makes the
 * pattern match nothing (reference_policies_variables.md, "no value").
 */

/** The six parts of an ARN pattern (`arn` first), or null when it is not one. */
export function splitArnPatternParts(pattern: string, variables: boolean): string[] | null {
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

export function modelResourcePattern(source: string, variables: boolean, fixed: RequestContext): ModelledPattern {
  const engine = compileArnPattern(source, variables);
  if (source === '*') return { source, model: { kind: 'constant', value: true }, engine, variables: [] };
  const parts = splitArnPatternParts(source, variables);
  if (!parts) return { source, model: globPattern(source, true), engine, variables: [] };
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
