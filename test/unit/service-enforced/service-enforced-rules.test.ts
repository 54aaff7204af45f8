import { evaluate } from '../../../src/engine/evaluate';
import { policySet } from '../../../src/engine/build-policy-set';
import type { PolicySet } from '../../../src/policy/policy-set';
import { allow, policyOf } from '../../support/policies';

const OWNER = '111122223333';
const OTHER = '444455556666';
const OUTSIDER = `arn:aws:iam::${OTHER}:user/partner`;
const INSIDER = `arn:aws:iam::${OWNER}:user/analyst`;
const OBJECT = 'arn:aws:s3:::data-bucket/report.csv';
const everything = policyOf([allow('*', '*', { Sid: 'All' })], { name: 'admin.json' });
const bucketPolicy = (Principal: unknown) =>
  policyOf([{ Sid: 'Read', Effect: 'Allow', Principal, Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::data-bucket/*' }], {
    name: 'bucket.json',
    policyType: 'resource',
  });

describe('S3 Block Public Access (access-control-block-public-access.md)', () => {
  const publicBucket = (blockPublicAccess: PolicySet['blockPublicAccess']): PolicySet => ({
    identity: [everything],
    resource: [bucketPolicy('*')],
    ...(blockPublicAccess ? { blockPublicAccess } : {}),
  });

  test('RestrictPublicBuckets: a public bucket policy no longer admits callers of other accounts', () => {
    const set = publicBucket({ account: { RestrictPublicBuckets: true } });
    const d = evaluate(set, { action: 's3:GetObject', resource: OBJECT, principal: OUTSIDER, resourceAccount: OWNER });
    expect(d.result).toBe('ExplicitDeny');
    expect(d.serviceDenial).toEqual({ layer: 'block-public-access', code: 'bpa-restrict-public-buckets', setting: 'RestrictPublicBuckets', level: 'account' });
    expect(d.reason).toBe(d.serviceDenial);
    expect(d.deciding).toEqual([]);
  });
  test('RestrictPublicBuckets: anonymous callers are refused too', () => {
    const d = evaluate(publicBucket({ bucket: { RestrictPublicBuckets: true } }), {
      action: 's3:GetObject',
      resource: OBJECT,
      principal: 'anonymous',
      resourceAccount: OWNER,
    });
    expect(d.serviceDenial).toMatchObject({ code: 'bpa-restrict-public-buckets', level: 'bucket' });
  });
  test('RestrictPublicBuckets: principals of the bucket owner and AWS service principals keep access', () => {
    const set = publicBucket({ organization: true });
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJECT, principal: INSIDER, resourceAccount: OWNER }).result).toBe('Allow');
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJECT, principal: 'cloudtrail.amazonaws.com', resourceAccount: OWNER }).result).toBe('Allow');
  });
  test('RestrictPublicBuckets leaves a non-public cross-account grant alone', () => {
    const set: PolicySet = {
      identity: [everything],
      resource: [bucketPolicy({ AWS: OTHER })],
      blockPublicAccess: { account: { RestrictPublicBuckets: true } },
    };
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJECT, principal: OUTSIDER, resourceAccount: OWNER }).result).toBe('Allow');
  });
  test('without the setting the public bucket policy admits everyone', () => {
    expect(evaluate(publicBucket(undefined), { action: 's3:GetObject', resource: OBJECT, principal: 'anonymous', resourceAccount: OWNER }).result).toBe(
      'Allow',
    );
    expect(
      evaluate(publicBucket({ account: { BlockPublicPolicy: true, IgnorePublicAcls: true } }), {
        action: 's3:GetObject',
        resource: OBJECT,
        principal: 'anonymous',
        resourceAccount: OWNER,
      }).result,
    ).toBe('Allow');
  });
  test('BlockPublicAcls: a PutObject with a public canned ACL or a grant to AllUsers fails', () => {
    const set: PolicySet = { identity: [everything], blockPublicAccess: { bucket: { BlockPublicAcls: true } } };
    const put = (context: Record<string, string>) =>
      evaluate(set, { action: 's3:PutObject', resource: OBJECT, principal: INSIDER, resourceAccount: OWNER, context });
    expect(put({ 's3:x-amz-acl': 'public-read' }).serviceDenial).toMatchObject({ code: 'bpa-block-public-acls', setting: 'BlockPublicAcls', level: 'bucket' });
    expect(put({ 's3:x-amz-grant-read': 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' }).result).toBe('ExplicitDeny');
    expect(put({ 's3:x-amz-acl': 'bucket-owner-full-control' }).result).toBe('Allow');
    expect(put({}).result).toBe('Allow');
  });
  test('a request the policies deny stays denied by them', () => {
    const set: PolicySet = { identity: [], resource: [bucketPolicy('*')], blockPublicAccess: { account: { RestrictPublicBuckets: true } } };
    const d = evaluate(set, { action: 's3:DeleteObject', resource: OBJECT, principal: OUTSIDER, resourceAccount: OWNER });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.serviceDenial).toBeUndefined();
  });
  test('policySet() takes blockPublicAccess and refuses misspelt settings', () => {
    const set = policySet({ identity: [], resource: [bucketPolicy('*')], blockPublicAccess: { account: { RestrictPublicBuckets: true } } });
    expect(evaluate(set, { action: 's3:GetObject', resource: OBJECT, principal: 'anonymous', resourceAccount: OWNER }).result).toBe('ExplicitDeny');
    expect(() => policySet({ blockPublicAccess: { account: { RestrictPublicBucket: true } } } as never)).toThrow(
      'blockPublicAccess.account has no setting "RestrictPublicBucket"; did you mean "RestrictPublicBuckets"?',
    );
  });
});

describe('AWS-protected resources', () => {
  const admin: PolicySet = { identity: [everything] };
  const ask = (action: string, resource: string, principal = INSIDER, set: PolicySet = admin) => evaluate(set, { action, resource, principal });

  test('AWS managed policies cannot be changed (access_policies_managed-vs-inline.md)', () => {
    const d = ask('iam:CreatePolicyVersion', 'arn:aws:iam::aws:policy/AdministratorAccess');
    expect(d.result).toBe('ExplicitDeny');
    expect(d.serviceDenial).toEqual({ layer: 'aws-protected', code: 'aws-managed-policy', resource: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    expect(d.reason).toEqual(d.serviceDenial);
    expect(ask('iam:DeletePolicy', 'arn:aws:iam::aws:policy/ReadOnlyAccess').result).toBe('ExplicitDeny');
    // Attaching one is what AWS managed policies are for.
    expect(ask('iam:GetPolicyVersion', 'arn:aws:iam::aws:policy/ReadOnlyAccess').result).toBe('Allow');
    expect(ask('iam:CreatePolicyVersion', `arn:aws:iam::${OWNER}:policy/Mine`).result).toBe('Allow');
  });
  test("service-linked roles: permissions and trust are the service's (using-service-linked-roles.md)", () => {
    const slr = `arn:aws:iam::${OWNER}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`;
    expect(ask('iam:AttachRolePolicy', slr).serviceDenial).toMatchObject({ code: 'service-linked-role' });
    expect(ask('iam:UpdateAssumeRolePolicy', slr).result).toBe('ExplicitDeny');
    expect(ask('iam:DeleteRole', slr).result).toBe('ExplicitDeny');
    // The description may be edited, and the role deleted the documented way.
    expect(ask('iam:UpdateRoleDescription', slr).result).toBe('Allow');
    expect(ask('iam:DeleteServiceLinkedRole', slr).result).toBe('Allow');
  });
  test('IAM Identity Center roles are changed only by IAM Identity Center (identity-center-and-iam-roles.md)', () => {
    const sso = `arn:aws:iam::${OWNER}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef`;
    expect(ask('iam:PutRolePolicy', sso).serviceDenial).toMatchObject({ code: 'identity-center-role' });
    expect(ask('iam:UpdateRole', sso).result).toBe('ExplicitDeny');
    expect(ask('iam:PutRolePolicy', sso, `arn:aws:sts::${OWNER}:assumed-role/AWSServiceRoleForSSO/sso`).result).toBe('Allow');
    expect(ask('iam:GetRole', sso).result).toBe('Allow');
  });
  test('KMS aliases under alias/aws/ are reserved (kms-alias.md)', () => {
    expect(ask('kms:DeleteAlias', `arn:aws:kms:us-east-1:${OWNER}:alias/aws/s3`).serviceDenial).toMatchObject({ code: 'aws-kms-alias' });
    expect(ask('kms:DeleteAlias', `arn:aws:kms:us-east-1:${OWNER}:alias/app`).result).toBe('Allow');
  });
  test('AWS managed keys cannot be changed (concepts.md#aws-managed-key)', () => {
    const key = `arn:aws:kms:us-east-1:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const keyPolicy = policyOf([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 'kms:*', Resource: '*' }], {
      name: 'key.json',
      policyType: 'resource',
    });
    const set = policySet({ identity: [everything], resource: [keyPolicy], awsManagedKeys: [key] });
    const d = evaluate(set, { action: 'kms:PutKeyPolicy', resource: key, principal: INSIDER });
    expect(d.serviceDenial).toMatchObject({ code: 'aws-managed-key' });
    expect(evaluate(set, { action: 'kms:Decrypt', resource: key, principal: INSIDER }).result).toBe('Allow');
    expect(() => policySet({ awsManagedKeys: ['alias/aws/s3'] })).toThrow('awsManagedKeys[0] "alias/aws/s3" is not a KMS key ARN');
  });
});
