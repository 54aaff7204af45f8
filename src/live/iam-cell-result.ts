/**
 * IAM's answer for one cell (one action on one resource), read from a simulation's
 * `ResourceSpecificResults` entry for that resource (IAM API Reference, API_EvaluationResult.html and
 * ResourceSpecificResult). Plain data, so it can be cached on disk.
 */

/** IAM API Reference, API_EvaluationResult.html (EvalDecision values). */
export type IamDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** A statement IAM says decided (IAM API Reference, API_Statement.html). */
export interface IamStatementRef {
  /** `PolicyInputList.1`, `ResourcePolicy`, or the policy's name for SimulatePrincipalPolicy. */
  sourcePolicyId?: string;
  /** `user`, `group`, `role`, `aws-managed`, `user-managed`, `resource`, `none`. */
  sourcePolicyType?: string;
  start?: { line: number; column: number };
  end?: { line: number; column: number };
}

export interface IamCellResult {
  operation: 'SimulateCustomPolicy' | 'SimulatePrincipalPolicy';
  decision: IamDecision;
  matchedStatements: IamStatementRef[];
  missingContextValues: string[];
  /** OrganizationsDecisionDetail.AllowedByOrganizations of the action, when IAM reported it. */
  allowedByOrganizations?: boolean;
  /**
   * True when `allowedByOrganizations` is the action's, over several resources of one call
   * (IAM reports it per action): `true` then holds for every resource, `false` for at least one.
   */
  organizationsOfAction?: boolean;
  /** PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary, when reported. */
  allowedByPermissionsBoundary?: boolean;
  /** EvalDecisionDetails: per policy type, for cross-account simulations. */
  evalDecisionDetails?: Record<string, string>;
}
