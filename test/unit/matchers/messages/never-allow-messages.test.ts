import '../../../../matchers';
import { policySet } from '../../../../src/engine/build-policy-set';
import { failureMessage } from './failure-message';

const doc = (...Statement: object[]) => policySet({ identity: { Version: '2012-10-17', Statement } });

// The never check asks every request the patterns cover (reference_policies_evaluation-logic.md
// decides each) and reports what is allowed, and under which context.
describe('toNeverAllow messages', () => {
  // IpAddress (reference_policies_elements_condition_operators.md): the Deny's /16 lies inside the
  // Allow's /8, so a caller from 10.1.0.0 is allowed; the search's sample (10.0.0.0) is denied,
  // leaving the finding possible, and the proof settles it with a counterexample.
  test('a possible finding the proof turns into a counterexample', () => {
    const set = doc(
      {
        Sid: 'Office',
        Effect: 'Allow',
        Action: 'rekognition:DeleteProject',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
      {
        Sid: 'Lab',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/16' } },
      },
    );
    expect(failureMessage(() => expect(set).toNeverAllow('rekognition:DeleteProject'))).toMatchInlineSnapshot(`
     "expect(policy).toNeverAllow(actionPattern)

     Expected never to allow 1 action matching rekognition:DeleteProject, 2 requests; found 1:

     1/1 possibly allowed: rekognition:DeleteProject on arn:aws:rekognition:us-east-1:111122223333:project/example-project-name/1700000000000 with aws:SourceIp=10.0.0.0
       and on 1 more resource: arn:aws:rekognition:us-east-1:111122223333:project/jest-iam-other-project-name/1700000000000
       if IpAddress aws:SourceIp '10.0.0.0/8'
       by inline policy:4:5, statement Office (identity-based policy)
       with aws:SourceIp=10.0.0.0 the request is denied by statement Lab of inline policy, whose conditions jest-iam could not make false while keeping the allow

     The proof found a request that is allowed:
     rekognition:DeleteProject on arn:aws:rekognition:us-east-1:111122223333:example with aws:SourceIp="10.1.0.0"
       policy: Allow
         allowed by inline policy:4:5, statement Office (identity-based policy)
         Request:  action rekognition:DeleteProject, resource arn:aws:rekognition:us-east-1:111122223333:example, context {aws:SourceIp: 10.1.0.0}
         Decision: Allow (allowed by identity-based policy inline policy, statement Office (inline policy:4:5))
         Deciding: identity-based policy inline policy, statement Office (inline policy:4:5)
             | {
             |       "Sid": "Office",
             |       "Effect": "Allow",
             |       "Action": "rekognition:DeleteProject",
             |       "Resource": "*",
             |       "Condition": {
             |         "IpAddress": {
             |           "aws:SourceIp": "10.0.0.0/8"
             |         }
             |       }
             |     }"
    `);
  });
  // Clauses on one key are ANDed (reference_policies_condition-logic-multiple-context-keys-or-values.md):
  // "starts with ab" and "does not start with a" never hold together, which the proof shows.
  test('.not fails when the proof shows a possible finding is never allowed', () => {
    const set = doc({
      Effect: 'Allow',
      Action: 's3:DeleteObject',
      Resource: '*',
      Condition: {
        StringLike: { 'aws:PrincipalTag/t': 'ab*' },
        StringNotLike: { 'aws:PrincipalTag/t': 'a*' },
      },
    });
    expect(failureMessage(() => expect(set).not.toNeverAllow('s3:DeleteObject'))).toMatchInlineSnapshot(`
     "expect(policy).not.toNeverAllow(actionPattern)

     Expected some request to be possibly allowed, but none of 1 action matching s3:DeleteObject, 5 requests ever is."
    `);
  });

  test('fails on an unconditional allow, with the allowing statement and its explanation', () => {
    const set = doc({
      Sid: 'Cleanup',
      Effect: 'Allow',
      Action: 's3:DeleteObject',
      Resource: 'arn:aws:s3:::logs/*',
    });
    expect(failureMessage(() => expect(set).toNeverAllow('s3:DeleteObject'))).toMatchInlineSnapshot(`
     "expect(policy).toNeverAllow(actionPattern)

     Expected never to allow 1 action matching s3:DeleteObject, 7 requests; found 1:

     1/1 allowed: s3:DeleteObject on arn:aws:s3:::logs/example-object-name
       and on 1 more resource: arn:aws:s3:::logs/jest-iam-other-object-name
       by inline policy:4:5, statement Cleanup (identity-based policy)
         Request:  action s3:DeleteObject, resource arn:aws:s3:::logs/example-object-name
         Decision: Allow (allowed by identity-based policy inline policy, statement Cleanup (inline policy:4:5))
         Deciding: identity-based policy inline policy, statement Cleanup (inline policy:4:5)
             | {
             |       "Sid": "Cleanup",
             |       "Effect": "Allow",
             |       "Action": "s3:DeleteObject",
             |       "Resource": "arn:aws:s3:::logs/*"
             |     }"
    `);
  });
  test('fails on an allow under a condition, with the context that makes it so', () => {
    const set = doc({
      Sid: 'Team',
      Effect: 'Allow',
      Action: 's3:DeleteObject',
      Resource: 'arn:aws:s3:::logs/*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } },
    });
    expect(failureMessage(() => expect(set).toNeverAllow('s3:DeleteObject', 'arn:aws:s3:::logs/*'))).toMatchInlineSnapshot(`
     "expect(policy).toNeverAllow(actionPattern, resourcePattern)

     Expected never to allow 1 action matching s3:DeleteObject on arn:aws:s3:::logs/*, 6 requests; found 1:

     1/1 allowed under condition: s3:DeleteObject on arn:aws:s3:::logs/example-object-name with aws:PrincipalTag/team=ops
       and on 5 more resources: arn:aws:s3:::logs/example-value, arn:aws:s3:::logs/example, arn:aws:s3:::logs/jest-iam-other-object-name, arn:aws:s3:::logs/jest-iam-other-value, arn:aws:s3:::logs/jest-iam-other
       if StringEquals aws:PrincipalTag/team 'ops'
       by inline policy:4:5, statement Team (identity-based policy)
         Request:  action s3:DeleteObject, resource arn:aws:s3:::logs/example-object-name, context {aws:PrincipalTag/team: ops}
         Decision: Allow (allowed by identity-based policy inline policy, statement Team (inline policy:4:5))
         Deciding: identity-based policy inline policy, statement Team (inline policy:4:5)
             | {
             |       "Sid": "Team",
             |       "Effect": "Allow",
             |       "Action": "s3:DeleteObject",
             |       "Resource": "arn:aws:s3:::logs/*",
             |       "Condition": {
             |         "StringEquals": {
             |           "aws:PrincipalTag/team": "ops"
             |         }
             |       }
             |     }"
    `);
  });
  test('.not fails when nothing is ever allowed', () => {
    const set = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(failureMessage(() => expect(set).not.toNeverAllow('s3:DeleteObject'))).toMatchInlineSnapshot(`
     "expect(policy).not.toNeverAllow(actionPattern)

     Expected some request to be possibly allowed, but none of 1 action matching s3:DeleteObject, 5 requests ever is."
    `);
  });
  test('a misspelt option is rejected with the option meant', () => {
    const set = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(
      failureMessage(() =>
        expect(set).toNeverAllow('s3:DeleteObject', '*', {
          principle: 'arn:aws:iam::111122223333:user/alice',
        } as never),
      ),
    ).toMatchInlineSnapshot(`"toNeverAllow: unknown option "principle"; did you mean "principal"?"`);
  });
  test('an action pattern that matches nothing is a usage error', () => {
    const set = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(failureMessage(() => expect(set).toNeverAllow('s3:NoSuchThing*'))).toMatchInlineSnapshot(`
     "toNeverAllow: 1 problem:
       error: "s3:NoSuchThing*" matches no action in the AWS service reference (write service:Action, wildcards allowed, e.g. "s3:Delete*")"
    `);
  });
});
