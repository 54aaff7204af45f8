import { evaluate } from '../../../src/engine/evaluate';
import type { PolicySet } from '../../../src/policy/policy-set';
import { allow, deny, policyOf } from '../../support/policies';

const ACCT = '111122223333';
const OTHER = '444455556666';
const USER = `arn:aws:iam::${ACCT}:user/David`;
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = `arn:aws:iam::${ACCT}:role/Deployer`;
const SLR = `arn:aws:iam::${ACCT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`;

const identityKms = policyOf([allow('kms:Decrypt', '*', { Sid: 'DecryptAll' })], { name: 'identity.json' });
const keyPolicy = (principal: unknown) =>
  policyOf([{ Sid: 'KeyPolicy', Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }], { name: 'key-policy.json', policyType: 'resource' });

// AWS KMS Developer Guide, key-policies.md: "No AWS principal ... has any permissions to a KMS key
// unless that permission is explicitly allowed in a key policy" (directly or by delegating to IAM).
describe('KMS key policies must allow (key-policies.md)', () => {
  test('an identity-based allow alone does not reach a KMS key', () => {
    const d = evaluate({ identity: [identityKms] }, { action: 'kms:Decrypt', resource: KEY, principal: USER });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.reason).toEqual({ code: 'resource-policy-required', layer: 'resource', required: 'kms-key-policy' });
  });
  test('a key policy delegating to the account lets identity policies grant', () => {
    const set: PolicySet = { identity: [identityKms], resource: [keyPolicy({ AWS: `arn:aws:iam::${ACCT}:root` })] };
    expect(evaluate(set, { action: 'kms:Decrypt', resource: KEY, principal: USER }).result).toBe('Allow');
    expect(evaluate({ ...set, identity: [] }, { action: 'kms:Decrypt', resource: KEY, principal: USER }).result).toBe('ImplicitDeny');
  });
  test('a key policy naming the user grants without an identity allow', () => {
    expect(evaluate({ identity: [], resource: [keyPolicy({ AWS: USER })] }, { action: 'kms:Decrypt', resource: KEY, principal: USER }).result).toBe('Allow');
  });
});

// IAM User Guide, reference_policies_evaluation-logic.md / id_roles_compare.md: assuming a role
// needs the role's trust policy to allow the caller.
describe('role trust policies must allow sts:AssumeRole (id_roles_compare.md)', () => {
  const identity = policyOf([allow('sts:AssumeRole', ROLE)]);
  const trust = (principal: unknown) =>
    policyOf([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }], { name: 'trust.json', policyType: 'trust' });
  test('an identity allow without a trust policy naming the caller is not enough', () => {
    expect(evaluate({ identity: [identity] }, { action: 'sts:AssumeRole', resource: ROLE, principal: USER }).result).toBe('ImplicitDeny');
    expect(
      evaluate(
        { identity: [identity], resource: [trust({ AWS: `arn:aws:iam::${OTHER}:root` })] },
        { action: 'sts:AssumeRole', resource: ROLE, principal: USER },
      ).result,
    ).toBe('ImplicitDeny');
  });
  test('a trust policy naming the account delegates to the identity policy', () => {
    const set: PolicySet = { identity: [identity], resource: [trust({ AWS: ACCT })] };
    expect(evaluate(set, { action: 'sts:AssumeRole', resource: ROLE, principal: USER }).result).toBe('Allow');
    expect(evaluate({ ...set, identity: [] }, { action: 'sts:AssumeRole', resource: ROLE, principal: USER }).result).toBe('ImplicitDeny');
  });
  test('cross account: the trust policy and the caller identity policy must both allow', () => {
    const other = `arn:aws:iam::${OTHER}:user/Eve`;
    const set: PolicySet = { identity: [identity], resource: [trust({ AWS: `arn:aws:iam::${OTHER}:root` })] };
    expect(evaluate(set, { action: 'sts:AssumeRole', resource: ROLE, principal: other }).result).toBe('Allow');
    expect(evaluate({ ...set, identity: [] }, { action: 'sts:AssumeRole', resource: ROLE, principal: other }).result).toBe('ImplicitDeny');
  });
});

