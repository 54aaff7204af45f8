import { parseOperator } from '../conditions/parse-operator';
import type { ConditionClause } from '../conditions/condition-clause';
import type { ComparisonOperator, OperatorFamily } from '../conditions/operators/operator-descriptor';
import type { Policy, PolicyStatement } from '../policy/policy-model';
import { foldKey, type RequestContext } from '../request/request-context';

/**
 * Request values a condition operator cannot read. AWS reads a context value it cannot
 * interpret as matching nothing (reference_policies_elements_condition_operators.md), but AWS
 * fills `aws:CurrentTime` or `aws:SourceIp` itself; in a test the value comes from the test
 * writer, and "yesterday" against `DateGreaterThan` in a Deny would quietly argue the Deny away.
 * So evaluation flags each such value with a reason code; the front ends word it and fail the
 * test at its line. No English here.
 */
export interface UnreadableRequestValue {
  code: 'request-value-unreadable';
  key: string;
  value: string;
  operator: string;
  family: OperatorFamily;
  /** What the operator reads, in the operator module's words (`a date`, `a number`). */
  expects: string;
  /** The policy and statement whose condition reads the key. */
  policy: Policy;
  statement: PolicyStatement;
  clause: ConditionClause;
}

/**
 * Whether the operator reads `value`: a pure function of the two, asked of every decision with a
 * context (a matrix gives the same `aws:SourceIp` to thousands of cells), so answered once each.
 */
const readability = new WeakMap<ComparisonOperator, Map<string, boolean>>();

function readable(d: ComparisonOperator, value: string): boolean {
  let memo = readability.get(d);
  if (!memo) readability.set(d, (memo = new Map()));
  let ok = memo.get(value);
  if (ok === undefined) {
    if (memo.size >= 10000) memo.clear();
    memo.set(value, (ok = d.parseRequestValue(value).ok));
  }
  return ok;
}

/** A condition clause of a policy that compares request values, read once per policy. */
interface ComparingClause {
  /** The clause's key in lower case (request-context.ts folds keys alike). */
  key: string;
  d: ComparisonOperator;
  qualified: boolean;
  statement: PolicyStatement;
  clause: ConditionClause;
}

const clausesOf = new WeakMap<Policy, ComparingClause[]>();

/** The comparing clauses of a policy, in statement order: every decision with a context asks for them. */
function comparingClauses(policy: Policy): ComparingClause[] {
  let list = clausesOf.get(policy);
  if (!list) {
    list = [];
    for (const statement of policy.statements)
      for (const clause of statement.conditions) {
        const op = parseOperator(clause.operator);
        if (!op.ok || op.operator.descriptor.kind !== 'comparison') continue;
        list.push({ key: foldKey(clause.key), d: op.operator.descriptor, qualified: !!op.operator.qualifier, statement, clause });
      }
    clausesOf.set(policy, list);
  }
  return list;
}

/** Every (key, value, operator family) of `ctx` that a condition in `policies` cannot read, once each. */
export function unreadableRequestValues(policies: Iterable<Policy>, ctx: RequestContext): UnreadableRequestValue[] {
  const out: UnreadableRequestValue[] = [];
  let seen: Set<string> | undefined;
  for (const policy of policies) {
    for (const c of comparingClauses(policy)) {
      const values = ctx.getFolded(c.key)?.values;
      if (!values?.length) continue;
      for (const value of values) {
        // An empty value in a set is the empty data set (reference_policies_multi-value-conditions.md).
        if (value === '' && c.qualified) continue;
        if (readable(c.d, value)) continue;
        const key = `${c.key}\0${value}\0${c.d.family}`;
        if ((seen ??= new Set()).has(key)) continue;
        seen.add(key);
        out.push({
          code: 'request-value-unreadable',
          key: c.clause.key,
          value,
          operator: c.clause.operator,
          family: c.d.family,
          expects: c.d.expects,
          policy,
          statement: c.statement,
          clause: c.clause,
        });
      }
    }
  }
  return out;
}
