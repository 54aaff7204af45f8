/**
 * Finding a request context under which some statements' Condition blocks hold and others'
 * do not, by trying candidate values drawn from the policy's own condition values and checking
 * each with the evaluator's compiled conditions (so no operator semantics is re-implemented
 * here). IAM User Guide, reference_policies_condition-logic-multiple-context-keys-or-values.md:
 * the clauses of one Condition block are ANDed, so a statement applies when every clause holds,
 * and a Deny stops applying as soon as one of its clauses fails.
 */

import { compileCondition, type CompiledCondition } from '../conditions/compile-condition';
import { parseOperator } from '../conditions/parse-operator';
import type { StatementTrace } from '../engine/decision';
import { RequestContext, type ContextInputValue } from '../request/request-context';
import type { ConditionClause, PolicyVersion } from '../policy/policy-model';

/** A value tried for a key: absent, one value, or a list (for a multivalued key). */
type Candidate = { absent: true } | { absent?: false; value: ContextInputValue };

interface KeyedClause {
  clause: ConditionClause;
  compiled: CompiledCondition;
}

const OTHER = 'jest-iam-other';

/** `*` and `?` filled so the value reads as a match of the pattern. */
function fillWildcards(v: string): string {
  return v.replace(/\*/g, 'x').replace(/\?/g, 'x');
}

function addDays(text: string, days: number): string | undefined {
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Values a clause's own policy values suggest for its key, by operator family. */
function valuesFor(clause: ConditionClause): string[] {
  const parsed = parseOperator(clause.operator);
  const family = parsed.ok ? parsed.operator.descriptor.family : 'String';
  const own = clause.values.map((v) => v.value);
  switch (family) {
    case 'Numeric':
      return own.flatMap((v) => (Number.isFinite(Number(v)) ? [v, String(Number(v) + 1), String(Number(v) - 1)] : [v]));
    case 'Date':
      return own.flatMap((v) => [v, addDays(v, 1), addDays(v, -1)].filter((x): x is string => x !== undefined));
    case 'Boolean':
      return ['true', 'false'];
    case 'IpAddress':
      // The network address of each range, then documentation addresses (RFC 5737 / RFC 3849).
      return [...own.map((v) => v.split('/')[0]), '192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1'];
    case 'Binary':
      return [...own, 'amVzdC1pYW0='];
    case 'Arn':
      return [...own.map(fillWildcards), `arn:aws:iam::111122223333:role/${OTHER}`];
    case 'Null':
      return ['present'];
    default:
      return [...own.map(fillWildcards), OTHER];
  }
}

/** Every candidate for a key, from all clauses on it: absent first, then single values, then lists. */
function candidatesFor(clauses: ConditionClause[]): Candidate[] {
  const values = [...new Set(clauses.flatMap(valuesFor))];
  const multi = clauses.some((c) => c.operator.startsWith('ForAllValues:') || c.operator.startsWith('ForAnyValue:'));
  const out: Candidate[] = [{ absent: true }, ...values.map((v) => ({ value: v }))];
  if (multi) out.push(...values.map((v) => ({ value: [v] })));
  return out;
}

function holds(k: KeyedClause, ctx: RequestContext): boolean {
  return k.compiled.evaluate(ctx).matched;
}

/** The statements' clauses, compiled with their policy's version, grouped by lower-case key. */
function byKey(traces: StatementTrace[]): Map<string, KeyedClause[]> {
  const out = new Map<string, KeyedClause[]>();
  for (const t of traces)
    for (const clause of t.statement.conditions) {
      const compiled = compileCondition(clause, t.policy.version as PolicyVersion);
      const k = clause.key.toLowerCase();
      const list = out.get(k);
      if (list) list.push({ clause, compiled });
      else out.set(k, [{ clause, compiled }]);
    }
  return out;
}

/** A context found, and the keys it sets or leaves out on purpose. */
export interface ConditionWitness {
  /** The keys to add to the request (a key mapped to `null` must be absent). */
  context: Record<string, ContextInputValue | null>;
}

/**
 * A request context, on top of `base`, under which every clause of the `satisfy` statements holds
 * and, as far as possible, at least one clause of each `avoid` statement fails. `null` when no
 * candidate value makes some key's `satisfy` clauses hold together.
 *
 * Keys are chosen one at a time (a clause tests one key; policy variables in values are read
 * from the context built so far). For each key the first candidate that satisfies its clauses
 * and fails the most `avoid` clauses wins.
 */
export function findConditionWitness(satisfy: StatementTrace[], avoid: StatementTrace[], base: RequestContext): ConditionWitness | null {
  const need = byKey(satisfy);
  const dodge = byKey(avoid);
  const keys = [...new Set([...need.keys(), ...dodge.keys()])].sort();
  const chosen: Record<string, ContextInputValue | null> = {};
  const ctx = RequestContext.from(Object.fromEntries(base.all().map((c) => [c.key, c.multi ? c.values : c.values[0]])));
  for (const key of keys) {
    const required = need.get(key) ?? [];
    const avoidable = dodge.get(key) ?? [];
    // A key the caller set is kept as given: the witness explains what else would be needed.
    if (base.has(key)) {
      if (!required.every((k) => holds(k, ctx))) return null;
      continue;
    }
    const spelled = (required[0] ?? avoidable[0]).clause.key;
    let best: { c: Candidate; score: number } | undefined;
    for (const c of candidatesFor([...required, ...avoidable].map((k) => k.clause))) {
      const trial = RequestContext.from(Object.fromEntries(ctx.all().map((e) => [e.key, e.multi ? e.values : e.values[0]])));
      if (!c.absent) trial.set(spelled, c.value);
      if (!required.every((k) => holds(k, trial))) continue;
      const score = avoidable.filter((k) => !holds(k, trial)).length;
      if (!best || score > best.score) best = { c, score };
      if (score === avoidable.length) break;
    }
    if (!best) return null;
    if (best.c.absent) {
      if (required.length || avoidable.length) chosen[spelled] = null;
    } else {
      ctx.set(spelled, best.c.value);
      chosen[spelled] = best.c.value;
    }
  }
  return { context: chosen };
}

/** `aws:MultiFactorAuthPresent=true, aws:SourceIp absent` */
export function formatWitness(w: ConditionWitness): string {
  const parts = Object.entries(w.context).map(([k, v]) => (v === null ? `${k} absent` : `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`));
  return parts.join(', ') || 'no condition keys';
}
