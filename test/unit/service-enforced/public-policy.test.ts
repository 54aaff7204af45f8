import { isPublicPolicy, publicStatements } from '../../../src/engine/service-enforced/public-policy';
import { blockPublicAccessProblems, effectiveBlockPublicAccess } from '../../../src/policy/block-public-access-settings';
import { policyOf } from '../../support/policies';

// Amazon S3 User Guide, access-control-block-public-access.md, "The meaning of 'public'".
const grant = (Principal: unknown, Condition?: object, Effect = 'Allow') => ({
  Effect,
  Principal,
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::data/*',
  ...(Condition ? { Condition } : {}),
});
const bucketPolicy = (...statements: object[]) => policyOf(statements, { name: 'bucket.json', policyType: 'resource' });
const isPublic = (...statements: object[]) => isPublicPolicy([bucketPolicy(...statements)]);

describe('the meaning of public for bucket policies (access-control-block-public-access.md)', () => {
  test('a grant to "*" without conditions is public', () => {
    expect(isPublic(grant('*'))).toBe(true);
    expect(isPublic(grant({ AWS: '*' }))).toBe(true);
  });
  test('a grant to a fixed AWS principal, user, role or service principal is not public', () => {
    expect(isPublic(grant({ AWS: 'arn:aws:iam::444455556666:root' }))).toBe(false);
    expect(isPublic(grant({ AWS: 'arn:aws:iam::444455556666:role/Reader' }))).toBe(false);
    expect(isPublic(grant({ Service: 'cloudtrail.amazonaws.com' }))).toBe(false);
  });
  test('one "*" among fixed principals makes the grant public', () => {
    expect(isPublic(grant({ AWS: ['arn:aws:iam::444455556666:root', '*'] }))).toBe(true);
  });
  test('a fixed aws:SourceVpce, aws:SourceArn or aws:SourceAccount narrows a grant to "*"', () => {
    expect(isPublic(grant('*', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }))).toBe(false);
    expect(isPublic(grant('*', { ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' } }))).toBe(false);
    expect(isPublic(grant('*', { StringEquals: { 'aws:SourceAccount': '111122223333' } }))).toBe(false);
  });
  test('a narrowing key with a wildcard or a policy variable is not fixed', () => {
    expect(isPublic(grant('*', { StringLike: { 'aws:SourceVpce': 'vpce-*' } }))).toBe(true);
    expect(isPublic(grant('*', { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } }))).toBe(true);
  });
  test('a negated operator on a narrowing key does not narrow', () => {
    expect(isPublic(grant('*', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }))).toBe(true);
  });
  test('a condition on a key the page does not list leaves the grant public', () => {
    expect(isPublic(grant('*', { StringEquals: { 'aws:PrincipalTag/team': 'data' } }))).toBe(true);
  });
  test('aws:SourceIp limits access to a set of CIDRs, but 0.0.0.0/0 limits nothing', () => {
    expect(isPublic(grant('*', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }))).toBe(false);
    expect(isPublic(grant('*', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }))).toBe(true);
  });
  test('aws:userid inside the pattern AROLEID:* is not fixed', () => {
    expect(isPublic(grant('*', { StringEquals: { 'aws:userid': 'AIDAEXAMPLEUSERID' } }))).toBe(false);
    expect(isPublic(grant('*', { StringLike: { 'aws:userid': 'AROAEXAMPLEROLEID:*' } }))).toBe(true);
  });
  test('Deny statements never make a policy public', () => {
    expect(isPublic(grant('*', undefined, 'Deny'))).toBe(false);
  });
  test('publicStatements names the statements that make it public', () => {
    const p = bucketPolicy({ Sid: 'Partner', ...grant({ AWS: '444455556666' }) }, { Sid: 'World', ...grant('*') });
    expect(publicStatements(p).map((s) => s.sid)).toEqual(['World']);
  });
});

describe('Block Public Access settings levels (access-control-block-public-access.md, orgs_manage_policies_s3.md)', () => {
  test('the most restrictive combination of bucket and account settings applies', () => {
    expect(effectiveBlockPublicAccess({ account: { RestrictPublicBuckets: true }, bucket: { BlockPublicAcls: true, RestrictPublicBuckets: false } })).toEqual({
      RestrictPublicBuckets: 'account',
      BlockPublicAcls: 'bucket',
    });
  });
  test('an organisation-level S3 policy turns all four settings on together', () => {
    expect(effectiveBlockPublicAccess({ organization: true, account: { BlockPublicAcls: false } })).toEqual({
      BlockPublicAcls: 'organization',
      IgnorePublicAcls: 'organization',
      BlockPublicPolicy: 'organization',
      RestrictPublicBuckets: 'organization',
    });
  });
  test('misspelt settings and levels are reported with a suggestion', () => {
    expect(blockPublicAccessProblems({ acount: {} })).toEqual(['blockPublicAccess has no level "acount"; did you mean "account"?']);
    expect(blockPublicAccessProblems({ bucket: { RestrictPublicBucket: true } })).toEqual([
      'blockPublicAccess.bucket has no setting "RestrictPublicBucket"; did you mean "RestrictPublicBuckets"?',
    ]);
    expect(blockPublicAccessProblems({ bucket: { BlockPublicAcls: 'yes' } })).toEqual(['blockPublicAccess.bucket.BlockPublicAcls must be true or false']);
    expect(blockPublicAccessProblems({ organization: {} })).toHaveLength(1);
  });
});
