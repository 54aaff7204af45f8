import type { PolicySet } from '../../../src/policy/policy-set';
import { crossCheck, type CrossCheckCell } from '../../../src/live/cross-check';
import { allow, deny, policyOf } from '../../support/policies';
import { startIamQueryServer, type IamQueryServer, type IamQueryServerOptions } from '../../support/iam-query-server';
import { ACCOUNT, clientFor } from './live-helpers';

/**
 * IAM API Reference, API_EvaluationResult.html: next to the final EvalDecision IAM reports
 * OrganizationsDecisionDetail, PermissionsBoundaryDecisionDetail and, for cross-account
 * simulations, EvalDecisionDetails per policy type. Where it reports a layer, jest-iam's own
 * layer must say the same: the same final decision for different reasons is a divergence.
 */
const OTHER = '444455556666';
const user = `arn:aws:iam::${ACCOUNT}:user/alice`;
let server: IamQueryServer;
afterEach(async () => {
  await server?.close();
});

async function run(cells: CrossCheckCell[], options: IamQueryServerOptions = {}) {
  server = await startIamQueryServer(options);
  return crossCheck(cells, { client: clientFor(server) });
}

const bounded: PolicySet = {
  identity: [policyOf([allow('s3:GetObject')], { name: 'app.json' })],
  boundary: policyOf([allow('s3:PutObject')], { name: 'boundary.json', policyType: 'boundary' }),
};
const getObject = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };

describe('PermissionsBoundaryDecisionDetail', () => {
  test('both implicit deny, IAM blaming the identity policies and jest-iam the boundary: a divergence naming the layer', async () => {
    const report = await run([{ set: bounded, request: getObject }], {
      override: () => 'implicitDeny',
      overrideLayers: () => ({ allowedByPermissionsBoundary: true }),
    });
    expect(report.outcomes[0].local.result).toBe('ImplicitDeny');
    expect(report.outcomes[0].status).toBe('diverge');
    expect(report.outcomes[0].message).toContain("IAM's policy simulator disagrees with jest-iam (same final decision, for different reasons):");
    expect(report.outcomes[0].message).toContain(
      "  Layers that differ:\n    - permissions boundary: IAM says AllowedByPermissionsBoundary=true, jest-iam's boundary does not allow the request",
    );
  });

  test('the same layers: agree (the endpoint reports the boundary it was sent)', async () => {
    const report = await run([{ set: bounded, request: getObject }]);
    expect(report.outcomes[0].iam?.allowedByPermissionsBoundary).toBe(false);
    expect(report.outcomes[0].status).toBe('agree');
  });
});

describe('OrganizationsDecisionDetail', () => {
  const withScps: PolicySet = {
    identity: [policyOf([allow('s3:PutObject')], { name: 'app.json' })],
    scps: [{ name: 'root', policies: [policyOf([allow('*')], { name: 'FullAWSAccess', policyType: 'scp' })] }],
  };
  test("both implicit deny, IAM saying the SCPs denied while jest-iam's SCPs allow: a divergence", async () => {
    const report = await run([{ set: withScps, request: getObject }], { overrideLayers: () => ({ allowedByOrganizations: false }) });
    expect(report.outcomes[0].status).toBe('diverge');
    expect(report.outcomes[0].message).toContain("SCPs: IAM says AllowedByOrganizations=false, jest-iam's SCPs allow the request");
  });

  test('the same layers: agree', async () => {
    const report = await run([{ set: withScps, request: getObject }]);
    expect(report.outcomes[0].iam?.allowedByOrganizations).toBe(true);
    expect(report.outcomes[0].status).toBe('agree');
  });
});

