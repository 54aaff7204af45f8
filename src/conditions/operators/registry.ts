import { arnOperators } from './arn';
import { binaryOperators } from './binary';
import { boolOperators } from './bool';
import { dateOperators } from './date';
import { ipOperators } from './ip';
import { nullOperators } from './null';
import { numericOperators } from './numeric';
import type { OperatorDescriptor } from './operator-descriptor';
import { stringOperators } from './string';

/**
 * Every base condition operator (without `ForAllValues:` / `ForAnyValue:` and `IfExists`), as
 * listed in IAM User Guide, reference_policies_elements_condition_operators.md, keyed by its
 * lower-cased name. The key is lower case so a miscased name can be found for a "did you mean";
 * the name itself must still match exactly (see `lookupOperator`).
 */
export const operatorRegistry: ReadonlyMap<string, OperatorDescriptor> = new Map(
  [...stringOperators, ...numericOperators, ...dateOperators, ...boolOperators, ...binaryOperators, ...ipOperators, ...arnOperators, ...nullOperators].map(
    (d): [string, OperatorDescriptor] => [d.name.toLowerCase(), d],
  ),
);

/** The descriptor for a base operator spelled exactly as AWS spells it, else `undefined`. */
export function lookupOperator(base: string): OperatorDescriptor | undefined {
  const d = operatorRegistry.get(base.toLowerCase());
  return d && d.name === base ? d : undefined;
}
