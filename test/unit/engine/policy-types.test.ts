import { evaluate } from '../../../src/engine/evaluate';
import type { PolicySet } from '../../../src/policy/policy-set';
import { allow, deny, policyOf } from '../../support/policies';

const ACCT = '111122223333';
const OTHER = '444455556666';
const USER = `arn:aws:iam::${ACCT}:user/David`;
const ROLE = `arn:aws:iam::${ACCT}:role/Builder`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/Builder/ci`;
const OBJ = 'arn:aws:s3:::team-bucket/report.csv';

const identity = policyOf([allow('s3:*', '*', { Sid: 'S3All' })], { name: 'identity.json' });
const bucket = (principal: unknown, extra: object = {}) =>
  policyOf([{ Sid: 'BucketAllow', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-bucket/*', ...extra }], {
    name: 'bucket.json',
    policyType: 'resource',
  });

// IAM User Guide, access_policies_boundaries.md and reference_policies_evaluation-logic.md.
describe('permissions boundaries (access_policies_boundaries.md)', () => {
  const boundary = policyOf([allow('s3:Get*', '*', { Sid: 'BoundaryGet' }), deny('s3:DeleteBucket', '*', { Sid: 'DenyDeleteBucket' })], {
    name: 'boundary.json',
    policyType: 'boundary',
  });
  test('effective permissions are the intersection of identity policies and the boundary', () => {
    const set: PolicySet = { identity: [identity], boundary };
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJ, principal: USER }).result).toBe('Allow');
    const d = evaluate(set, { action: 's3:PutObject', resource: OBJ, principal: USER });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.reason).toEqual({ code: 'boundary-no-allow', layer: 'boundary', boundary, grant: { layer: 'identity' } });
  });
  test('a boundary alone grants nothing', () => {
    expect(evaluate({ identity: [], boundary }, { action: 's3:GetObject', resource: OBJ, principal: USER }).result).toBe('ImplicitDeny');
  });
  test('an explicit deny in the boundary is reported as such', () => {
    const d = evaluate({ identity: [identity], boundary }, { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::team-bucket', principal: USER });
    expect(d.result).toBe('ExplicitDeny');
    expect(d.reason).toMatchObject({
      code: 'explicit-deny',
      layer: 'boundary',
      statement: {
        role: 'boundary',
        policy: { name: 'boundary.json' },
        statement: { sid: 'DenyDeleteBucket', pos: { line: expect.any(Number), column: expect.any(Number) } },
      },
    });
  });
  test('a same-account resource policy naming the user is not limited by the boundary', () => {
    const set: PolicySet = { identity: [], boundary: policyOf([allow('ec2:*')], { policyType: 'boundary' }), resource: [bucket({ AWS: USER })] };
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJ, principal: USER, resourceAccount: ACCT }).result).toBe('Allow');
  });
  test('a same-account resource policy naming the role (not the session) is limited by the boundary', () => {
    const set: PolicySet = { identity: [], boundary: policyOf([allow('ec2:*')], { policyType: 'boundary' }), resource: [bucket({ AWS: ROLE })] };
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJ, principal: SESSION, resourceAccount: ACCT }).result).toBe('ImplicitDeny');
    const sessionNamed: PolicySet = { ...set, resource: [bucket({ AWS: SESSION })] };
    expect(evaluate(sessionNamed, { action: 's3:GetObject', resource: OBJ, principal: SESSION, resourceAccount: ACCT }).result).toBe('Allow');
  });
});

// AWS Organizations User Guide, orgs_manage_policies_scps_evaluation.md: every level must allow.
describe('SCPs by organisation level (orgs_manage_policies_scps_evaluation)', () => {
  const full = policyOf([allow('*', '*', { Sid: 'FullAWSAccess' })], { name: 'FullAWSAccess', policyType: 'scp' });
  const s3Only = policyOf([allow('s3:*', '*', { Sid: 'OnlyS3' })], { name: 'S3Only', policyType: 'scp' });
  test('every level from root to account must allow', () => {
    const set: PolicySet = {
      identity: [policyOf([allow('*')])],
      scps: [
        { name: 'root', policies: [full] },
        { name: 'ou-prod', policies: [s3Only] },
        { name: 'account', policies: [full] },
      ],
    };
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJ, principal: USER }).result).toBe('Allow');
    const d = evaluate(set, { action: 'ec2:RunInstances', principal: USER });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.reason).toEqual({ code: 'scp-no-allow', layer: 'scp', level: 'ou-prod' });
  });
  test('SCPs grant nothing by themselves', () => {
    expect(evaluate({ identity: [], scps: [{ name: 'root', policies: [full] }] }, { action: 's3:GetObject', principal: USER }).result).toBe('ImplicitDeny');
  });
  test('an SCP deny at any level wins', () => {
    const denyRegion = policyOf([deny('*', '*', { Sid: 'DenyOutsideEU', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } })], {
      name: 'RegionGuard',
      policyType: 'scp',
    });
    const set: PolicySet = { identity: [policyOf([allow('*')])], scps: [{ name: 'root', policies: [full, denyRegion] }] };
    expect(evaluate(set, { action: 'ec2:RunInstances', principal: USER, context: { 'aws:RequestedRegion': 'us-east-1' } }).result).toBe('ExplicitDeny');
    expect(evaluate(set, { action: 'ec2:RunInstances', principal: USER, context: { 'aws:RequestedRegion': 'eu-west-1' } }).result).toBe('Allow');
  });
});

// AWS Organizations User Guide, orgs_manage_policies_rcps.md: RCPFullAWSAccess is attached at every level.
describe('RCPs (orgs_manage_policies_rcps)', () => {
  const rcpDeny = policyOf(
    [
      {
        Sid: 'OrgOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } },
      },
    ],
    { name: 'OrgOnly', policyType: 'rcp' },
  );
  test('levels without an explicit allow still allow (implicit RCPFullAWSAccess); a deny applies', () => {
    const set: PolicySet = { identity: [identity], rcps: [{ name: 'root', policies: [rcpDeny] }] };
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJ, principal: USER, context: { 'aws:PrincipalOrgID': 'o-abc' } }).result).toBe('Allow');
    const d = evaluate(set, { action: 's3:GetObject', resource: OBJ, principal: USER, context: { 'aws:PrincipalOrgID': 'o-other' } });
    expect(d.result).toBe('ExplicitDeny');
    expect(d.reason).toMatchObject({
      code: 'explicit-deny',
      layer: 'rcp',
      statement: { role: 'rcp', level: 'root', policy: { name: 'OrgOnly' }, statement: { sid: 'OrgOnly' } },
    });
  });
});

// IAM User Guide, access_policies.md#policies_session: session permissions are the intersection.
describe('session policies (access_policies.md#policies_session)', () => {
  test('a session policy limits the role session to the intersection', () => {
    const session = policyOf([allow('s3:GetObject')], { name: 'session.json', policyType: 'session' });
    const set: PolicySet = { identity: [identity], session: [session] };
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJ, principal: SESSION }).result).toBe('Allow');
    const d = evaluate(set, { action: 's3:PutObject', resource: OBJ, principal: SESSION });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.reason).toEqual({ code: 'session-no-allow', layer: 'session', grant: { layer: 'identity' } });
  });
});

// IAM User Guide, reference_policies_evaluation-logic-cross-account.md.
describe('resource-based policies, same and cross account (reference_policies_evaluation-logic-cross-account.md)', () => {
  test('same account: an allow in the resource policy naming the user suffices without an identity allow', () => {
    const d = evaluate({ identity: [], resource: [bucket({ AWS: USER })] }, { action: 's3:GetObject', resource: OBJ, principal: USER, resourceAccount: ACCT });
    expect(d.result).toBe('Allow');
    expect(d.reason).toMatchObject({
      code: 'resource-allow',
      layer: 'resource',
      statement: { role: 'resource', policy: { name: 'bucket.json' }, statement: { sid: 'BucketAllow' } },
    });
  });
  test('same account: naming the account delegates to identity policies', () => {
    const set: PolicySet = { identity: [], resource: [bucket({ AWS: ACCT })] };
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJ, principal: USER, resourceAccount: ACCT }).result).toBe('ImplicitDeny');
    expect(evaluate({ ...set, identity: [identity] }, { action: 's3:GetObject', resource: OBJ, principal: USER, resourceAccount: ACCT }).result).toBe('Allow');
  });
  test('cross account: both the identity side and the resource policy must allow', () => {
    const other = `arn:aws:iam::${OTHER}:user/Eve`;
    expect(evaluate({ identity: [identity] }, { action: 's3:GetObject', resource: OBJ, principal: other, resourceAccount: ACCT }).result).toBe('ImplicitDeny');
    expect(
      evaluate({ identity: [], resource: [bucket({ AWS: other })] }, { action: 's3:GetObject', resource: OBJ, principal: other, resourceAccount: ACCT }).result,
    ).toBe('ImplicitDeny');
    const both = evaluate(
      { identity: [identity], resource: [bucket({ AWS: `arn:aws:iam::${OTHER}:root` })] },
      { action: 's3:GetObject', resource: OBJ, principal: other, resourceAccount: ACCT },
    );
    expect(both.result).toBe('Allow');
    expect(both.deciding.map((t) => t.role).sort()).toEqual(['identity', 'resource']);
  });
  test('a resource policy that does not name the principal grants nothing', () => {
    const d = evaluate(
      { identity: [], resource: [bucket({ AWS: `arn:aws:iam::${ACCT}:user/Maria` })] },
      { action: 's3:GetObject', resource: OBJ, principal: USER, resourceAccount: ACCT },
    );
    expect(d.result).toBe('ImplicitDeny');
  });
  test('"Principal": "*" grants anonymous callers', () => {
    expect(
      evaluate({ identity: [], resource: [bucket('*')] }, { action: 's3:GetObject', resource: OBJ, principal: 'anonymous', resourceAccount: ACCT }).result,
    ).toBe('Allow');
  });
  test('a service principal with aws:SourceAccount (confused-deputy prevention)', () => {
    const p = bucket({ Service: 'rekognition.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': ACCT } } });
    expect(
      evaluate(
        { identity: [], resource: [p] },
        { action: 's3:GetObject', resource: OBJ, principal: 'rekognition.amazonaws.com', resourceAccount: ACCT, context: { 'aws:SourceAccount': ACCT } },
      ).result,
    ).toBe('Allow');
    expect(
      evaluate(
        { identity: [], resource: [p] },
        { action: 's3:GetObject', resource: OBJ, principal: 'rekognition.amazonaws.com', resourceAccount: ACCT, context: { 'aws:SourceAccount': OTHER } },
      ).result,
    ).toBe('ImplicitDeny');
  });
  test('an explicit deny in the resource policy wins over an identity allow', () => {
    const denyAll = policyOf([{ Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }], {
      name: 'bucket.json',
      policyType: 'resource',
    });
    expect(
      evaluate({ identity: [identity], resource: [denyAll] }, { action: 's3:GetObject', resource: OBJ, principal: USER, resourceAccount: ACCT }).result,
    ).toBe('ExplicitDeny');
  });
});

// reference_policies_evaluation-logic.md: an allowed request needed an allow at every layer; all of
// those statements decided it (explanations and statement coverage list them).
describe('the statements that decided an Allow', () => {
  test('include the allow of each SCP level and of the permissions boundary, after the grant', () => {
    const scp = policyOf([allow('*', '*', { Sid: 'FullAWSAccess' })], { name: 'FullAWSAccess', policyType: 'scp' });
    const boundary = policyOf([allow('s3:*', '*', { Sid: 'BoundaryS3' })], { name: 'boundary.json', policyType: 'boundary' });
    const d = evaluate(
      {
        identity: [identity],
        boundary,
        scps: [
          { name: 'root', policies: [scp] },
          { name: 'ou', policies: [scp] },
        ],
      },
      { action: 's3:GetObject', resource: OBJ, principal: USER },
    );
    expect(d.result).toBe('Allow');
    expect(d.deciding.map((t) => `${t.role}${t.level ? `@${t.level}` : ''}:${t.statement.sid}`)).toEqual([
      'identity:S3All',
      'scp@root:FullAWSAccess',
      'scp@ou:FullAWSAccess',
      'boundary:BoundaryS3',
    ]);
  });
});
