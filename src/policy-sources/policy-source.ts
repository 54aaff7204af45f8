import type { PolicySet } from '../policy/policy-set';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { Policy } from '../policy/policy-model';
import type { PolicyType } from '../policy/policy-type';

/** The kinds of file the CLI reads policies from. */
export type SourceKind = 'policy' | 'cloudformation' | 'terraform-plan';

/** One policy document found in a file, validated. */
export interface FoundPolicy {
  /** e.g. `DataRole/Policies/ReadData`, `aws_iam_policy.reader`, or the file name. */
  name: string;
  policyType: PolicyType;
  /** Set when the document is valid (warnings allowed). */
  policy?: Policy;
  /** Grammar issues of this document (positions in the file where known). */
  issues: PolicyIssue[];
}

/** A principal built from a file: a role with its inline and attached policies and boundary. */
export interface SourcePrincipal {
  name: string;
  set: PolicySet;
}

/** Everything read from one input file. */
export interface PolicySource {
  /** The file as shown in messages (for `git:` inputs, `path@rev`). */
  file: string;
  kind: SourceKind;
  policies: FoundPolicy[];
  principals: SourcePrincipal[];
  /** Problems with the file itself (syntax, unreadable, an unsupported construct). */
  issues: PolicyIssue[];
  /** Things left out or left symbolic (intrinsic functions, external managed policies, unknown values). */
  notes: PolicyIssue[];
}