// AWS Organizations User Guide, orgs_manage_policies_scps.md: SCPs do not restrict the
// management account, service-linked roles, or AWS service principals.
describe('who SCPs do not restrict (orgs_manage_policies_scps.md)', () => {
  const denyAll = policyOf([deny('*', '*', { Sid: 'DenyAll' })], { name: 'DenyAll', policyType: 'scp' });
  const base: PolicySet = { identity: [policyOf([allow('*')])], scps: [{ name: 'root', policies: [denyAll] }] };
  test('member account principals are restricted', () => {
    expect(evaluate(base, { action: 's3:ListAllMyBuckets', principal: USER }).result).toBe('ExplicitDeny');
  });
  test('principals of the management account are not', () => {
    const d = evaluate({ ...base, managementAccount: ACCT }, { action: 's3:ListAllMyBuckets', principal: USER });
    expect(d.result).toBe('Allow');
    expect(d.notes).toEqual([{ code: 'scps-not-applicable', layer: 'scp', cause: 'management-account', account: ACCT }]);
  });
  test('service-linked roles are not', () => {
    const d = evaluate(base, { action: 'ec2:DescribeInstances', principal: SLR });
    expect(d.result).toBe('Allow');
    expect(d.notes).toEqual([{ code: 'scps-not-applicable', layer: 'scp', cause: 'service-linked-role' }]);
  });
});

// AWS Organizations User Guide, orgs_manage_policies_rcps.md.
describe('what RCPs do not restrict (orgs_manage_policies_rcps.md)', () => {
  const denyExternal = policyOf([{ Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: ['s3:*', 'rekognition:*'], Resource: '*' }], {
    name: 'DenyAll',
    policyType: 'rcp',
  });
  const set: PolicySet = { identity: [policyOf([allow('*')])], rcps: [{ name: 'root', policies: [denyExternal] }] };
  const object = 'arn:aws:s3:::bucket/key';
  test('resources of services that support RCPs are restricted', () => {
    expect(evaluate(set, { action: 's3:GetObject', resource: object, principal: USER, resourceAccount: ACCT }).result).toBe('ExplicitDeny');
  });
  test('resources in the management account are not', () => {
    expect(evaluate({ ...set, managementAccount: ACCT }, { action: 's3:GetObject', resource: object, principal: USER, resourceAccount: ACCT }).result).toBe(
      'Allow',
    );
  });
  test('services without RCP support are not', () => {
    const d = evaluate(set, { action: 'rekognition:DescribeProjects', principal: USER });
    expect(d.result).toBe('Allow');
    expect(d.notes).toEqual([{ code: 'rcps-not-applicable', layer: 'rcp', cause: 'service-unsupported', service: 'rekognition' }]);
  });
  test('requests by service-linked roles are not', () => {
    expect(evaluate(set, { action: 's3:GetObject', resource: object, principal: SLR, resourceAccount: ACCT }).result).toBe('Allow');
  });
});

