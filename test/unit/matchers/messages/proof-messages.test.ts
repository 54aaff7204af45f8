import '../../../../matchers';
import { policySet } from '../../../../src/engine/build-policy-set';
import { failureMessage } from './failure-message';

const doc = (...Statement: object[]) => policySet({ identity: { Version: '2012-10-17', Statement } });
const lake = (...Action: string[]) =>
  doc({
    Sid: 'Lake',
    Effect: 'Allow',
    Action,
    Resource: 'arn:aws:s3:::lake/*',
  });

// The proofs decide every request of the domain with evaluate() (reference_policies_evaluation-logic.md).
describe('toGrantNoNewAccessOver messages', () => {
  test('fails with a counterexample: a request allowed that the baseline does not allow', () => {
    expect(failureMessage(() => expect(lake('s3:GetObject', 's3:PutObject')).toGrantNoNewAccessOver(lake('s3:GetObject')))).toMatchInlineSnapshot(`
     "expect(policy).toGrantNoNewAccessOver(baseline)

     Expected no request to be allowed that the baseline does not allow; counterexample:

     s3:PutObject on arn:aws:s3:::lake/example
       received: Allow
         allowed by inline policy:4:5, statement Lake (identity-based policy)
       baseline: ImplicitDeny
         Request:  action s3:PutObject, resource arn:aws:s3:::lake/example
         Decision: Allow (allowed by identity-based policy inline policy, statement Lake (inline policy:4:5))
         Deciding: identity-based policy inline policy, statement Lake (inline policy:4:5)
             | {
             |       "Sid": "Lake",
             |       "Effect": "Allow",
             |       "Action": [
             |         "s3:GetObject",
             |         "s3:PutObject"
             |       ],
             |       "Resource": "arn:aws:s3:::lake/*"
             |     }
         Request:  action s3:PutObject, resource arn:aws:s3:::lake/example
         Decision: implicit Deny (denied: no statement allows it (implicit deny))
         Missing:
           - no identity-based policy allows s3:PutObject: add an Allow statement for it on arn:aws:s3:::lake/example (identity:)
         Closest allow statements that did not apply:
           - identity-based policy inline policy, statement Lake (inline policy:4:5)
               Action: action "s3:PutObject" is not matched by Action "s3:GetObject" [inline policy:7:7]"
    `);
  });
  test('.not fails when it is proved', () => {
    expect(failureMessage(() => expect(lake('s3:GetObject')).not.toGrantNoNewAccessOver(lake('s3:GetObject', 's3:PutObject')))).toMatchInlineSnapshot(`
     "expect(policy).not.toGrantNoNewAccessOver(baseline)

     Expected a counterexample, but it is proved that no request to be allowed that the baseline does not allow (3 regions decided)."
    `);
  });
});

