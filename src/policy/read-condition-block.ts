import type { ConditionClause, LocatedString, PolicyVersion } from './policy-model';
import type { SourceNode } from './source-tree';
import { describeKind, quote, type IssueList, type IssuePath } from '../diagnostics/issue-list';
import { validateConditionClause } from '../conditions/validate-condition';

const VALUE_TYPES_MESSAGE = 'condition values must be strings, numbers, booleans or a list of them';

/**
 * Reads a Condition block into clauses. IAM User Guide, reference_policies_grammar.md:
 * `"Condition" : { <condition_type_string> : { <condition_key_string> : <condition_value_list> }, ... }`
 * with `<condition_value> = ("string" | "number" | "Boolean")`. Operator names and value
 * contents are checked by `validateConditionClause` (src/conditions).
 */
export function readConditionBlock(node: SourceNode, path: IssuePath, issues: IssueList, version: PolicyVersion): ConditionClause[] {
  if (node.kind !== 'object') {
    issues.error(
      'bad-value-type',
      `Condition must be an object of condition operators such as {"StringEquals": {"aws:PrincipalTag/team": "blue"}}, not ${describeKind(node)}`,
      node.pos,
      path,
    );
    return [];
  }
  const clauses: ConditionClause[] = [];
  const operators = node.entries ?? [];
  if (!operators.length) issues.warning('empty-condition', 'the Condition block is empty; it has no effect', node.pos, path);
  for (const op of operators) {
    const opPath = [...path, op.key];
    if (op.value.kind !== 'object') {
      issues.error(
        'bad-value-type',
        `the value of condition operator ${quote(op.key)} must be an object of condition keys and values, not ${describeKind(op.value)}`,
        op.value.pos,
        opPath,
      );
      continue;
    }
    const keys = op.value.entries ?? [];
    if (!keys.length) issues.warning('empty-condition', `condition operator ${quote(op.key)} names no condition key; it has no effect`, op.value.pos, opPath);
    for (const k of keys) {
      const keyPath = [...opPath, k.key];
      if (k.key.trim() === '') {
        // reference_policies_elements_condition.md: a condition compares a named context key; "" names none.
        issues.error(
          'empty-condition-key',
          `condition operator ${quote(op.key)} has an empty condition key: name a context key such as "aws:PrincipalTag/team"`,
          k.keyPos,
          keyPath,
        );
        continue;
      }
      const values = readConditionValues(k.value, keyPath, issues);
      if (!values) continue;
      const clause: ConditionClause = { operator: op.key, key: k.key, values, operatorPos: op.keyPos, keyPos: k.keyPos };
      // The condition validator's paths start at "Condition"; anchor them at this statement.
      const statementPath = path.slice(0, -1);
      for (const issue of validateConditionClause(clause, version)) {
        issues.push({ ...issue, pos: issue.pos ?? k.keyPos, path: issue.path ? [...statementPath, ...issue.path] : keyPath });
      }
      clauses.push(clause);
    }
  }
  return clauses;
}

/** A condition value or list of values as LocatedStrings; numbers and booleans as their text. */
function readConditionValues(node: SourceNode, path: IssuePath, issues: IssueList): LocatedString[] | undefined {
  const scalar = (n: SourceNode): LocatedString | undefined => {
    if (n.kind === 'string') return { value: String(n.value), pos: n.pos };
    if (n.kind === 'number' || n.kind === 'boolean') return { value: n.text ?? String(n.value), pos: n.pos };
    return undefined;
  };
  const one = scalar(node);
  if (one) return [one];
  if (node.kind !== 'array') {
    issues.error('bad-condition-value', `${VALUE_TYPES_MESSAGE}; found ${describeKind(node)}`, node.pos, path);
    return undefined;
  }
  const items = node.items ?? [];
  if (!items.length) {
    // IAM Access Analyzer policy checks (access-analyzer-reference-policy-checks.md): an empty
    // condition value list is a Suggestion ("Empty array condition", "... ForAllValues",
    // "... ForAnyValue", "... IfExists"); IAM accepts it. Its meaning is in compile-condition.ts.
    issues.warning(
      'empty-condition-values',
      `the condition value list of ${quote(String(path[path.length - 1]))} is empty: the clause compares the key with no value (see the README, "Empty condition value lists")`,
      node.pos,
      path,
    );
    return [];
  }
  const out: LocatedString[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const v = scalar(item);
    if (v) out.push(v);
    else {
      ok = false;
      issues.error('bad-condition-value', `${VALUE_TYPES_MESSAGE}; item ${i} is ${describeKind(item)}`, item.pos, [...path, i]);
    }
  });
  return ok ? out : undefined;
}
