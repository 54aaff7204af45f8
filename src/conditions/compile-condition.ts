/**
 * Turns a Condition clause into a ready test. All policy values are read once here; evaluation
 * only reads request values. Semantics (IAM User Guide):
 * - reference_policies_condition-logic-multiple-context-keys-or-values.md: clauses (operators and
 *   keys) are ANDed, the values of one key are ORed, and for a negated operator they are NORed.
 * - reference_policies_elements_condition_operators.md: a key missing from the request makes a
 *   condition false, or true for a negated operator; `...IfExists` makes a missing key true.
 * - reference_policies_condition-single-vs-multi-valued-context-keys.md: `ForAllValues` is true
 *   when every request value matches (also when the key is missing or empty), `ForAnyValue` when
 *   at least one does (false when the key is missing or empty).
 */

import { foldKey, type ContextValue, type RequestContext } from '../request/request-context';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import type { ConditionClause, PolicyVersion } from './condition-clause';
import type { ComparisonOperator, ParseOutcome } from './operators/operator-descriptor';
import type { ParsedOperator } from './parse-operator';
import { checkConditionClause } from './validate-condition';
/** How a clause with a missing key or an empty value list is read: by its set operator, `IfExists`, a negation, or plainly. */
export type ConditionRule = 'for-all-values' | 'for-any-value' | 'if-exists' | 'negated' | 'plain';

/**
 * How a comparison went, for {@link ConditionReason} `compared`: a request value that relates to
 * a policy value (`hit`), one that relates to none (`miss`), every request value relating to
 * one (`every`), or none (`none`).
 */
export type ComparisonVerdict = { form: 'hit'; value: string; policyValue: string } | { form: 'miss'; value: string } | { form: 'every' } | { form: 'none' };

/**
 * Why a clause matched or not, as a code with its data; src/explain/decision-wording.ts words it
 * (`describeConditionOutcome`). The operator module's own words (`relation`, `problem`) come with it.
 */
export type ConditionReason =
  | { code: 'empty-policy-values'; rule: ConditionRule }
  | { code: 'null-check'; absent: boolean; wanted: string[] }
  | { code: 'key-missing'; rule: ConditionRule }
  | { code: 'empty-request-values'; qualifier: 'ForAllValues' | 'ForAnyValue' }
  | { code: 'request-value-unreadable'; value: string; problem: string }
  | { code: 'multivalued-without-set-operator'; values: string[]; negated: boolean }
  | {
      code: 'compared';
      verdict: ComparisonVerdict;
      /** The operator's relation (`like`, `greater than`), empty for equality. */
      relation: string;
      values: string[];
      policyValues: string[];
      /** Policy values whose variable has no value in the request. */
      unresolved: { policyValue: string; variable: string }[];
    };

export interface ConditionOutcome {
  matched: boolean;
  clause: ConditionClause;
  /** Why, as a code (e.g. `compared` with a `miss` of request value "dev"); `describeConditionOutcome()` gives the line a user reads. */
  reason: ConditionReason;
  /** The key was absent from the request. */
  missingKey?: boolean;
  /** A policy variable in a value had no value in the request (e.g. `${aws:username}`). */
  unresolvedVariable?: string;
}

export interface CompiledCondition {
  readonly clause: ConditionClause;
  evaluate(ctx: RequestContext): ConditionOutcome;
  /** Same answer as `evaluate(ctx).matched`, without building the explanation (the hot path). */
  test(ctx: RequestContext): boolean;
}

/**
 * Compiles one clause. Throws PolicyValidationError (with every issue and its position) when the
 * operator is unknown or a value cannot be read by it.
 */
