/**
 * The normalised policy model every other module works on. Produced by the parser
 * (`parse-policy.ts`) with the source position of every statement and element, so an
 * explanation can point at `file:line:col`.
 */

import type { LocatedString, SourcePosition } from '../diagnostics/source-position';
import type { PrincipalSpec } from '../match/principal-spec';
import type { ConditionClause, PolicyVersion } from '../conditions/condition-clause';

export type { ConditionClause, LocatedString, PolicyVersion, PrincipalSpec };

/** A statement's `Effect` (reference_policies_elements_effect.md). */
export type Effect = 'Allow' | 'Deny';

/** The elements a statement may have (reference_policies_grammar.md). */
export type StatementElement = 'Sid' | 'Effect' | 'Principal' | 'NotPrincipal' | 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Condition';

/**
 * One statement of a policy, as parsed: each element with the position it was written at. A
 * statement has `action` or `notAction`, and (except in trust policies) `resource` or
 * `notResource`; the parser rejects a statement with both or neither
 * (reference_policies_grammar.md).
 */
export interface PolicyStatement {
  /** 0-based index in the policy's Statement list. */
  index: number;
  /** The `Sid`, when written (reference_policies_elements_sid.md). */
  sid?: string;
  /** `Allow` or `Deny`. */
  effect: Effect;
  /** The `Action` patterns (`service:Action`, `*` and `?` wildcards). */
  action?: LocatedString[];
  /** The `NotAction` patterns: the statement applies to every other action. */
  notAction?: LocatedString[];
  /** The `Resource` ARN patterns (policy variables allowed in version 2012-10-17). */
  resource?: LocatedString[];
  /** The `NotResource` ARN patterns: the statement applies to every other resource. */
  notResource?: LocatedString[];
  /** The `Principal` element (resource-based and trust policies). */
  principal?: PrincipalSpec;
  /** The `NotPrincipal` element: everyone except these. */
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

/**
 * A parsed, validated IAM policy document: what `toPolicy()`, `policySet()` and the matchers
 * work on. Build one with `toPolicy(input)` (a file path, JSON/YAML text or a document object);
 * it is parsed once and cached, and every statement keeps its source position so explanations
 * point at `file:line:col`.
 */
export interface Policy {
  /** Display name: the file name, a managed-policy name, or `inline policy`. */
  name: string;
  /** The file it was read from, when it was read from one. */
  file?: string;
  /**
   * The effective language version. A policy without `Version` is evaluated as 2008-10-17
   * (IAM User Guide, reference_policies_elements_version.md), so `${...}` is literal there.
   */
  version: PolicyVersion;
  /** Whether `Version` was written. */
  versionGiven: boolean;
  /** The policy's `Id` element, when written (reference_policies_elements_id.md). */
  id?: string;
  /** The statements, in source order (a single `Statement` object becomes a list of one). */
  statements: PolicyStatement[];
  /** The whole source text. */
  text: string;
}
