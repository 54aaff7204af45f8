import { iamMatchers } from '../../../matchers';
import { policySet } from '../../../src/engine/build-policy-set';
import { checkNeverAllow } from '../../../src/analysis/never-allow';
import { policyOf, allow } from '../../support/policies';

expect.extend(iamMatchers);

// toNeverAllowPublicAccess: no caller outside the owner's account (anonymous, or another account
// with every permission of its own), with the page's definition of public
// (Amazon S3 User Guide, access-control-block-public-access.md).
const OWNER = '111122223333';
const owner = { resourceAccount: OWNER };
const bucket = (statement: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*', ...statement }],
});

describe('toNeverAllowPublicAccess', () => {
  test('a bucket policy that grants to "*" is public, and the failure names the statement', () => {
    let message = '';
    try {
      expect(bucket({ Sid: 'World', Principal: '*' })).toNeverAllowPublicAccess(owner);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('Expected no public access to s3:* from outside account 111122223333');
    expect(message).toMatch(/allowed: s3:GetObject on arn:aws:s3:::data\/\S+ as anonymous/);
    expect(message).toMatch(/by .*statement World \(resource-based policy\)/);
  });
  test('a grant to a fixed partner account is not public', () => {
    expect(bucket({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } })).toNeverAllowPublicAccess(owner);
  });
  test('a grant to "*" narrowed by a fixed aws:SourceVpce is not public', () => {
    expect(bucket({ Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })).toNeverAllowPublicAccess(owner);
  });
  test('a grant to "*" on a condition the page does not list is public', () => {
    expect(bucket({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } })).not.toNeverAllowPublicAccess(owner);
  });
  test('RestrictPublicBuckets at the account level closes a public bucket policy', () => {
    const set = policySet({ resource: bucket({ Principal: '*' }), blockPublicAccess: { account: { RestrictPublicBuckets: true } } });
    expect(set).toNeverAllowPublicAccess(owner);
  });
  test('an RCP that admits only the organisation still leaves other accounts of the organisation in', () => {
    const rcp = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
        },
      ],
    };
    const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
    const set = policySet({ resource: bucket({ Principal: '*' }), rcps: [{ name: 'root', policies: [full, rcp] }] });
    // The search finds the context that gets past the RCP: a caller whose aws:PrincipalOrgID is the organisation's.
    let message = '';
    try {
      expect(set).toNeverAllowPublicAccess(owner);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/allowed under condition: s3:GetObject on \S+ as arn:aws:iam::\d{12}:user\/outside-caller/);
    expect(message).toContain('aws:PrincipalOrgID');
  });
  test('a misspelt option or a missing owner is a usage error', () => {
    expect(() => expect(bucket({ Principal: '*' })).toNeverAllowPublicAccess({ resourceAcount: OWNER } as never)).toThrow(
      /^toNeverAllowPublicAccess: .*unknown option "resourceAcount"/s,
    );
    expect(() => expect(bucket({ Principal: '*' })).toNeverAllowPublicAccess({} as never)).toThrow('give resourceAccount');
  });
});

describe('never checks across accounts (reference_policies_evaluation-logic-cross-account.md)', () => {
  test('a caller of another account with every identity permission is not allowed without a resource-based grant', () => {
    const set = policySet({ identity: policyOf([allow('*')]), resource: bucket({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } }) });
    const report = checkNeverAllow(set, 's3:DeleteObject', undefined, { principal: 'arn:aws:iam::999988887777:user/x', resourceAccount: OWNER });
    expect(report.findings).toEqual([]);
  });
});
