import { parseOperator } from '../conditions/parse-operator';
import type { ConditionClause } from '../conditions/condition-clause';
import type { ComparisonOperator, OperatorFamily } from '../conditions/operators/operator-descriptor';
import type { Policy, PolicyStatement } from '../policy/policy-model';
import type { RequestContext } from '../request/request-context';

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

/** Every (key, value, operator family) of `ctx` that a condition in `policies` cannot read, once each. */
export function unreadableRequestValues(policies: Iterable<Policy>, ctx: RequestContext): UnreadableRequestValue[] {
  const out: UnreadableRequestValue[] = [];
  const seen = new Set<string>();
  for (const policy of policies) {
    for (const statement of policy.statements) {
      for (const clause of statement.conditions) {
        const values = ctx.get(clause.key)?.values;
        if (!values?.length) continue;
        const op = parseOperator(clause.operator);
        if (!op.ok || op.operator.descriptor.kind !== 'comparison') continue;
        const d = op.operator.descriptor;
        for (const value of values) {
          // An empty value in a set is the empty data set (reference_policies_multi-value-conditions.md).
          if (value === '' && op.operator.qualifier) continue;
          if (readable(d, value)) continue;
          const key = `${clause.key.toLowerCase()}\0${value}\0${d.family}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({
            code: 'request-value-unreadable',
            key: clause.key,
            value,
            operator: clause.operator,
            family: d.family,
            expects: d.expects,
            policy,
            statement,
            clause,
          });
        }
      }
    }
  }
  return out;
}
