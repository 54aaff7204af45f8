/**
 * What a scenario file states, once read, validated and var-substituted: each principal with
 * its built policy set and its expectations, every one with the place it was written.
 */

import type { ValidationConfig } from '../catalog/validation-config';
import type { AccessRequest } from '../request/access-request';
import type { PolicySet } from '../policy/policy-set';
import type { ContextInput } from '../request/request-context';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourcePosition } from '../diagnostics/source-position';

/**
 * The outcome a cell expects. `deny` accepts either kind of deny; the other two name one
 * (IAM User Guide, reference_policies_evaluation-logic.md: an explicit deny is a Deny
 * statement that applies; an implicit deny is the default when nothing allows).
 */
export type Expectation = 'allow' | 'deny' | 'explicitDeny' | 'implicitDeny';

/** The expectation lists of a principal, in the order tests are named after them. */
export const EXPECTATION_LISTS: readonly Expectation[] = ['allow', 'deny', 'explicitDeny', 'implicitDeny'];

/** One entry of an expectation list, or one table cell: actions x resources with one outcome. */
export interface ExpectationEntry {
  expectation: Expectation;
  actions: string[];
  resources: string[];
  /** Condition keys given by the entry or table itself (not the principal's defaults). */
  context?: ContextInput;
  /** Account owning the resources (entry, table or principal). */
  resourceAccount?: string;
  /** Where the entry (or table cell) is written. */
  pos: SourcePosition;
  /** Which entry, for messages: `principals.x.allow[0]` or `principals.x.table row A, column c`. */
  source: string;
}

/** What a `never` entry does when the proof can decide neither way (UNKNOWN). */
export type IfUnknown = 'fail' | 'warn';

/**
 * One entry of a principal's `never` list: action and resource patterns the principal must
 * never reach, by any request (any other condition key, any value), proved rather than sampled.
 */
export interface NeverEntry {
  /** Action patterns (`service:Action`, `*` and `?` allowed). */
  actions: string[];
  /** Resource patterns: `*` or ARN patterns with `*` and `?`. */
  resources: string[];
  /** Condition keys every request has (the principal's defaults and the entry's own). */
  context?: ContextInput;
  resourceAccount?: string;
  /** `fail` (default): an undecided proof fails the test with the reason; `warn`: it passes with a warning. */
  ifUnknown: IfUnknown;
  pos: SourcePosition;
  /** `principals.x.never[0]`. */
  source: string;
}

/** One proof of a scenario: one action pattern x one resource pattern of a `never` entry; one Jest test. */
export interface NeverCell {
  principal: string;
  /** The request principal, when the scenario names one (else: every principal, keys free). */
  principalArn?: string;
  actionPattern: string;
  resourcePattern: string;
  policySet: PolicySet;
  context?: ContextInput;
  resourceAccount?: string;
  ifUnknown: IfUnknown;
  pos: SourcePosition;
  source: string;
  /** `never <action pattern> on <resource pattern>[ with k=v,...]`. */
  testName: string;
}

/** One principal of a scenario. */
export interface ScenarioPrincipal {
  name: string;
  /** The request principal (`arn` in the file). */
  arn?: string;
  /** Built once per principal; principals naming the same `policySets` entry share it. */
  policySet: PolicySet;
  /** Default condition keys of every request. */
  context?: ContextInput;
  /** Expectations in source order. */
  expectations: ExpectationEntry[];
  /** The `never` list, in source order. */
  never: NeverEntry[];
  /** Position of the principal's key. */
  pos: SourcePosition;
  /** `live`: the policies are loaded from the AWS account when the suite starts. */
  source?: 'live';
}

/** A loaded scenario file. */
export interface Scenario {
  name: string;
  /** Absolute path of the scenario file. */
  file: string;
  /** The path as messages show it (relative to the working directory when inside it). */
  displayFile: string;
  principals: ScenarioPrincipal[];
  /** Policy sets with `source: live` and a `bucket`: their bucket policy and Block Public Access settings are read from the account when the suite starts. */
  liveBuckets?: { bucket: string; account: string; set: PolicySet }[];
  /** Problems that do not stop the scenario, e.g. an inline policy without `Version`. */
  warnings: PolicyIssue[];
  /** The file's top-level `crossCheck:` value. */
  crossCheck?: boolean;
  /** The file's `validation` levels, if it sets any. */
  validation?: Partial<ValidationConfig>;
}

/** One matrix cell: one request with one expected outcome; one Jest test. */
export interface ScenarioCell {
  principal: string;
  expectation: Expectation;
  request: AccessRequest;
  policySet: PolicySet;
  /** Where the expectation entry or table cell is written. */
  pos: SourcePosition;
  /** Which entry, for messages (see {@link ExpectationEntry.source}). */
  source: string;
  /** `<expectation> <action> on <resource>[ with k=v,...]`, unique within the principal. */
  testName: string;
}
