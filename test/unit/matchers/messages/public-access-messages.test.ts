import '../../../../matchers';
import { failureMessage } from './failure-message';

const OWNER = '111122223333';
const bucket = (statement: object) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Read',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::site/*',
      ...statement,
    },
  ],
});

// "Public" as the Amazon S3 User Guide's Block Public Access pages define it
// (access-control-block-public-access.md, "The meaning of public").
describe('toNeverAllowPublicAccess messages', () => {
  test('fails on a bucket policy open to everyone', () => {
    expect(
      failureMessage(() =>
        expect(bucket({ Principal: '*' })).toNeverAllowPublicAccess({
          resourceAccount: OWNER,
        }),
      ),
    ).toMatchInlineSnapshot(`
     "expect(policies).toNeverAllowPublicAccess(options)

     Expected no public access to s3:* from outside account 111122223333 (anonymous, arn:aws:iam::999988887777:user/outside-caller), 1146 requests; found 2:

     1/2 allowed: s3:GetObject on arn:aws:s3:::site/example-object-name as anonymous
       and on 1 more resource: arn:aws:s3:::site/jest-iam-other-object-name
       by inline policy:4:5, statement Read (resource-based policy)
         Request:  action s3:GetObject, resource arn:aws:s3:::site/example-object-name, principal anonymous, context {aws:PrincipalType: Anonymous, aws:userid: anonymous}
         Decision: Allow (allowed by resource-based policy inline policy, statement Read (inline policy:4:5))
         Deciding: resource-based policy inline policy, statement Read (inline policy:4:5)
             | {
             |       "Sid": "Read",
             |       "Effect": "Allow",
             |       "Action": "s3:GetObject",
             |       "Resource": "arn:aws:s3:::site/*",
             |       "Principal": "*"
             |     }

     2/2 allowed: s3:GetObject on arn:aws:s3:::site/example-object-name as arn:aws:iam::999988887777:user/outside-caller
       and on 1 more resource: arn:aws:s3:::site/jest-iam-other-object-name
       by the outside caller's own identity-based policy:1:38, statement OutsideCallerOwnPermissions (identity-based policy)
       by inline policy:4:5, statement Read (resource-based policy)
         Request:  action s3:GetObject, resource arn:aws:s3:::site/example-object-name, principal arn:aws:iam::999988887777:user/outside-caller, context {aws:PrincipalArn: arn:aws:iam::999988887777:user/outside-caller, aws:PrincipalAccount: 999988887777, aws:PrincipalType: User, aws:username: outside-caller, aws:PrincipalIsAWSService: false}
         Decision: Allow (allowed by identity-based policy the outside caller's own identity-based policy, statement OutsideCallerOwnPermissions (the outside caller's own identity-based policy:1:38))
         Deciding: identity-based policy the outside caller's own identity-based policy, statement OutsideCallerOwnPermissions (the outside caller's own identity-based policy:1:38)
             | {"Sid":"OutsideCallerOwnPermissions","Effect":"Allow","Action":"*","Resource":"*"}
         Deciding: resource-based policy inline policy, statement Read (inline policy:4:5)
             | {
             |       "Sid": "Read",
             |       "Effect": "Allow",
             |       "Action": "s3:GetObject",
             |       "Resource": "arn:aws:s3:::site/*",
             |       "Principal": "*"
             |     }"
    `);
  });
  test('.not fails when only the owner account is allowed', () => {
    expect(failureMessage(() => expect(bucket({ Principal: { AWS: `arn:aws:iam::${OWNER}:root` } })).not.toNeverAllowPublicAccess({ resourceAccount: OWNER })))
      .toMatchInlineSnapshot(`
     "expect(policies).not.toNeverAllowPublicAccess(options)

     Expected some public access, but none of s3:* from outside account 111122223333 (anonymous, arn:aws:iam::999988887777:user/outside-caller), 1146 requests is ever allowed."
    `);
  });
  test('options are required', () => {
    expect(failureMessage(() => expect(bucket({ Principal: '*' })).toNeverAllowPublicAccess(undefined as never))).toMatchInlineSnapshot(
      `"toNeverAllowPublicAccess: options { resourceAccount, actions?, resource?, context? } are required: public access is access from outside the owner's account"`,
    );
  });
  test('a misspelt option is rejected with the option meant', () => {
    expect(
      failureMessage(() =>
        expect(bucket({ Principal: '*' })).toNeverAllowPublicAccess({
          resourceAcount: OWNER,
        } as never),
      ),
    ).toMatchInlineSnapshot(`"toNeverAllowPublicAccess: unknown option "resourceAcount"; did you mean "resourceAccount"?"`);
  });
});
