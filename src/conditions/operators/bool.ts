/**
 * `Bool`. IAM User Guide, reference_policies_elements_condition_operators.md (Boolean condition
 * operators): compares a key to "true" or "false". JSON `true` reaches us as the text `true`; the
 * words are read case-insensitively.
 *
 * Policy variables are not read here: reference_policies_variables.md (Condition element) says
 * "You can't use a policy variable with other operators, such as Numeric, Date, Boolean ...",
 * although the operators page marks Boolean "Supported". We follow the variables page.
 */

import { parsed, rejected, type ComparisonOperator, type ParseOutcome } from './operator-descriptor';

function readBool(raw: string): ParseOutcome<boolean> {
  const v = raw.toLowerCase();
  return v === 'true' ? parsed(true) : v === 'false' ? parsed(false) : rejected('is not true or false');
}

export const Bool: ComparisonOperator<boolean, boolean> = {
  kind: 'comparison',
  name: 'Bool',
  family: 'Boolean',
  negated: false,
  variables: false,
  wildcards: false,
  relation: '',
  expects: 'true or false',
  parsePolicyValue: (raw) => readBool(raw),
  parseRequestValue: (raw) => readBool(raw),
  matches: (request, policy) => request === policy,
};

/** Every boolean operator, for the registry. */
export const boolOperators = [Bool];
