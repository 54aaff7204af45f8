import type { LocatedString, SourcePosition } from '../diagnostics/source-position';
import type { PrincipalSpec } from '../match/principal-spec';
import type { ConditionClause, PolicyVersion } from '../conditions/condition-clause';

export type { ConditionClause, LocatedString, PolicyVersion, PrincipalSpec };

/**
 * The normalised policy model every other module works on. Produced by the parser
 * (`parse-policy.ts`) with the source position of every statement and element, so an
 * explanation can point at `file:line:col`.
 */

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
