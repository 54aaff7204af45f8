import { compilePolicy, statementsForAction, type CompiledStatement } from '../engine/compile-policy';
import type { PolicySet } from '../policy/policy-set';
import type { Policy, PolicyStatement } from '../policy/policy-model';

/**
 * The actions two policy sets may decide differently. `evaluate()` decides a request from the
 * statements whose Action / NotAction admit its action, level by level (identity, resource and
 * trust, boundary, each SCP and RCP level, session, endpoint), and from the set's other fields
 * (Block Public Access, AWS managed keys, the management account). When, for an action, every
 * level holds the same statements in both sets (same effect, elements and values, same policy
 * version, positions and Sids aside) and the other fields are equal, the two sets decide every
 * request for it alike: no proof comparing them needs to look at it. This is what keeps "no new
 * access" between two versions of a policy fast: only the actions whose statements changed are
 * proved.
 */

/** Positions, Sids and the source text do not change a decision. */
const IGNORED = new Set(['pos', 'elements', 'text', 'index', 'sid', 'operatorPos', 'keyPos']);

const keys = new WeakMap<PolicyStatement, string>();

function statementKey(policy: Policy, s: PolicyStatement): string {
  let k = keys.get(s);
  if (k === undefined) {
    k = `${policy.version}\0${JSON.stringify(s, (key, value: unknown) => (IGNORED.has(key) ? undefined : value))}`;
    keys.set(s, k);
  }
  return k;
}

function levels(set: PolicySet): Policy[][] {
  return [
    set.identity,
    set.resource ?? [],
    set.trust ? [set.trust] : [],
    set.boundary ? [set.boundary] : [],
    ...(set.scps ?? []).map((l) => l.policies),
    ...(set.rcps ?? []).map((l) => l.policies),
    set.session ?? [],
    set.endpoint ?? [],
  ];
}

/** Everything of a set but its policies, as one comparable text. */
function otherFields(set: PolicySet): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(set)) if (!['identity', 'resource', 'trust', 'boundary', 'scps', 'rcps', 'session', 'endpoint'].includes(k)) out[k] = v;
  // Which levels exist matters (an empty boundary level is not "no boundary").
  out.shape = [
    set.resource !== undefined,
    set.trust !== undefined,
    set.boundary !== undefined,
    set.scps?.length ?? -1,
    set.rcps?.length ?? -1,
    set.session !== undefined,
    set.endpoint !== undefined,
  ];
  return JSON.stringify(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

function levelKey(policies: Policy[], action: string, service: string): string {
  const ks: string[] = [];
  for (const p of policies)
    for (const cs of statementsForAction(compilePolicy(p), action, service) as CompiledStatement[]) ks.push(statementKey(p, cs.statement));
  return ks.sort().join('\n');
}

/** The actions of `actions` that `a` and `b` may decide differently (all of them when the sets differ outside their statements). */
export function changedActions(a: PolicySet, b: PolicySet, actions: readonly string[]): string[] {
  if (otherFields(a) !== otherFields(b)) return [...actions];
  const la = levels(a);
  const lb = levels(b);
  if (la.length !== lb.length) return [...actions];
  return actions.filter((action) => {
    const service = action.slice(0, action.indexOf(':')).toLowerCase();
    return la.some((level, i) => levelKey(level, action, service) !== levelKey(lb[i], action, service));
  });
}

/**
 * The Action patterns of the statements one set has and the other has not, level by level (`*`
 * for a NotAction one); undefined when the sets differ outside their statements. An action no
 * such statement admits is admitted by the same statements in both sets, so only actions these
 * patterns match can be decided differently.
 */
export function changedStatementPatterns(a: PolicySet, b: PolicySet): string[] | undefined {
  if (otherFields(a) !== otherFields(b)) return undefined;
  const la = levels(a);
  const lb = levels(b);
  if (la.length !== lb.length) return undefined;
  const out = new Set<string>();
  la.forEach((level, i) => {
    const count = new Map<string, number>();
    const keyed = (ps: Policy[]) => ps.flatMap((p) => p.statements.map((st) => ({ k: statementKey(p, st), st })));
    const left = keyed(level);
    const right = keyed(lb[i]);
    for (const { k } of right) count.set(k, (count.get(k) ?? 0) + 1);
    const extra: PolicyStatement[] = [];
    for (const { k, st } of left) {
      const n = count.get(k) ?? 0;
      if (n > 0) count.set(k, n - 1);
      else extra.push(st);
    }
    const leftCount = new Map<string, number>();
    for (const { k } of left) leftCount.set(k, (leftCount.get(k) ?? 0) + 1);
    for (const { k, st } of right) {
      const n = leftCount.get(k) ?? 0;
      if (n > 0) leftCount.set(k, n - 1);
      else extra.push(st);
    }
    for (const st of extra) {
      if (st.notAction) out.add('*');
      for (const v of st.action ?? []) out.add(v.value);
    }
  });
  return [...out];
}
