import { evaluate } from '../../../src/engine/evaluate';
import { policySet } from '../../../src/engine/build-policy-set';
import { normalizeRequest } from '../../../src/request/access-request';
import { PolicyValidationError } from '../../../src/diagnostics/policy-issue';
import { allow, deny, policyOf } from '../../support/policies';

const ACCT = '111122223333';
const OTHER = '444455556666';
const ROLE = `arn:aws:iam::${ACCT}:role/Deployer`;

const codesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyValidationError) return e.issues.map((i) => i.code);
    throw e;
  }
  return [];
};

// IAM User Guide, id_root-user.md: the root user "has complete access to all AWS services and
// resources in the account"; explicit denies and SCPs still apply (reference_policies_evaluation-logic.md).
describe('the root user (id_root-user.md)', () => {
  const root = `arn:aws:iam::${ACCT}:root`;
  test('is allowed without identity policies in its own account', () => {
    const d = evaluate({ identity: [] }, { action: 'ec2:RunInstances', principal: root });
    expect(d.result).toBe('Allow');
    expect(d.reason).toEqual({ code: 'root-user-full-access', layer: 'identity', account: ACCT });
  });
  test('is still subject to SCPs and explicit denies', () => {
    const scp = policyOf([allow('s3:*')], { name: 'S3Only', policyType: 'scp' });
    expect(evaluate({ identity: [], scps: [{ name: 'root', policies: [scp] }] }, { action: 'ec2:RunInstances', principal: root }).result).toBe('ImplicitDeny');
    const bucket = policyOf([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }], { policyType: 'resource' });
    expect(
      evaluate({ identity: [], resource: [bucket] }, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: root, resourceAccount: ACCT }).result,
    ).toBe('ExplicitDeny');
  });
  test('across accounts, the resource-based policy must allow it too', () => {
    const bucket = policyOf([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:GetObject', Resource: '*' }], {
      policyType: 'resource',
    });
    const ask = (resource: object[]) =>
      evaluate(
        { identity: [], resource: resource as never },
        { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: `arn:aws:iam::${OTHER}:root`, resourceAccount: ACCT },
      ).result;
    expect(ask([bucket])).toBe('Allow');
    expect(ask([])).toBe('ImplicitDeny');
  });
});

// IAM User Guide, id_roles_terms-and-concepts.md ("Trust policy") and reference_policies_elements_principal.md.
describe('role trust policies through policySet({ trust }) (id_roles_terms-and-concepts.md)', () => {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } },
      },
    ],
  };
  test('a web identity caller named by the trust policy may assume the role when the condition holds', () => {
    const set = policySet({ trust });
    const ask = (sub: string) =>
      evaluate(set, {
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: ROLE,
        principal: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com`,
        context: { 'token.actions.githubusercontent.com:sub': sub },
      }).result;
    expect(ask('repo:acme/app:ref:refs/heads/main')).toBe('Allow');
    expect(ask('repo:evil/app:ref:refs/heads/main')).toBe('ImplicitDeny');
  });
  test('a trust policy has no Resource, and loads as one', () => {
    expect(policySet({ trust }).trust?.statements[0].resource).toBeUndefined();
  });
});

describe('requests and inputs that cannot be decided are errors, not decisions', () => {
  const bucket = policyOf([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:user/bob` }, Action: 's3:GetObject', Resource: '*' }], {
    policyType: 'resource',
  });
  // reference_policies_evaluation-logic-cross-account.md: same- and cross-account requests are decided differently.
  test('a resource-based policy with an S3 ARN and no resourceAccount: same or cross account is unknown', () => {
    expect(
      codesOf(() =>
        evaluate({ identity: [], resource: [bucket] }, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: `arn:aws:iam::${OTHER}:user/bob` }),
      ),
    ).toEqual(['resource-account-unknown']);
    expect(
      evaluate(
        { identity: [], resource: [bucket] },
        { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: `arn:aws:iam::${OTHER}:user/bob`, resourceAccount: ACCT },
      ).result,
    ).toBe('ImplicitDeny');
  });
  test('AWS-owned resources (account "aws") are not treated as another account', () => {
    const d = evaluate(policyOf([allow('iam:GetPolicy')]), {
      action: 'iam:GetPolicy',
      resource: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      principal: `arn:aws:iam::${ACCT}:user/alice`,
    });
    expect(d.result).toBe('Allow');
    expect(d.request.resourceAccount).toBeUndefined();
  });
  test('bad context values, resource accounts and times are reported', () => {
    expect(codesOf(() => normalizeRequest({ action: 's3:GetObject', context: { a: { b: 1 } as never } }))).toEqual(['bad-request-context']);
    expect(codesOf(() => normalizeRequest({ action: 's3:GetObject', resourceAccount: 'abc' }))).toEqual(['bad-request-resource-account']);
    expect(codesOf(() => normalizeRequest({ action: 's3:GetObject', now: new Date('yesterday') }))).toEqual(['bad-request-time']);
  });
  test('evaluate() takes documents and paths as well as parsed policies, and reports anything else', () => {
    expect(
      evaluate({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, { action: 's3:GetObject' }).result,
    ).toBe('Allow');
    expect(codesOf(() => evaluate(null as never, { action: 's3:GetObject' }))).toEqual(['bad-policy-input']);
    expect(codesOf(() => evaluate(policyOf([allow('*')]), undefined as never))).toEqual(['bad-request']);
  });
  test('policySet() rejects misspelt keys and malformed organisation levels', () => {
    expect(codesOf(() => policySet({ identiy: [] } as never))).toEqual(['bad-policy-set']);
    expect(codesOf(() => policySet({ scps: [{}] } as never))).toEqual(['bad-policy-set']);
    expect(codesOf(() => policySet(null as never))).toEqual(['bad-policy-set']);
  });
});

