import type { SourcePosition } from './source-position';

/**
 * The normalised policy model every other module works on. Produced by the parser
 * (`parse-policy.ts`) with the source position of every statement and element, so an
 * explanation can point at `file:line:col`.
 */

/** IAM User Guide, reference_policies_elements_version.md: the two policy language versions. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type Effect = 'Allow' | 'Deny';

export type StatementElement =
  | 'Sid'
  | 'Effect'
  | 'Principal'
  | 'NotPrincipal'
  | 'Action'
  | 'NotAction'
  | 'Resource'
  | 'NotResource'
  | 'Condition';

/** A string from the policy with where it was written. */
export interface LocatedString {
  value: string;
  pos?: SourcePosition;
}

/**
 * `Principal` / `NotPrincipal` normalised. `"*"` sets `any`; `{"AWS": "*"}` lands in `AWS` as `*`.
 * (IAM User Guide, reference_policies_elements_principal.md.)
 */
export interface PrincipalSpec {
  /** `"Principal": "*"` */
  any: boolean;
  AWS: LocatedString[];
  Service: LocatedString[];
  Federated: LocatedString[];
  CanonicalUser: LocatedString[];
  pos?: SourcePosition;
}

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

export interface PolicyStatement {
  /** 0-based index in the policy's Statement list. */
  index: number;
  sid?: string;
  effect: Effect;
  action?: LocatedString[];
  notAction?: LocatedString[];
  resource?: LocatedString[];
  notResource?: LocatedString[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  /** Every clause of the Condition block, in source order (empty when there is none). */
  conditions: ConditionClause[];
  /** Position of the statement's opening brace (or YAML mapping). */
  pos?: SourcePosition;
  /** Position of each element's key. */
  elements: Partial<Record<StatementElement, SourcePosition>>;
  /** The statement's source text, as written. */
  text: string;
}

export interface Policy {
  /** Display name: the file name, a managed-policy name, or `inline policy`. */
  name: string;
  file?: string;
  /**
   * The effective language version. A policy without `Version` is evaluated as 2008-10-17
   * (IAM User Guide, reference_policies_elements_version.md), so `${...}` is literal there.
   */
  version: PolicyVersion;
  /** Whether `Version` was written. */
  versionGiven: boolean;
  id?: string;
  statements: PolicyStatement[];
  /** The whole source text. */
  text: string;
}
