/**
 * Reads a condition operator as written in a policy: an optional set qualifier
 * (`ForAllValues:` / `ForAnyValue:`, IAM User Guide,
 * reference_policies_condition-single-vs-multi-valued-context-keys.md), a base operator, and an
 * optional `IfExists` suffix (reference_policies_elements_condition_operators.md, ...IfExists).
 *
 * Operator names are case-sensitive: the policy grammar (reference_policies_grammar.md) lists
 * `condition_type_string` values with fixed spellings, and IAM rejects a miscased one with
 * `MalformedPolicyDocument: Invalid Condition type : stringEquals`. A miscased operator is
 * therefore an unknown operator, reported with the right spelling as the suggestion.
 */

import type { OperatorDescriptor } from './operators/operator-descriptor';
import { lookupOperator, operatorRegistry } from './operators/registry';
import { quote } from '../diagnostics/issue-list';
import { nearestName } from '../diagnostics/nearest-name';

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  /** The operator as written. */
  readonly text: string;
  readonly qualifier?: SetQualifier;
  readonly ifExists: boolean;
  readonly descriptor: OperatorDescriptor;
}

export type OperatorParse =
  | { ok: true; operator: ParsedOperator; warning?: string }
  | { ok: false; code: 'unknown-condition-operator' | 'null-ifexists'; message: string; suggestion?: string };

const QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];
const IF_EXISTS = 'IfExists';

/** Splits and checks an operator name. Never throws. */
export function parseOperator(text: string): OperatorParse {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const q = text.slice(0, colon);
    if (!(QUALIFIERS as readonly string[]).includes(q)) return unknown(text);
    qualifier = q as SetQualifier;
    rest = text.slice(colon + 1);
  }
  let descriptor = lookupOperator(rest);
  let ifExists = false;
  if (!descriptor && rest.endsWith(IF_EXISTS)) {
    descriptor = lookupOperator(rest.slice(0, -IF_EXISTS.length));
    ifExists = descriptor !== undefined;
  }
  if (!descriptor) return unknown(text);
  if (ifExists && descriptor.kind === 'existence') {
    // reference_policies_elements_condition_operators.md: IfExists goes on "any condition operator name except the Null condition".
    return {
      ok: false,
      code: 'null-ifexists',
      message: `${quote(text, 200)} is not a condition operator: IfExists cannot be added to Null, which already tests whether the key exists`,
      suggestion: qualifier ? `${qualifier}:Null` : 'Null',
    };
  }
  const operator: ParsedOperator = qualifier ? { text, qualifier, ifExists, descriptor } : { text, ifExists, descriptor };
  if (qualifier && descriptor.kind === 'existence') {
    // The docs define set qualifiers for comparisons of request values; Null looks at no value.
    return { ok: true, operator, warning: `${qualifier} has no effect on Null, which only tests whether the key is in the request` };
  }
  return { ok: true, operator };
}

function unknown(text: string): OperatorParse {
  const suggestion = nearestOperator(text);
  const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
  const cased = suggestion && suggestion.toLowerCase() === text.toLowerCase() ? ' (operator names are case-sensitive)' : '';
  return { ok: false, code: 'unknown-condition-operator', message: `unknown condition operator ${quote(text, 200)}${hint}${cased}`, suggestion };
}

let spellings: string[] | undefined;

/** Every valid spelling: base, base+IfExists, and both set qualifiers (Null takes neither suffix nor qualifier here). */
function allSpellings(): string[] {
  if (spellings) return spellings;
  const out: string[] = [];
  for (const d of operatorRegistry.values()) {
    if (d.kind === 'existence') {
      out.push(d.name);
      continue;
    }
    for (const prefix of ['', 'ForAllValues:', 'ForAnyValue:']) out.push(`${prefix}${d.name}`, `${prefix}${d.name}${IF_EXISTS}`);
  }
  return (spellings = out);
}

/**
 * The real operator nearest to `text`: the same letters in another case first, else the one
 * with the fewest edits, within the budget every "did you mean" of jest-iam uses (a name many
 * edits away from every operator, such as `constructor`, gets no suggestion).
 */
export function nearestOperator(text: string): string | undefined {
  return nearestName(text, allSpellings());
}