describe('toBeEquivalentTo messages', () => {
  test('fails with a counterexample', () => {
    expect(failureMessage(() => expect(lake('s3:GetObject')).toBeEquivalentTo(lake('s3:GetObject', 's3:PutObject')))).toMatchInlineSnapshot(`
     "expect(policy).toBeEquivalentTo(other)

     Expected both to allow exactly the same requests; counterexample:

     s3:PutObject on arn:aws:s3:::lake/example
       received: ImplicitDeny
       other: Allow
         allowed by inline policy:4:5, statement Lake (identity-based policy)
         Request:  action s3:PutObject, resource arn:aws:s3:::lake/example
         Decision: implicit Deny (denied: no statement allows it (implicit deny))
         Missing:
           - no identity-based policy allows s3:PutObject: add an Allow statement for it on arn:aws:s3:::lake/example (identity:)
         Closest allow statements that did not apply:
           - identity-based policy inline policy, statement Lake (inline policy:4:5)
               Action: action "s3:PutObject" is not matched by Action "s3:GetObject" [inline policy:7:7]
         Request:  action s3:PutObject, resource arn:aws:s3:::lake/example
         Decision: Allow (allowed by identity-based policy inline policy, statement Lake (inline policy:4:5))
         Deciding: identity-based policy inline policy, statement Lake (inline policy:4:5)
             | {
             |       "Sid": "Lake",
             |       "Effect": "Allow",
             |       "Action": [
             |         "s3:GetObject",
             |         "s3:PutObject"
             |       ],
             |       "Resource": "arn:aws:s3:::lake/*"
             |     }"
    `);
  });
  test('.not fails when it is proved', () => {
    expect(
      failureMessage(() =>
        expect(lake('s3:GetObject', 's3:PutObject')).not.toBeEquivalentTo(
          doc(
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::lake/*',
            },
            {
              Effect: 'Allow',
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::lake/*',
            },
          ),
        ),
      ),
    ).toMatchInlineSnapshot(`
     "expect(policy).not.toBeEquivalentTo(other)

     Expected a counterexample, but it is proved that both to allow exactly the same requests (6 regions decided)."
    `);
  });
  test('UNKNOWN fails: a proof never passes on a guess', () => {
    // One key compared with and without case: outside the decided fragment (src/proof/value-classes.ts).
    const exact = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } });
    const folded = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'data' } } });
    expect(failureMessage(() => expect(exact).toBeEquivalentTo(folded))).toMatchInlineSnapshot(`
     "expect(policy).toBeEquivalentTo(other)

     Expected both to allow exactly the same requests; jest-iam could not decide it (UNKNOWN), and a proof never passes on a guess:
       s3:GetObject: aws:PrincipalTag/team is compared both with and without case"
    `);
  });
});

describe('toBeWithin messages', () => {
  test('fails with a counterexample outside a boundary spec', () => {
    expect(
      failureMessage(() =>
        expect(lake('s3:GetObject', 's3:DeleteObject')).toBeWithin({
          actions: ['s3:GetObject'],
          resources: ['arn:aws:s3:::lake/*'],
        }),
      ),
    ).toMatchInlineSnapshot(`
     "expect(policy).toBeWithin(boundary)

     Expected every allowed request to lie within the boundary; counterexample:

     s3:DeleteObject on arn:aws:s3:::lake/example
       received: Allow
         allowed by inline policy:4:5, statement Lake (identity-based policy)
       boundary: ImplicitDeny
         Request:  action s3:DeleteObject, resource arn:aws:s3:::lake/example
         Decision: Allow (allowed by identity-based policy inline policy, statement Lake (inline policy:4:5))
         Deciding: identity-based policy inline policy, statement Lake (inline policy:4:5)
             | {
             |       "Sid": "Lake",
             |       "Effect": "Allow",
             |       "Action": [
             |         "s3:GetObject",
             |         "s3:DeleteObject"
             |       ],
             |       "Resource": "arn:aws:s3:::lake/*"
             |     }
         Request:  action s3:DeleteObject, resource arn:aws:s3:::lake/example
         Decision: implicit Deny (denied: no statement allows it (implicit deny))
         Missing:
           - no identity-based policy allows s3:DeleteObject: add an Allow statement for it on arn:aws:s3:::lake/example (identity:)
         Closest allow statements that did not apply:
           - identity-based policy boundary spec, statement #1 (boundary spec:4:5)
               Action: action "s3:DeleteObject" is not matched by Action "s3:GetObject" [boundary spec:6:7]"
    `);
  });
  test('.not fails when it is proved', () => {
    expect(failureMessage(() => expect(lake('s3:GetObject')).not.toBeWithin({ actions: ['s3:Get*'] }))).toMatchInlineSnapshot(`
     "expect(policy).not.toBeWithin(boundary)

     Expected a counterexample, but it is proved that every allowed request to lie within the boundary (5 regions decided)."
    `);
  });
});

describe('proof matchers: a user mistake is a clean failure', () => {
  test('a misspelt option says which option was meant', () => {
    expect(
      failureMessage(() =>
        expect(lake('s3:GetObject')).toBeEquivalentTo(lake('s3:GetObject'), {
          action: 's3:*',
        } as never),
      ),
    ).toMatchInlineSnapshot(`"toBeEquivalentTo: unknown option "action"; did you mean "actions"?"`);
  });
  test('options that are not an object', () => {
    expect(failureMessage(() => expect(lake('s3:GetObject')).toGrantNoNewAccessOver(lake('s3:GetObject'), 's3:*' as never))).toMatchInlineSnapshot(
      `"toGrantNoNewAccessOver: options must be an object { actions, resource, principal, context, resourceAccount }"`,
    );
  });
  test('a boundary with no actions', () => {
    expect(failureMessage(() => expect(lake('s3:GetObject')).toBeWithin({ actions: [] }))).toMatchInlineSnapshot(`"toBeWithin: the boundary names no actions"`);
  });
  test('a baseline that is no policy', () => {
    expect(failureMessage(() => expect(lake('s3:GetObject')).toGrantNoNewAccessOver(null as never))).toMatchInlineSnapshot(`
     "toGrantNoNewAccessOver: invalid policies: 1 problem:
       error: expected a policy (document object, JSON/YAML text or a file path), a list of policies or a policySet(), got null"
    `);
  });
});