export function compileCondition(clause: ConditionClause, version: PolicyVersion): CompiledCondition {
  const checked = checkConditionClause(clause, version);
  const op = checked.operator;
  if (!op || checked.issues.some((i) => i.severity === 'error')) {
    throw new PolicyValidationError(checked.issues, `Condition ${clause.operator} on ${clause.key}`);
  }
  const d = op.descriptor;
  if (!clause.values.length) return compileEmpty(clause, op, d.kind !== 'existence' && d.negated);
  if (d.kind === 'existence') return compileNull(clause, checked.values as boolean[]);
  const policy = checked.values.map((parsed, i) => ({ text: clause.values[i].value, parsed }));
  const key = foldKey(clause.key);
  return { clause, evaluate: (ctx) => evaluateComparison(clause, op, d, policy, ctx), test: (ctx) => testComparison(key, op, d, policy, ctx) };
}

/**
 * Evaluates every compiled clause against one request. True when all match (AND across
 * operators and keys); every clause is evaluated, without stopping at the first miss, so an
 * explanation can list each outcome.
 */
export function evaluateConditions(conds: CompiledCondition[], ctx: RequestContext): { matched: boolean; outcomes: ConditionOutcome[] } {
  const outcomes = conds.map((c) => c.evaluate(ctx));
  return { matched: outcomes.every((o) => o.matched), outcomes };
}

/** The key's request values; none when it is absent or given as an empty list (a null value). */
function requestValues(ctx: RequestContext, key: string): string[] {
  return ctx.get(key)?.values ?? [];
}

/**
 * A clause with an empty value list (`"StringEquals": {"aws:TagKeys": []}`), which IAM accepts.
 * IAM Access Analyzer policy checks (access-analyzer-reference-policy-checks.md):
 * - "Empty array condition ForAllValues": matches only if the key is missing from the request;
 * - "Empty array condition ForAnyValue": never matches;
 * - "Empty array condition IfExists": matches only if the key is missing;
 * - "Empty array condition" (plain operators): there is no value to compare with, so a positive
 *   operator matches nothing; a negated operator is the NOR of no comparisons, true whether the
 *   key is present or not (reference_policies_condition-logic-multiple-context-keys-or-values.md:
 *   negated operators NOR the values). `Null` with no value matches nothing.
 */
function compileEmpty(clause: ConditionClause, op: ParsedOperator, negated: boolean): CompiledCondition {
  const test = (ctx: RequestContext): boolean => {
    const missing = requestValues(ctx, clause.key).length === 0;
    if (op.qualifier === 'ForAllValues') return missing;
    if (op.qualifier === 'ForAnyValue') return false;
    if (op.ifExists) return missing;
    return negated;
  };
  return {
    clause,
    test,
    evaluate(ctx) {
      const matched = test(ctx);
      const missing = requestValues(ctx, clause.key).length === 0;
      const rule: ConditionRule =
        op.qualifier === 'ForAllValues'
          ? 'for-all-values'
          : op.qualifier === 'ForAnyValue'
            ? 'for-any-value'
            : op.ifExists
              ? 'if-exists'
              : negated
                ? 'negated'
                : 'plain';
      const out: ConditionOutcome = { matched, clause, reason: { code: 'empty-policy-values', rule } };
      if (missing) out.missingKey = true;
      return out;
    },
  };
}

function compileNull(clause: ConditionClause, wants: boolean[]): CompiledCondition {
  return {
    clause,
    test: (ctx) => wants.includes(requestValues(ctx, clause.key).length === 0),
    evaluate(ctx) {
      // reference_policies_elements_condition_operators.md (Null): true = the key is absent, false = present.
      const absent = requestValues(ctx, clause.key).length === 0;
      const matched = wants.some((w) => w === absent);
      const out: ConditionOutcome = { matched, clause, reason: { code: 'null-check', absent, wanted: clause.values.map((v) => v.value) } };
      if (absent) out.missingKey = true;
      return out;
    },
  };
}

interface PolicyValue {
  text: string;
  parsed: unknown;
}

