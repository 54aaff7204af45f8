import { evaluate } from '../../../src/engine/evaluate';
import type { PolicySet } from '../../../src/policy/policy-set';
import { describeIamStatement } from '../../../src/live/compare';
import { crossCheck, type CrossCheckCell } from '../../../src/live/cross-check';
import { parsePolicy } from '../../../src/policy/parse-policy';
import { allow, deny, policyOf } from '../../support/policies';
import { startIamQueryServer, type IamQueryServer, type IamQueryServerOptions } from '../../support/iam-query-server';
import { ACCOUNT, clientFor, model, model2, project, sampleProject } from './live-helpers';

let server: IamQueryServer;
afterEach(async () => {
  await server?.close();
});
const run = async (cells: CrossCheckCell[], opts: IamQueryServerOptions = {}) => {
  server = await startIamQueryServer(opts);
  return crossCheck(cells, { client: clientFor(server) });
};

const manager = policyOf(
  [
    { Sid: 'AllResources', Effect: 'Allow', Action: 'rekognition:DescribeProjects', Resource: '*' },
    {
      Sid: 'SpecificProjectVersion',
      Effect: 'Allow',
      Action: ['rekognition:DetectCustomLabels'],
      Resource: 'arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*',
    },
    { Sid: 'ExplicitDenyCreateProject', Effect: 'Deny', Action: 'rekognition:CreateProject', Resource: 'arn:aws:rekognition:*:*:project/SampleProject/*' },
  ],
  { name: 'project-model-manager.json' },
);
const managerSet: PolicySet = { identity: [manager] };

