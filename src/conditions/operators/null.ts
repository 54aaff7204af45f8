import { parsed, rejected, type ExistenceOperator } from './operator-descriptor';

/**
 * `Null`. IAM User Guide, reference_policies_elements_condition_operators.md (Condition operator
 * to check existence of condition keys): "use either true (the key doesn't exist — it is null) or
 * false (the key exists and its value is not null)"; no policy variables; and `IfExists` may be
 * added to "any condition operator name except the Null condition" (checked in parse-operator.ts).
 */
export const Null: ExistenceOperator = {
  kind: 'existence',
  name: 'Null',
  family: 'Null',
  negated: false,
  variables: false,
  wildcards: false,
  parsePolicyValue(raw) {
    const v = raw.toLowerCase();
    return v === 'true' ? parsed(true) : v === 'false' ? parsed(false) : rejected('is not true or false (true: the key is absent, false: it is present)');
  },
};

/** The existence operator, for the registry. */
export const nullOperators = [Null];