function evaluateComparison(clause: ConditionClause, op: ParsedOperator, d: ComparisonOperator, policy: PolicyValue[], ctx: RequestContext): ConditionOutcome {
  const values = requestValues(ctx, clause.key);
  const result = (matched: boolean, reason: ConditionReason, extra?: Partial<ConditionOutcome>): ConditionOutcome => ({ matched, clause, reason, ...extra });

  if (values.length === 0) {
    // reference_policies_elements_condition_operators.md (...IfExists): "If the key is not present, evaluate the condition element as true."
    if (op.ifExists) return result(true, { code: 'key-missing', rule: 'if-exists' }, { missingKey: true });
    // reference_policies_condition-single-vs-multi-valued-context-keys.md: ForAllValues "also returns true if there are no context keys in the request".
    if (op.qualifier === 'ForAllValues') return result(true, { code: 'key-missing', rule: 'for-all-values' }, { missingKey: true });
    // Same page: ForAnyValue, "For no matching context key or if the key does not exist, the condition returns false".
    if (op.qualifier === 'ForAnyValue') return result(false, { code: 'key-missing', rule: 'for-any-value' }, { missingKey: true });
    // reference_policies_elements_condition_operators.md (Important): a missing key is false, but true for a negated operator.
    if (d.negated) return result(true, { code: 'key-missing', rule: 'negated' }, { missingKey: true });
    return result(false, { code: 'key-missing', rule: 'plain' }, { missingKey: true });
  }

  if (op.qualifier && values.every((v) => v === '')) {
    // reference_policies_multi-value-conditions.md (Note): request values that resolve to an empty data set
    // (for example, an empty string) make ForAllValues true and ForAnyValue false.
    return result(op.qualifier === 'ForAllValues', { code: 'empty-request-values', qualifier: op.qualifier });
  }

  const parsedValues: unknown[] = [];
  for (const v of values) {
    const r = d.parseRequestValue(v);
    // AWS does not fail the request: a value the operator cannot read simply matches nothing.
    if (!r.ok) return result(false, { code: 'request-value-unreadable', value: v, problem: r.message });
    parsedValues.push(r.value);
  }

  if (!op.qualifier && values.length > 1) {
    // reference_policies_condition-single-vs-multi-valued-context-keys.md: "Multivalued context keys require a
    // condition set operator". The docs do not say what a bare operator does with several request values; we read
    // the values as one list that equals no single policy value, so a positive operator matches nothing (as AWS was
    // observed to do for a bare StringEquals on aws:CalledVia) and a negated one matches. A single-valued key with a
    // set operator is a one-element set (the page warns this "can lead to overly permissive policies").
    return result(d.negated, { code: 'multivalued-without-set-operator', values: [...values], negated: d.negated });
  }

  // For each request value, the first policy value it relates to (-1 for none). Every pair is tried so that
  // each unresolved policy variable is seen.
  const unresolved = new Map<number, string>();
  const firstHit = parsedValues.map((r) => {
    let hit = -1;
    policy.forEach((p, j) => {
      const m = d.matches(r, p.parsed, ctx);
      if (typeof m === 'object') unresolved.set(j, m.unresolved);
      else if (m && hit < 0) hit = j;
    });
    return hit;
  });
  // Negated operators: the request value must match none of the policy values (NOR).
  const satisfies = (i: number) => (d.negated ? firstHit[i] < 0 : firstHit[i] >= 0);

  const texts = policy.map((p) => p.text);
  const hit = (i: number): ComparisonVerdict => ({ form: 'hit', value: values[i], policyValue: texts[firstHit[i]] });
  const miss = (i: number): ComparisonVerdict => ({ form: 'miss', value: values[i] });

  let matched: boolean;
  let verdict: ComparisonVerdict;
  if (!op.qualifier) {
    matched = satisfies(0);
    verdict = firstHit[0] >= 0 ? hit(0) : miss(0);
  } else if (op.qualifier === 'ForAllValues') {
    // "The condition returns true if every context key value in the request matches a context key value in the policy";
    // negated: "None of the values of the context key in the request can match any of the context key values".
    const failing = values.findIndex((_, i) => !satisfies(i));
    matched = failing < 0;
    if (matched) verdict = d.negated ? { form: 'none' } : { form: 'every' };
    else verdict = d.negated ? hit(failing) : miss(failing);
  } else {
    // ForAnyValue: "at least one member of the set of request context key values matches"; negated: "At least one
    // context key value in the request must NOT match any of values in the context key in your policy".
    const passing = values.findIndex((_, i) => satisfies(i));
    matched = passing >= 0;
    if (matched) verdict = d.negated ? miss(passing) : hit(passing);
    else verdict = d.negated ? { form: 'every' } : { form: 'none' };
  }

  const out = result(matched, {
    code: 'compared',
    verdict,
    relation: d.relation,
    values: [...values],
    policyValues: texts,
    unresolved: [...unresolved].map(([j, variable]) => ({ policyValue: texts[j], variable })),
  });
  // reference_policies_variables.md (Policy variables with no value): the value is effectively null, so
  // StringEquals/StringLike find no equal or like value and the negated forms match.
  const firstUnresolved = unresolved.values().next();
  if (!firstUnresolved.done) out.unresolvedVariable = firstUnresolved.value;
  return out;
}

