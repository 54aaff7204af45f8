import type { LocatedString, SourcePosition } from '../diagnostics/source-position';

/** IAM User Guide, reference_policies_elements_version.md: the two policy language versions. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

/**
 * One `operator: { key: values }` pair of a Condition block. JSON numbers and booleans are
 * kept as their text, as AWS compares them as strings of the operator's type.
 */
export interface ConditionClause {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** As written, e.g. `aws:PrincipalTag/team`. */
  key: string;
  values: LocatedString[];
  operatorPos?: SourcePosition;
  keyPos?: SourcePosition;
}
