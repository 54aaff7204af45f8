import { policiesOf, type PolicySet } from '../policy/policy-set';

/** A Resource or NotResource value of some statement, with whether `${...}` is a policy variable there. */
export interface ResourcePattern {
  pattern: string;
  /** Policy language 2012-10-17 (reference_policies_variables.md: variables exist only there). */
  variables: boolean;
  /** Action values of the statements that name the pattern (`*` for a NotAction statement). */
  actions: string[];
}

/**
 * The distinct Resource and NotResource values of every statement of the sets, `*` excepted.
 * These are the resource classes the policies tell apart, so sample ARNs drawn from them reach
 * every statement that could apply.
 */
export function resourcePatterns(sets: readonly PolicySet[]): ResourcePattern[] {
  const seen = new Map<string, ResourcePattern>();
  for (const set of sets)
    for (const p of policiesOf(set))
      for (const s of p.statements)
        for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
          if (r.value === '*') continue;
          const variables = p.version === '2012-10-17';
          const key = `${variables ? 'v' : 'l'}\0${r.value}`;
          let entry = seen.get(key);
          if (!entry) seen.set(key, (entry = { pattern: r.value, variables, actions: [] }));
          // reference_policies_elements_notaction.md: NotAction may reach any action.
          for (const a of s.notAction ? ['*'] : (s.action ?? []).map((x) => x.value)) if (!entry.actions.includes(a)) entry.actions.push(a);
        }
  return [...seen.values()].sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
}

/** Every Action / NotAction value the sets' statements name (for a default scope). */
export function actionPatterns(sets: readonly PolicySet[]): { actions: string[]; notActions: string[] } {
  const actions = new Set<string>();
  const notActions = new Set<string>();
  for (const set of sets)
    for (const p of policiesOf(set))
      for (const s of p.statements) {
        for (const a of s.action ?? []) actions.add(a.value);
        for (const a of s.notAction ?? []) notActions.add(a.value);
      }
  return { actions: [...actions].sort(), notActions: [...notActions].sort() };
}