/**
 * The decision of {@link evaluateComparison} alone, with the same rules in the same order, but
 * no explanation text: evaluation calls this for every candidate statement, and only the
 * deciding statements get their reasons built.
 */
function testComparison(key: string, op: ParsedOperator, d: ComparisonOperator, policy: PolicyValue[], ctx: RequestContext): boolean {
  // The clause's key in lower case: context keys are case-insensitive (request-context.ts).
  const cv = ctx.getFolded(key);
  const values = cv?.values ?? [];
  if (values.length === 0) {
    if (op.ifExists || op.qualifier === 'ForAllValues') return true;
    if (op.qualifier === 'ForAnyValue') return false;
    return d.negated;
  }
  if (op.qualifier) {
    let allEmpty = true;
    for (const v of values) if (v !== '') allEmpty = false;
    if (allEmpty) return op.qualifier === 'ForAllValues';
  }
  const read = readValues(cv!, d);
  if (!op.qualifier && values.length > 1) {
    for (const r of read) if (!r.ok) return false;
    return d.negated;
  }
  if (!op.qualifier) return satisfies(read[0], d, policy, ctx) === true;
  // Any unreadable request value makes the whole condition false (as evaluateComparison does).
  let every = true;
  let some = false;
  for (const r of read) {
    const s = satisfies(r, d, policy, ctx);
    if (s === undefined) return false;
    if (s) some = true;
    else every = false;
  }
  return op.qualifier === 'ForAllValues' ? every : some;
}

/** Whether one read request value satisfies the operator against the policy values; undefined when unreadable. */
function satisfies(r: ParseOutcome<unknown>, d: ComparisonOperator, policy: PolicyValue[], ctx: RequestContext): boolean | undefined {
  if (!r.ok) return undefined;
  let hit = false;
  for (let i = 0; i < policy.length; i++)
    if (d.matches(r.value, policy[i].parsed, ctx) === true) {
      hit = true;
      break;
    }
  return d.negated ? !hit : hit;
}

/**
 * The request values as the operator reads them, read once per value and operator family (every
 * operator of a family reads request values alike: IP addresses, dates, numbers, booleans).
 */
function readValues(cv: ContextValue, d: ComparisonOperator): readonly ParseOutcome<unknown>[] {
  if (cv.readFamily === d.family) return cv.readFirst as ParseOutcome<unknown>[];
  let read = cv.readBy?.get(d.family) as ParseOutcome<unknown>[] | undefined;
  if (!read) {
    const values = cv.values;
    read = values.length === 1 ? [d.parseRequestValue(values[0])] : values.map((v) => d.parseRequestValue(v));
    if (cv.readFamily === undefined) {
      cv.readFamily = d.family;
      cv.readFirst = read;
    } else (cv.readBy ??= new Map()).set(d.family, read);
  }
  return read;
}
