import { compileCondition, type ConditionOutcome } from '../../../src/conditions/compile-condition';
import { RequestContext, type ContextInput } from '../../../src/request/request-context';
import type { ConditionClause, PolicyVersion } from '../../../src/policy/policy-model';

/** A clause as the parser would hand it over (values without positions). */
export function clause(operator: string, key: string, values: string | string[]): ConditionClause {
  const list = Array.isArray(values) ? values : [values];
  return { operator, key, values: list.map((value) => ({ value })) };
}

/** Compiles `operator: { key: values }` and evaluates it against `context`. */
export function evaluate(
  operator: string,
  key: string,
  values: string | string[],
  context: ContextInput,
  version: PolicyVersion = '2012-10-17',
): ConditionOutcome {
  return compileCondition(clause(operator, key, values), version).evaluate(RequestContext.from(context));
}

/** Only the verdict. */
export function matches(operator: string, key: string, values: string | string[], context: ContextInput, version?: PolicyVersion): boolean {
  return evaluate(operator, key, values, context, version).matched;
}