describe('EvalDecisionDetails (cross-account simulations)', () => {
  const bucketPolicy = policyOf([{ Effect: 'Allow', Principal: { AWS: user }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }], {
    name: 'bucket.json',
    policyType: 'resource',
  });
  const cross: PolicySet = { identity: [policyOf([allow('s3:GetObject')], { name: 'app.json' })], resource: [bucketPolicy] };
  const request = { action: 's3:GetObject', resource: 'arn:aws:s3:::shared/k', principal: user, resourceAccount: OTHER };

  test('a user caller across accounts is sent with the bucket policy and ResourceOwner of the other account', async () => {
    const report = await run([{ set: cross, request }]);
    expect(report.outcomes[0].status).toBe('agree');
    const p = server.requests[0].params;
    expect(p.get('CallerArn')).toBe(user);
    expect(p.get('ResourceOwner')).toBe(`arn:aws:iam::${OTHER}:root`);
    expect(p.get('ResourcePolicy')).toBe(bucketPolicy.text);
  });

  test("IAM saying the resource policy gave an implicit deny while jest-iam's allows: a divergence even though both allow", async () => {
    const report = await run([{ set: cross, request }], {
      overrideLayers: () => ({ evalDecisionDetails: { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' } }),
    });
    expect(report.outcomes[0].status).toBe('diverge');
    expect(report.outcomes[0].message).toContain(
      'EvalDecisionDetails "Resource Policy": IAM says implicitDeny, jest-iam\'s resource-based policy gives allowed',
    );
    expect(report.outcomes[0].message).not.toContain('"IAM Policy"');
  });

  test('both implicit deny, for different reasons (IAM: the identity side denies, the resource side allows; jest-iam: the other way round): a divergence naming both layers', async () => {
    const otherAction = policyOf([{ Effect: 'Allow', Principal: { AWS: user }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared/*' }], {
      name: 'bucket.json',
      policyType: 'resource',
    });
    const report = await run([{ set: { identity: cross.identity, resource: [otherAction] }, request }], {
      override: () => 'implicitDeny',
      overrideLayers: () => ({ evalDecisionDetails: { 'IAM Policy': 'implicitDeny', 'Resource Policy': 'allowed' } }),
    });
    const o = report.outcomes[0];
    expect([o.local.result, o.iam?.decision]).toEqual(['ImplicitDeny', 'implicitDeny']);
    expect(o.status).toBe('diverge');
    expect(o.message).toContain("IAM's policy simulator disagrees with jest-iam (same final decision, for different reasons):");
    expect(o.message).toContain('    - EvalDecisionDetails "IAM Policy": IAM says implicitDeny, jest-iam\'s identity-based policies give allowed');
    expect(o.message).toContain('    - EvalDecisionDetails "Resource Policy": IAM says allowed, jest-iam\'s resource-based policy gives implicitDeny');
  });

  test('a detail key jest-iam cannot place, or a value that is no decision, is not compared', async () => {
    const report = await run([{ set: cross, request }], {
      overrideLayers: () => ({ evalDecisionDetails: { 'Session Policy': 'implicitDeny', 'Resource Policy': 'maybe' as never } }),
    });
    expect(report.outcomes[0].status).toBe('agree');
  });

  test('a role caller across accounts cannot be sent (CallerArn takes users): skipped with the reason, and no ResourceOwner is sent for it', async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/reader`;
    const report = await run([{ set: { identity: cross.identity }, request: { ...request, principal: role } }]);
    expect(report.outcomes[0].status).toBe('skipped');
    expect(report.outcomes[0].skipReason).toBe('cross-account caller');
    expect(server.count()).toBe(0);
  });

  test('a role caller in its own account is compared without ResourceOwner', async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/reader`;
    const report = await run([
      {
        set: { identity: [policyOf([allow('s3:GetObject'), deny('s3:GetObject', 'arn:aws:s3:::shared/secret')])] },
        request: { ...request, principal: role, resourceAccount: ACCOUNT },
      },
    ]);
    expect(report.outcomes[0].status).toBe('agree');
    expect(server.requests[0].params.has('ResourceOwner')).toBe(false);
  });
});

/**
 * IAM API Reference, API_SimulateCustomPolicy.html, "Example: Same-Account Simulation": the user
 * Mateo's identity policy and boundary allow IAM actions only, the bucket policy names him and
 * allows s3:Put* and s3:List*; IAM answers allowed with AllowedByPermissionsBoundary=false and an
 * empty EvalDecisionDetails. The page's request writes JSON sets ({"iam:*"}); the policies here
 * are the valid JSON it means. The response is the page's, element for element.
 */
describe("the API reference's same-account example, its recorded response read with the real SDK", () => {
  const mateo = `arn:aws:iam::${ACCOUNT}:user/mateo`;
  const iamOnly = (name: string, policyType: 'identity' | 'boundary') =>
    policyOf([{ Effect: 'Allow', Action: ['iam:*'], Resource: ['*'] }], { name, policyType });
  const bucket = policyOf([{ Effect: 'Allow', Principal: { AWS: mateo }, Action: ['s3:List*', 's3:Put*'], Resource: ['arn:aws:s3:::production/*'] }], {
    name: 'production-bucket.json',
    policyType: 'resource',
  });
  const recorded = `<SimulateCustomPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
    <SimulateCustomPolicyResult>
        <IsTruncated>false</IsTruncated>
        <EvaluationResults>
            <member>
                <EvalDecisionDetails/>
                <PermissionsBoundaryDecisionDetail>
                    <AllowedByPermissionsBoundary>false</AllowedByPermissionsBoundary>
                </PermissionsBoundaryDecisionDetail>
                <MatchedStatements>
                    <member>
                        <SourcePolicyId>ResourcePolicy</SourcePolicyId>
                        <EndPosition>
                            <Column>259</Column>
                            <Line>1</Line>
                        </EndPosition>
                        <SourcePolicyType>Resource Policy</SourcePolicyType>
                        <StartPosition>
                            <Column>68</Column>
                            <Line>1</Line>
                        </StartPosition>
                    </member>
                </MatchedStatements>
                <MissingContextValues/>
                <EvalResourceName>arn:aws:s3:::production/Test</EvalResourceName>
                <EvalDecision>allowed</EvalDecision>
                <EvalActionName>s3:PutObject</EvalActionName>
                <ResourceSpecificResults>
                    <member>
                        <PermissionsBoundaryDecisionDetail>
                            <AllowedByPermissionsBoundary>false</AllowedByPermissionsBoundary>
                        </PermissionsBoundaryDecisionDetail>
                        <MatchedStatements>
                            <member>
                                <SourcePolicyId>ResourcePolicy</SourcePolicyId>
                                <EndPosition>
                                    <Column>259</Column>
                                    <Line>1</Line>
                                </EndPosition>
                                <SourcePolicyType>Resource Policy</SourcePolicyType>
                                <StartPosition>
                                    <Column>68</Column>
                                    <Line>1</Line>
                                </StartPosition>
                            </member>
                        </MatchedStatements>
                        <EvalResourceDecision>allowed</EvalResourceDecision>
                        <MissingContextValues/>
                        <EvalResourceName>arn:aws:s3:::production/Test</EvalResourceName>
                    </member>
                </ResourceSpecificResults>
            </member>
        </EvaluationResults>
    </SimulateCustomPolicyResult>
    <ResponseMetadata>
        <RequestId>7b2092ca-5d35-499d-bc6d-e9b49EXAMPLE</RequestId>
    </ResponseMetadata>
</SimulateCustomPolicyResponse>`;
  const set: PolicySet = { identity: [iamOnly('mateo.json', 'identity')], boundary: iamOnly('boundary.json', 'boundary'), resource: [bucket] };
  const request = { action: 's3:PutObject', resource: 'arn:aws:s3:::production/Test', principal: mateo, resourceAccount: ACCOUNT };

  test('jest-iam decides the same (allowed by the bucket policy, the boundary not allowing it): agree, on the decision and the boundary layer', async () => {
    const report = await run([{ set, request }], { fault: (a) => (a === 'SimulateCustomPolicy' ? { body: recorded } : undefined) });
    const o = report.outcomes[0];
    expect(o.iam).toMatchObject({
      decision: 'allowed',
      allowedByPermissionsBoundary: false,
      matchedStatements: [
        { sourcePolicyId: 'ResourcePolicy', sourcePolicyType: 'Resource Policy', start: { line: 1, column: 68 }, end: { line: 1, column: 259 } },
      ],
    });
    // An empty <EvalDecisionDetails/> (same account) is no detail to compare.
    expect(o.iam?.evalDecisionDetails).toBeUndefined();
    expect(o.local.result).toBe('Allow');
    expect(o.status).toBe('agree');
    const sent = server.requests[0].params;
    expect([sent.get('CallerArn'), sent.get('ResourceOwner'), sent.get('ResourcePolicy')]).toEqual([mateo, `arn:aws:iam::${ACCOUNT}:root`, bucket.text]);
  });

  test('the same recorded answer against a boundary that does allow s3:PutObject: a divergence on the boundary layer', async () => {
    const wide: PolicySet = {
      ...set,
      boundary: policyOf([{ Effect: 'Allow', Action: ['iam:*', 's3:*'], Resource: ['*'] }], { name: 'boundary.json', policyType: 'boundary' }),
    };
    const report = await run([{ set: wide, request }], { fault: (a) => (a === 'SimulateCustomPolicy' ? { body: recorded } : undefined) });
    expect(report.outcomes[0].status).toBe('diverge');
    expect(report.outcomes[0].message).toContain("permissions boundary: IAM says AllowedByPermissionsBoundary=false, jest-iam's boundary allows the request");
  });
});