// IAM User Guide, reference_policies_variables.md#principaltable and reference_policies_condition-keys.md.
describe('keys derived from the caller (reference_policies_condition-keys.md)', () => {
  const keyOf = (principal: string, key: string) => normalizeRequest({ action: 's3:GetObject', principal }).context.get(key)?.values;
  test('aws:userid where the ARN tells it', () => {
    expect(keyOf(`arn:aws:iam::${ACCT}:root`, 'aws:userid')).toEqual([ACCT]);
    expect(keyOf('anonymous', 'aws:userid')).toEqual(['anonymous']);
    expect(keyOf(`arn:aws:sts::${ACCT}:federated-user/Bob`, 'aws:userid')).toEqual([`${ACCT}:Bob`]);
    expect(keyOf(`arn:aws:iam::${ACCT}:user/Bob`, 'aws:userid')).toBeUndefined();
  });
  test('aws:PrincipalIsAWSService and aws:PrincipalServiceName', () => {
    expect(keyOf('cloudtrail.amazonaws.com', 'aws:PrincipalIsAWSService')).toEqual(['true']);
    expect(keyOf('cloudtrail.amazonaws.com', 'aws:PrincipalServiceName')).toEqual(['cloudtrail.amazonaws.com']);
    expect(keyOf(`arn:aws:iam::${ACCT}:user/Bob`, 'aws:PrincipalIsAWSService')).toEqual(['false']);
    expect(keyOf('anonymous', 'aws:PrincipalIsAWSService')).toBeUndefined();
  });
  test('the data-perimeter RCP lets AWS services through', () => {
    const rcp = policyOf(
      [
        {
          Sid: 'EnforceOrgIdentities',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
        },
      ],
      { policyType: 'rcp' },
    );
    const bucket = policyOf([{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: '*' }], {
      policyType: 'resource',
    });
    expect(
      evaluate(
        { identity: [], resource: [bucket], rcps: [{ name: 'root', policies: [rcp] }] },
        { action: 's3:PutObject', resource: 'arn:aws:s3:::trail/AWSLogs/x', principal: 'cloudtrail.amazonaws.com', resourceAccount: ACCT },
      ).result,
    ).toBe('Allow');
  });
});

describe('session policies and service-linked role sessions', () => {
  // IAM User Guide, access_policies.md#policies_session: only role and federated-user sessions have session policies.
  test('session policies take no part for an IAM user, and the decision says so', () => {
    const d = evaluate(
      { identity: [policyOf([allow('s3:*')])], session: [policyOf([allow('ec2:*')], { policyType: 'session' })] },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: `arn:aws:iam::${ACCT}:user/Bob` },
    );
    expect(d.result).toBe('Allow');
    expect(d.notes).toEqual([{ code: 'session-policies-not-applicable', layer: 'session', caller: `arn:aws:iam::${ACCT}:user/Bob` }]);
  });
  // AWS Organizations, orgs_manage_policies_scps.md: SCPs do not restrict service-linked roles.
  test('SCPs do not restrict a service-linked role session', () => {
    const scp = policyOf([deny('*')], { policyType: 'scp' });
    const d = evaluate(
      { identity: [policyOf([allow('*')])], scps: [{ name: 'root', policies: [scp] }] },
      { action: 'ec2:DescribeInstances', principal: `arn:aws:sts::${ACCT}:assumed-role/AWSServiceRoleForElasticLoadBalancing/ElasticLoadBalancing` },
    );
    expect(d.result).toBe('Allow');
  });
});
