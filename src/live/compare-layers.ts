/**
 * Compares the layers of a decision that IAM reports next to its final answer (IAM API
 * Reference, API_EvaluationResult.html): OrganizationsDecisionDetail (did the SCPs allow it),
 * PermissionsBoundaryDecisionDetail (did the permissions boundary allow it) and
 * EvalDecisionDetails (per policy type, for cross-account simulations). Two implicit denies for
 * different reasons (say, "the boundary allows, no identity policy does" against "an identity
 * policy allows, the boundary does not") are a divergence too.
 */

import type { Decision, StatementTrace } from '../engine/decision';
import type { PolicyRole } from '../policy/policy-set';
import type { IamCellResult, IamDecision } from './iam-cell-result';

/** Which layers IAM was given, so a detail about one it was not given is not compared. */
export interface SentLayers {
  scps: boolean;
  boundary: boolean;
}

const applying = (trace: StatementTrace[], role: PolicyRole) => trace.filter((t) => t.role === role && t.applies);

/** A layer's own verdict (IAM User Guide, reference_policies_evaluation-logic.md): a Deny applies, an Allow applies, or neither. */
function verdictOf(trace: StatementTrace[], role: PolicyRole): IamDecision {
  const a = applying(trace, role);
  if (a.some((t) => t.statement.effect === 'Deny')) return 'explicitDeny';
  return a.some((t) => t.statement.effect === 'Allow') ? 'allowed' : 'implicitDeny';
}

/**
 * SCPs allow a request when none of them denies it and every level from the root to the account
 * has an SCP that allows it (AWS Organizations User Guide, orgs_manage_policies_scps_evaluation.md).
 */
function scpsAllow(trace: StatementTrace[]): boolean | undefined {
  const scp = trace.filter((t) => t.role === 'scp');
  if (!scp.length) return undefined;
  if (scp.some((t) => t.applies && t.statement.effect === 'Deny')) return false;
  const levels = new Map<string, boolean>();
  for (const t of scp) levels.set(t.level ?? '', (levels.get(t.level ?? '') ?? false) || (t.applies && t.statement.effect === 'Allow'));
  return [...levels.values()].every(Boolean);
}

/**
 * The role an EvalDecisionDetails key names, if jest-iam knows it. The API reference types the
 * map as policy type -> decision and names no key; IAM's answers name policy types "IAM Policy"
 * and "Resource Policy" (SourcePolicyType in API_SimulateCustomPolicy.html, "Example:
 * Same-Account Simulation"). A key jest-iam cannot place is not compared.
 */
function roleOfDetail(key: string): PolicyRole | undefined {
  if (/boundary/i.test(key)) return 'boundary';
  if (/resource/i.test(key)) return 'resource';
  if (/\biam\b|identity/i.test(key)) return 'identity';
  return undefined;
}

/** EvalDecisionDetails values (IAM API Reference, API_EvaluationResult.html: PolicyEvaluationDecisionType). */
const DECISIONS = new Set<string>(['allowed', 'explicitDeny', 'implicitDeny']);

/** One sentence per layer where IAM's reported detail and jest-iam's layer differ (empty: they agree). */
export function layerDifferences(local: Decision, iam: IamCellResult, sent: SentLayers): string[] {
  const out: string[] = [];
  const trace = local.trace;
  if (sent.scps && iam.allowedByOrganizations !== undefined) {
    const ours = scpsAllow(trace);
    // Per action over several resources, `false` may be another resource's: only `true` is this cell's.
    const comparable = ours !== undefined && (!iam.organizationsOfAction || iam.allowedByOrganizations);
    if (comparable && ours !== iam.allowedByOrganizations)
      out.push(`SCPs: IAM says AllowedByOrganizations=${iam.allowedByOrganizations}, jest-iam's SCPs ${ours ? 'allow' : 'do not allow'} the request`);
  }
  if (sent.boundary && iam.allowedByPermissionsBoundary !== undefined) {
    const ours = verdictOf(trace, 'boundary') === 'allowed';
    if (ours !== iam.allowedByPermissionsBoundary)
      out.push(
        `permissions boundary: IAM says AllowedByPermissionsBoundary=${iam.allowedByPermissionsBoundary}, jest-iam's boundary ${ours ? 'allows' : 'does not allow'} the request`,
      );
  }
  for (const [key, value] of Object.entries(iam.evalDecisionDetails ?? {})) {
    const role = roleOfDetail(key);
    if (!role || !DECISIONS.has(value) || (role === 'boundary' && !sent.boundary)) continue;
    const ours = verdictOf(trace, role);
    if (ours !== value)
      out.push(
        `EvalDecisionDetails "${key}": IAM says ${value}, jest-iam's ${role === 'identity' ? 'identity-based policies give' : role === 'resource' ? 'resource-based policy gives' : 'boundary gives'} ${ours}`,
      );
  }
  return out;
}
