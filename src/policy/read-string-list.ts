import type { LocatedString } from './policy-model';
import type { SourceNode } from './source-tree';
import { describeKind, type IssueList, type IssuePath } from '../diagnostics/issue-list';

/** One value of a string-or-list element, with the JSON path it was written at. */
export interface ListedString {
  str: LocatedString;
  path: IssuePath;
}

/**
 * Reads an element written as `"x"` or `["x", "y"]` (IAM User Guide, reference_policies_grammar.md,
 * conventions: "If the element takes an array but only one value is included, the brackets are
 * optional"; "Arrays can take one or more values", so an empty list is an error).
 * Reports every malformed item; returns the well-formed ones (so their contents can still be
 * checked), or undefined when the element as a whole has the wrong shape.
 */
export function readStringList(node: SourceNode, element: string, path: IssuePath, issues: IssueList, emptyIsWarning = false): ListedString[] | undefined {
  if (node.kind === 'string') return [{ str: { value: String(node.value), pos: node.pos }, path }];
  if (node.kind === 'array') {
    const items = node.items ?? [];
    if (!items.length && emptyIsWarning) {
      // IAM Access Analyzer policy checks (access-analyzer-reference-policy-checks.md) class an
      // empty Action or Resource list as a Suggestion ("Empty array action" / "Empty array
      // resource"), not an error: IAM saves the policy, and the statement matches no request.
      issues.warning('empty-list', `${element} is an empty list: this statement matches no request and has no effect`, node.pos, path);
      return [];
    }
    if (!items.length) {
      issues.error('empty-list', `${element} must not be an empty list`, node.pos, path);
      return undefined;
    }
    const out: ListedString[] = [];
    items.forEach((item, i) => {
      if (item.kind === 'string') out.push({ str: { value: String(item.value), pos: item.pos }, path: [...path, i] });
      else {
        issues.error('bad-value-type', `${element} must be a string or a list of strings; item ${i} is ${describeKind(item)}`, item.pos, [...path, i]);
      }
    });
    return out;
  }
  issues.error('bad-value-type', `${element} must be a string or a list of strings, not ${describeKind(node)}`, node.pos, path);
  return undefined;
}
