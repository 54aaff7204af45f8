import type { Decision, DecisionResult } from '../engine/decision';
import { formatPosition } from '../diagnostics/source-position';
import { explainDecision, formatRequest, RESULT_LABEL } from '../explain/explain-decision';
import { describeDecision } from '../explain/decision-wording';
import type { IamCellResult, IamDecision, IamStatementRef } from './iam-cell-result';
import type { SentPolicy } from './map-policy-set';
import { statementIndexAt } from './policy-json';

/**
 * Compares IAM's decision for a cell with jest-iam's. IAM API Reference,
 * API_EvaluationResult.html (EvalDecision): `allowed`, `explicitDeny` (a Deny statement applied) and
 * `implicitDeny` (nothing allowed) are the three outcomes of IAM User Guide,
 * reference_policies_evaluation-logic.md, which jest-iam names Allow, ExplicitDeny, ImplicitDeny.
 */
export const IAM_TO_LOCAL: Record<IamDecision, DecisionResult> = {
  allowed: 'Allow',
  explicitDeny: 'ExplicitDeny',
  implicitDeny: 'ImplicitDeny',
};

/** True when IAM and jest-iam decided the same. */
export function decisionsAgree(local: DecisionResult, iam: IamDecision): boolean {
  return IAM_TO_LOCAL[iam] === local;
}

/** `PolicyInputList.1 = identity-based policy project.json, statement SpecificProject (project.json:12:5) [IAM: 12:5 to 20:6]` */
export function describeIamStatement(ref: IamStatementRef, sources: SentPolicy[]): string {
  const at = ref.start ? ` [IAM position ${ref.start.line}:${ref.start.column}${ref.end ? ` to ${ref.end.line}:${ref.end.column}` : ''}]` : '';
  const type = ref.sourcePolicyType && ref.sourcePolicyType !== 'none' ? ` (${ref.sourcePolicyType})` : '';
  const id = ref.sourcePolicyId ?? 'unknown policy';
  const src = sources.find((s) => s.id === ref.sourcePolicyId);
  if (!src) return `${id}${type}${at}`;
  const statement = ref.start ? statementOf(src, ref.start.line, ref.start.column) : undefined;
  if (!statement) return `${id}${type} = ${src.role} ${src.policy.name}${at}`;
  const sid = statement.sid ? `statement ${statement.sid}` : `statement #${statement.index + 1}`;
  const where = statement.pos ? ` (${formatPosition(statement.pos)})` : '';
  return `${id}${type} = ${src.role} ${src.policy.name}, ${sid}${where}${at}`;
}

/** Our statement at IAM's position, found by statement index in the JSON text IAM read. */
function statementOf(src: SentPolicy, line: number, column: number) {
  const i = statementIndexAt(src.text ?? src.policy.text, line, column);
  return i === undefined ? undefined : src.policy.statements[i];
}

export interface DivergenceInput {
  local: Decision;
  iam: IamCellResult;
  sources: SentPolicy[];
  /** Which cell, e.g. a scenario test name. */
  label?: string;
  /** Parts of the set IAM was not given (they did not change jest-iam's decision). */
  notComparable?: string[];
  /** Layers IAM reported differently while the final decisions agree (see `layerDifferences`). */
  layers?: string[];
}

/**
 * The failure message for a cell where IAM and jest-iam disagree: both decisions, IAM's matched
 * statements (mapped back to our files) and missing context values, and jest-iam's explanation.
 */
export function formatDivergence(d: DivergenceInput): string {
  const { local, iam } = d;
  const lines: string[] = [];
  lines.push(
    `IAM's policy simulator disagrees with jest-iam${d.label ? ` on ${d.label}` : ''}${d.layers?.length ? ' (same final decision, for different reasons)' : ''}:`,
  );
  lines.push(`  Request:  ${formatRequest(local)}`);
  lines.push(`  jest-iam: ${RESULT_LABEL[local.result]} (${describeDecision(local)})`);
  lines.push(`  IAM (${iam.operation}): ${iam.decision} (${RESULT_LABEL[IAM_TO_LOCAL[iam.decision]]})`);
  if (d.layers?.length) {
    lines.push('  Layers that differ:');
    for (const l of d.layers) lines.push(`    - ${l}`);
  }
  if (iam.matchedStatements.length) {
    lines.push("  IAM's matched statements:");
    for (const ref of iam.matchedStatements) lines.push(`    - ${describeIamStatement(ref, d.sources)}`);
  } else lines.push("  IAM's matched statements: none");
  if (iam.missingContextValues.length) {
    lines.push(`  IAM's missing context values: ${iam.missingContextValues.join(', ')}`);
    lines.push('    (the simulator had no value for these keys; give them in the request context to compare like for like)');
  }
  if (iam.allowedByOrganizations !== undefined) lines.push(`  IAM OrganizationsDecisionDetail: AllowedByOrganizations=${iam.allowedByOrganizations}`);
  if (iam.allowedByPermissionsBoundary !== undefined)
    lines.push(`  IAM PermissionsBoundaryDecisionDetail: AllowedByPermissionsBoundary=${iam.allowedByPermissionsBoundary}`);
  if (iam.evalDecisionDetails)
    lines.push(
      `  IAM EvalDecisionDetails: ${Object.entries(iam.evalDecisionDetails)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  if (d.notComparable?.length) {
    lines.push('  Not given to IAM (without them jest-iam decides the same):');
    for (const r of d.notComparable) lines.push(`    - ${r}`);
  }
  lines.push("  jest-iam's explanation:");
  lines.push(explainDecision(local, { indent: '    ' }));
  return lines.join('\n');
}