describe('IAM API Reference, PolicyEvaluationDecisionType: allowed / explicitDeny / implicitDeny are compared with Allow / ExplicitDeny / ImplicitDeny', () => {
  test('IAM agreeing on every decision: every cell agrees', async () => {
    const cells: CrossCheckCell[] = [
      { set: managerSet, request: { action: 'rekognition:DetectCustomLabels', resource: model } },
      { set: managerSet, request: { action: 'rekognition:DetectCustomLabels', resource: model2 } },
      { set: managerSet, request: { action: 'rekognition:CreateProject', resource: sampleProject } },
    ];
    const report = await run(cells);
    expect(report.outcomes.map((o) => [o.status, o.local.result, o.iam?.decision])).toEqual([
      ['agree', 'Allow', 'allowed'],
      ['agree', 'ImplicitDeny', 'implicitDeny'],
      ['agree', 'ExplicitDeny', 'explicitDeny'],
    ]);
  });

  test("a divergence prints both decisions, IAM's (here empty) matched statements and our explanation", async () => {
    const cells: CrossCheckCell[] = [
      { set: managerSet, request: { action: 'rekognition:DetectCustomLabels', resource: model }, label: 'inference: allow DetectCustomLabels on MyVersion' },
      { set: managerSet, request: { action: 'rekognition:DescribeProjects', resource: project } },
    ];
    const report = await run(cells, { override: (c) => (c.action === 'rekognition:DetectCustomLabels' ? 'implicitDeny' : undefined) });
    expect(report.divergences).toHaveLength(1);
    const msg = report.divergences[0].message;
    expect(msg).toContain("IAM's policy simulator disagrees with jest-iam on inference: allow DetectCustomLabels on MyVersion:");
    expect(msg).toContain(`  Request:  action rekognition:DetectCustomLabels, resource ${model}`);
    expect(msg).toContain('  jest-iam: Allow (allowed by identity-based policy project-model-manager.json, statement SpecificProjectVersion');
    expect(msg).toContain('  IAM (SimulateCustomPolicy): implicitDeny (implicit Deny)');
    expect(msg).toContain("  IAM's matched statements: none");
    expect(msg).toContain("  jest-iam's explanation:\n    Request:  action rekognition:DetectCustomLabels");
    expect(msg).toContain('    Deciding: identity-based policy project-model-manager.json, statement SpecificProjectVersion (');
    expect(report.outcomes[1].status).toBe('agree');
  });

  test('access_policies_testing-policies.md: without a key\'s value the simulator "might not be reliable", so a disagreement then is a note, not a failure', async () => {
    const conditional = policyOf([allow('s3:GetObject', '*', { Condition: { StringEquals: { 's3:prefix': 'home/' } } })], { name: 'conditional.json' });
    const report = await run([{ set: { identity: [conditional] }, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' } }], {
      override: () => 'allowed',
    });
    expect(report.divergences).toHaveLength(0);
    expect(report.outcomes[0].status).toBe('skipped');
    expect(report.outcomes[0].message).toContain(
      'IAM had no value for s3:prefix (absent from the request) and says allowed, jest-iam says implicit Deny; the simulator\'s results without a key\'s value "might not be reliable": give the key a value to compare',
    );
  });

  test('with the key given, the same disagreement is a divergence', async () => {
    const conditional = policyOf([allow('s3:GetObject', '*', { Condition: { StringEquals: { 's3:prefix': 'home/' } } })], { name: 'conditional.json' });
    const report = await run(
      [{ set: { identity: [conditional] }, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 's3:prefix': 'tmp/' } } }],
      { override: () => 'allowed' },
    );
    expect(report.divergences).toHaveLength(1);
    expect(server.requests[0].params.get('ContextEntries.member.1.ContextKeyName')).toBe('s3:prefix');
  });

  test("IAM's matched statements are mapped back to our statement and file position (SourcePolicyId PolicyInputList.N)", async () => {
    const report = await run([{ set: managerSet, request: { action: 'rekognition:CreateProject', resource: sampleProject } }], { statementPositions: 'brace' });
    const o = report.outcomes[0];
    expect(o.iam?.matchedStatements).toHaveLength(1);
    const deny = manager.statements[2];
    const line = describeIamStatement(o.iam!.matchedStatements[0], [
      { id: 'PolicyInputList.1', policy: manager, text: manager.text, reserialized: false, role: 'identity-based policy' },
    ]);
    expect(line).toBe(
      `PolicyInputList.1 = identity-based policy project-model-manager.json, statement ExplicitDenyCreateProject (${deny.pos!.line}:${deny.pos!.column}) [IAM position ${deny.pos!.line}:${deny.pos!.column} to ${o.iam!.matchedStatements[0].end!.line}:${o.iam!.matchedStatements[0].end!.column}]`,
    );
  });

  test('for a YAML policy, IAM positions (in the JSON sent) are mapped to the YAML statement', async () => {
    const yaml = parsePolicy(
      'Version: "2012-10-17"\nStatement:\n  - Sid: First\n    Effect: Allow\n    Action: s3:ListBucket\n    Resource: "*"\n  - Sid: DenyPut\n    Effect: Deny\n    Action: s3:PutObject\n    Resource: "*"\n',
      { name: 'p.yaml', file: 'p.yaml', format: 'yaml' },
    );
    const report = await run([{ set: { identity: [yaml] }, request: { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' } }]);
    const ref = report.outcomes[0].iam!.matchedStatements[0];
    const sent = server.requests[0].params.get('PolicyInputList.member.1') ?? '';
    expect(sent.startsWith('{')).toBe(true);
    const line = describeIamStatement(ref, [{ id: 'PolicyInputList.1', policy: yaml, text: sent, reserialized: true, role: 'identity-based policy' }]);
    expect(line).toContain('PolicyInputList.1 = identity-based policy p.yaml, statement DenyPut (p.yaml:7:5)');
  });
});

describe('Parts of a policy set the simulator cannot take are never compared wrongly (IAM API Reference, SimulateCustomPolicy)', () => {
  const identity = policyOf([allow('s3:GetObject', 'arn:aws:s3:::b/*')], { name: 'identity.json' });
  const rcpDeny = policyOf([deny('s3:GetObject', '*', { Principal: '*' })], { name: 'deny-all.json', policyType: 'rcp' });
  const rcpNeutral = policyOf([deny('s3:GetObject', 'arn:aws:s3:::other/*', { Principal: '*' })], { name: 'other-bucket.json', policyType: 'rcp' });
  const req = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };

  test('an RCP that changes our decision: the cell is skipped with the reason, never compared', async () => {
    const set: PolicySet = { identity: [identity], rcps: [{ name: 'root', policies: [rcpDeny] }] };
    expect(evaluate(set, req).result).toBe('ExplicitDeny');
    const report = await run([{ set, request: req }]);
    expect(report.outcomes[0].status).toBe('skipped');
    expect(report.outcomes[0].message).toBe(
      'jest-iam cross-check: s3:GetObject on arn:aws:s3:::b/k was not compared with IAM (without them jest-iam decides Allow, with them explicit Deny):\n  - RCPs (root): the simulator cannot take RCP text',
    );
    expect(server.count()).toBe(0);
  });

  test('an RCP that does not change our decision: the rest is compared', async () => {
    const report = await run([{ set: { identity: [identity], rcps: [{ name: 'root', policies: [rcpNeutral] }] }, request: req }], {
      override: () => 'explicitDeny',
    });
    expect(report.outcomes[0].status).toBe('diverge');
    expect(report.outcomes[0].message).toContain(
      '  Not given to IAM (without them jest-iam decides the same):\n    - RCPs (root): the simulator cannot take RCP text',
    );
  });

  test('a session policy that denies is skipped (the simulator does not accept session policies)', async () => {
    const session = policyOf([allow('s3:ListBucket')], { name: 'session.json', policyType: 'session' });
    const report = await run([{ set: { identity: [identity], session: [session] }, request: req }]);
    expect(report.outcomes[0]).toMatchObject({
      status: 'skipped',
      notComparable: ['session policies (session.json): the simulator does not accept session policies'],
    });
  });

  test('a role caller with a resource-based policy that grants: skipped, CallerArn must be an IAM user', async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/Reader`;
    const bucket = policyOf([allow('s3:GetObject', 'arn:aws:s3:::shared/*', { Principal: { AWS: roleArn } })], { name: 'bucket.json', policyType: 'resource' });
    const report = await run([
      {
        set: { identity: [identity], resource: [bucket] },
        request: { action: 's3:GetObject', resource: 'arn:aws:s3:::shared/k', principal: roleArn, resourceAccount: ACCOUNT },
      },
    ]);
    expect(report.outcomes[0].status).toBe('skipped');
    expect(report.outcomes[0].message).toContain('resource-based policy bucket.json: the simulator uses a ResourcePolicy only with CallerArn, an IAM user ARN');
  });

  test('an IAM user caller with a resource-based policy is compared (ResourcePolicy + CallerArn)', async () => {
    const userArn = `arn:aws:iam::${ACCOUNT}:user/alice`;
    const bucket = policyOf([allow('s3:GetObject', 'arn:aws:s3:::shared/*', { Principal: { AWS: userArn } })], { name: 'bucket.json', policyType: 'resource' });
    const report = await run([
      {
        set: { identity: [identity], resource: [bucket] },
        request: { action: 's3:GetObject', resource: 'arn:aws:s3:::shared/k', principal: userArn, resourceAccount: ACCOUNT },
      },
    ]);
    expect(report.outcomes[0]).toMatchObject({ status: 'agree', local: { result: 'Allow' }, iam: { decision: 'allowed' } });
    expect(server.requests[0].params.get('CallerArn')).toBe(userArn);
    expect(server.requests[0].params.get('ResourceOwner')).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });

  test('SCP levels are sent (OrderedOrganizationPolicyInputList) and an SCP deny is compared', async () => {
    const full = policyOf([allow('*')], { name: 'FullAWSAccess', policyType: 'scp' });
    const noS3 = policyOf([deny('s3:*')], { name: 'DenyS3', policyType: 'scp' });
    const set: PolicySet = {
      identity: [identity],
      scps: [
        { name: 'root', policies: [full] },
        { name: 'ou-prod', policies: [full, noS3] },
      ],
    };
    const report = await run([{ set, request: req }]);
    expect(report.outcomes[0]).toMatchObject({ status: 'agree', local: { result: 'ExplicitDeny' }, iam: { decision: 'explicitDeny' } });
    expect(server.requests[0].params.get('OrderedOrganizationPolicyInputList.member.2.ServiceControlPolicyInputList.member.2')).toBe(noS3.text);
  });

  test('a wildcard action is skipped without any call', async () => {
    const report = await run([{ set: { identity: [identity] }, request: { action: 's3:Get*', resource: 'arn:aws:s3:::b/k' } }]);
    expect(report.skipped).toHaveLength(1);
    expect(server.count()).toBe(0);
  });
});