// IAM User Guide, reference_policies_elements_principal.md: anonymous and service principals.
describe('anonymous callers and service principals (reference_policies_elements_principal.md)', () => {
  const object = 'arn:aws:s3:::public-site/index.html';
  test('identity-based policies never grant an anonymous caller', () => {
    const d = evaluate({ identity: [policyOf([allow('s3:*')])] }, { action: 's3:GetObject', resource: object, principal: 'anonymous', resourceAccount: ACCT });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.reason).toEqual({ code: 'no-identity-policies', layer: 'resource', callerKind: 'Anonymous', resourcePolicyGiven: false });
  });
  test('a resource policy naming a different service principal grants nothing', () => {
    const p = policyOf([{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' }], {
      policyType: 'resource',
    });
    expect(
      evaluate(
        { identity: [], resource: [p] },
        { action: 's3:PutObject', resource: 'arn:aws:s3:::logs/x', principal: 'config.amazonaws.com', resourceAccount: ACCT },
      ).result,
    ).toBe('ImplicitDeny');
    expect(
      evaluate(
        { identity: [], resource: [p] },
        { action: 's3:PutObject', resource: 'arn:aws:s3:::logs/x', principal: 'cloudtrail.amazonaws.com', resourceAccount: ACCT },
      ).result,
    ).toBe('Allow');
  });
  // reference_policies_elements_notprincipal.md: "AWS might validate the account first, then the
  // role, and then the assumed-role user", so the account (and role) must be listed too.
  test('NotPrincipal with Deny denies everyone not listed, and a caller listed without its account', () => {
    const bucketPolicy = (exempt: string[]) =>
      policyOf(
        [
          { Sid: 'AllowAll', Effect: 'Allow', Principal: { AWS: ACCT }, Action: 's3:*', Resource: '*' },
          { Sid: 'OnlyDavid', Effect: 'Deny', NotPrincipal: { AWS: exempt }, Action: 's3:*', Resource: '*' },
        ],
        { policyType: 'resource' },
      );
    const id = policyOf([allow('s3:*')]);
    const ask = (p: ReturnType<typeof bucketPolicy>, principal: string) =>
      evaluate({ identity: [id], resource: [p] }, { action: 's3:GetObject', resource: object, principal, resourceAccount: ACCT });
    const full = bucketPolicy([USER, `arn:aws:iam::${ACCT}:root`]);
    expect(ask(full, USER).result).toBe('Allow');
    expect(ask(full, `arn:aws:iam::${ACCT}:user/Maria`).result).toBe('ExplicitDeny');
    const userOnly = ask(bucketPolicy([USER]), USER);
    expect(userOnly.result).toBe('ExplicitDeny');
    expect(userOnly.deciding[0].checks.find((c) => c.element === 'NotPrincipal')).toMatchObject({
      code: 'principal-not-exempt',
      missing: [{ link: 'account', arn: `arn:aws:iam::${ACCT}:root` }],
    });
  });
  test('NotPrincipal exempts a role session only with its session ARN, role and account listed', () => {
    const session = `arn:aws:sts::${ACCT}:assumed-role/Deployer/ci`;
    const p = (exempt: string[]) =>
      policyOf(
        [
          { Sid: 'DenyOthers', Effect: 'Deny', NotPrincipal: { AWS: exempt }, Action: 's3:*', Resource: '*' },
          { Sid: 'AllowAll', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        ],
        { policyType: 'resource' },
      );
    const ask = (exempt: string[]) =>
      evaluate({ identity: [], resource: [p(exempt)] }, { action: 's3:GetObject', resource: object, principal: session, resourceAccount: ACCT }).result;
    expect(ask([session, ROLE, `arn:aws:iam::${ACCT}:root`])).toBe('Allow');
    expect(ask([ROLE, `arn:aws:iam::${ACCT}:root`])).toBe('ExplicitDeny');
    expect(ask([session, `arn:aws:iam::${ACCT}:root`])).toBe('ExplicitDeny');
  });
});

// reference_policies_elements_notprincipal.md (current page): NotPrincipal with Deny "will always
// deny any IAM principal that has a permissions boundary policy attached, regardless of the
// values specified in the NotPrincipal element".
describe('NotPrincipal and permissions boundaries (reference_policies_elements_notprincipal.md)', () => {
  test('a caller with a permissions boundary is denied even when NotPrincipal lists it', () => {
    const object = 'arn:aws:s3:::b/k';
    const bucket = policyOf(
      [
        { Sid: 'DenyOthers', Effect: 'Deny', NotPrincipal: { AWS: [USER, `arn:aws:iam::${ACCT}:root`] }, Action: 's3:*', Resource: '*' },
        { Sid: 'AllowDavid', Effect: 'Allow', Principal: { AWS: USER }, Action: 's3:*', Resource: '*' },
      ],
      { policyType: 'resource' },
    );
    const boundary = policyOf([allow('s3:*')], { policyType: 'boundary' });
    const ask = (set: PolicySet) => evaluate(set, { action: 's3:GetObject', resource: object, principal: USER, resourceAccount: ACCT });
    expect(ask({ identity: [], resource: [bucket] }).result).toBe('Allow');
    const d = ask({ identity: [], resource: [bucket], boundary });
    expect(d.result).toBe('ExplicitDeny');
    expect(d.deciding[0].checks.find((c) => c.element === 'NotPrincipal')).toMatchObject({ code: 'principal-boundary-not-exempt' });
  });
});
