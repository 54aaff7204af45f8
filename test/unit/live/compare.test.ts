import { evaluate } from '../../../src/engine/evaluate';
import { decisionsAgree, formatDivergence, IAM_TO_LOCAL } from '../../../src/live/compare';
import type { IamCellResult } from '../../../src/live/iam-cell-result';
import { allow, deny, policyOf } from '../../support/policies';

describe('IAM API Reference, PolicyEvaluationDecisionType <-> reference_policies_evaluation-logic.md outcomes', () => {
  test('allowed = Allow, explicitDeny = ExplicitDeny, implicitDeny = ImplicitDeny; nothing else agrees', () => {
    expect(IAM_TO_LOCAL).toEqual({ allowed: 'Allow', explicitDeny: 'ExplicitDeny', implicitDeny: 'ImplicitDeny' });
    expect(decisionsAgree('Allow', 'allowed')).toBe(true);
    expect(decisionsAgree('ImplicitDeny', 'explicitDeny')).toBe(false);
    expect(decisionsAgree('ExplicitDeny', 'implicitDeny')).toBe(false);
  });
});

describe('A divergence message: both decisions, IAM MatchedStatements (SourcePolicyId, positions), MissingContextValues, our explanation', () => {
  const policy = policyOf([allow('s3:GetObject', 'arn:aws:s3:::b/*'), { Sid: 'NoSecrets', ...deny('s3:GetObject', 'arn:aws:s3:::b/secret/*') }], {
    name: 'reader.json',
  });
  const local = evaluate([policy], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/report' });
  const denyStmt = policy.statements[1];
  const iam: IamCellResult = {
    operation: 'SimulateCustomPolicy',
    decision: 'explicitDeny',
    matchedStatements: [
      {
        sourcePolicyId: 'PolicyInputList.1',
        sourcePolicyType: 'none',
        start: { line: denyStmt.pos!.line, column: denyStmt.pos!.column },
        end: { line: denyStmt.pos!.line + 9, column: 6 },
      },
    ],
    missingContextValues: ['aws:SourceIp', 's3:prefix'],
    allowedByOrganizations: true,
    allowedByPermissionsBoundary: true,
  };
  const msg = formatDivergence({
    local,
    iam,
    sources: [{ id: 'PolicyInputList.1', policy, text: policy.text, reserialized: false, role: 'identity-based policy' }],
    label: 'reader: allow GetObject',
  });

  test('names the cell and both decisions', () => {
    expect(msg.split('\n').slice(0, 4)).toEqual([
      "IAM's policy simulator disagrees with jest-iam on reader: allow GetObject:",
      '  Request:  action s3:GetObject, resource arn:aws:s3:::b/report',
      `  jest-iam: Allow (allowed by identity-based policy reader.json, statement #1 (reader.json:${policy.statements[0].pos!.line}:${policy.statements[0].pos!.column}))`,
      '  IAM (SimulateCustomPolicy): explicitDeny (explicit Deny)',
    ]);
  });

  test("maps IAM's matched statement to our policy, Sid and file position", () => {
    expect(msg).toContain(
      `  IAM's matched statements:\n    - PolicyInputList.1 = identity-based policy reader.json, statement NoSecrets (${denyStmt.pos!.line}:${denyStmt.pos!.column}) [IAM position ${denyStmt.pos!.line}:${denyStmt.pos!.column} to ${denyStmt.pos!.line + 9}:6]`,
    );
  });

  test('lists the missing context values and the decision details IAM gave', () => {
    expect(msg).toContain("  IAM's missing context values: aws:SourceIp, s3:prefix");
    expect(msg).toContain('  IAM OrganizationsDecisionDetail: AllowedByOrganizations=true');
    expect(msg).toContain('  IAM PermissionsBoundaryDecisionDetail: AllowedByPermissionsBoundary=true');
  });

  test('ends with our own explanation of the decision', () => {
    expect(msg).toContain("  jest-iam's explanation:\n    Request:  action s3:GetObject, resource arn:aws:s3:::b/report\n    Decision: Allow");
  });
});
