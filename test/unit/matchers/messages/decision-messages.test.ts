import '../../../../matchers';
import { failureMessage } from './failure-message';

// The decisions follow the evaluation logic of the IAM User Guide
// (reference_policies_evaluation-logic.md): an explicit Deny wins, else an Allow allows, else the
// request is implicitly denied. These tests pin the whole text a user reads.
const REPORTS = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadReports',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::reports/*',
    },
    {
      Sid: 'NoSecrets',
      Effect: 'Deny',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::reports/secret/*',
    },
  ],
};
const PUBLIC = 'arn:aws:s3:::reports/q1.csv';
const SECRET = 'arn:aws:s3:::reports/secret/keys.csv';

describe('toAllow messages', () => {
  test('fails on an explicit deny, naming the statement that denies', () => {
    expect(failureMessage(() => expect(REPORTS).toAllow('s3:GetObject', SECRET))).toMatchInlineSnapshot(`
     "expect(policy).toAllow(action, resource)

     Expected: Allow
     Received: explicit Deny

       Request:  action s3:GetObject, resource arn:aws:s3:::reports/secret/keys.csv
       Decision: explicit Deny (explicitly denied by identity-based policy inline policy, statement NoSecrets (inline policy:10:5))
       Deciding: identity-based policy inline policy, statement NoSecrets (inline policy:10:5)
           | {
           |       "Sid": "NoSecrets",
           |       "Effect": "Deny",
           |       "Action": "s3:GetObject",
           |       "Resource": "arn:aws:s3:::reports/secret/*"
           |     }"
    `);
  });
  test('fails on an implicit deny, naming the nearest statement and what did not match', () => {
    expect(failureMessage(() => expect(REPORTS).toAllow('s3:PutObject', PUBLIC))).toMatchInlineSnapshot(`
     "expect(policy).toAllow(action, resource)

     Expected: Allow
     Received: implicit Deny

       Request:  action s3:PutObject, resource arn:aws:s3:::reports/q1.csv
       Decision: implicit Deny (denied: no statement allows it (implicit deny))
       Missing:
         - no identity-based policy allows s3:PutObject: add an Allow statement for it on arn:aws:s3:::reports/q1.csv (identity:)
       Closest allow statements that did not apply:
         - identity-based policy inline policy, statement ReadReports (inline policy:4:5)
             Action: action "s3:PutObject" is not matched by Action "s3:GetObject" [inline policy:7:7]"
    `);
  });
  test('.not fails on an allow, naming the allowing statement', () => {
    expect(failureMessage(() => expect(REPORTS).not.toAllow('s3:GetObject', PUBLIC))).toMatchInlineSnapshot(`
     "expect(policy).not.toAllow(action, resource)

     Expected: not Allow
     Received: Allow

       Request:  action s3:GetObject, resource arn:aws:s3:::reports/q1.csv
       Decision: Allow (allowed by identity-based policy inline policy, statement ReadReports (inline policy:4:5))
       Deciding: identity-based policy inline policy, statement ReadReports (inline policy:4:5)
           | {
           |       "Sid": "ReadReports",
           |       "Effect": "Allow",
           |       "Action": "s3:GetObject",
           |       "Resource": "arn:aws:s3:::reports/*"
           |     }"
    `);
  });
  test('lists: each failing cell of the cross product, numbered', () => {
    expect(failureMessage(() => expect(REPORTS).toAllow('s3:GetObject', [PUBLIC, SECRET, 'arn:aws:s3:::other/x']))).toMatchInlineSnapshot(`
     "expect(policy).toAllow(action, resource)

     Expected: Allow
     Received: explicit Deny, implicit Deny in 2 of 3 cells

     Cell 1/2: s3:GetObject on arn:aws:s3:::reports/secret/keys.csv
       Request:  action s3:GetObject, resource arn:aws:s3:::reports/secret/keys.csv
       Decision: explicit Deny (explicitly denied by identity-based policy inline policy, statement NoSecrets (inline policy:10:5))
       Deciding: identity-based policy inline policy, statement NoSecrets (inline policy:10:5)
           | {
           |       "Sid": "NoSecrets",
           |       "Effect": "Deny",
           |       "Action": "s3:GetObject",
           |       "Resource": "arn:aws:s3:::reports/secret/*"
           |     }

     Cell 2/2: s3:GetObject on arn:aws:s3:::other/x
       Request:  action s3:GetObject, resource arn:aws:s3:::other/x
       Decision: implicit Deny (denied: no statement allows it (implicit deny))
       Missing:
         - no identity-based policy allows s3:GetObject: add an Allow statement for it on arn:aws:s3:::other/x (identity:)
       Closest allow statements that did not apply:
         - identity-based policy inline policy, statement ReadReports (inline policy:4:5)
             Resource: resource "arn:aws:s3:::other/x" is not matched by Resource "arn:aws:s3:::reports/*" [inline policy:8:7]"
    `);
  });
  test('an action alone (no resource) names only the action in the hint', () => {
    expect(failureMessage(() => expect(REPORTS).toAllow('s3:ListAllMyBuckets'))).toMatchInlineSnapshot(`
     "expect(policy).toAllow(action)

     Expected: Allow
     Received: implicit Deny

       Request:  action s3:ListAllMyBuckets, resource *
       Decision: implicit Deny (denied: no statement allows it (implicit deny))
       Missing:
         - no identity-based policy allows s3:ListAllMyBuckets: add an Allow statement for it on * (identity:)
       Closest allow statements that did not apply:
         - identity-based policy inline policy, statement ReadReports (inline policy:4:5)
             Action: action "s3:ListAllMyBuckets" is not matched by Action "s3:GetObject" [inline policy:7:7]
             Resource: resource "*" is not matched by Resource "arn:aws:s3:::reports/*" [inline policy:8:7]"
    `);
  });
});

describe('toDeny messages', () => {
  test('fails on an allow', () => {
    expect(failureMessage(() => expect(REPORTS).toDeny('s3:GetObject', PUBLIC))).toMatchInlineSnapshot(`
     "expect(policy).toDeny(action, resource)

     Expected: Deny (explicit or implicit)
     Received: Allow

       Request:  action s3:GetObject, resource arn:aws:s3:::reports/q1.csv
       Decision: Allow (allowed by identity-based policy inline policy, statement ReadReports (inline policy:4:5))
       Deciding: identity-based policy inline policy, statement ReadReports (inline policy:4:5)
           | {
           |       "Sid": "ReadReports",
           |       "Effect": "Allow",
           |       "Action": "s3:GetObject",
           |       "Resource": "arn:aws:s3:::reports/*"
           |     }"
    `);
  });
  test('.not fails on an explicit deny', () => {
    expect(failureMessage(() => expect(REPORTS).not.toDeny('s3:GetObject', SECRET))).toMatchInlineSnapshot(`
     "expect(policy).not.toDeny(action, resource)

     Expected: not Deny (explicit or implicit)
     Received: explicit Deny

       Request:  action s3:GetObject, resource arn:aws:s3:::reports/secret/keys.csv
       Decision: explicit Deny (explicitly denied by identity-based policy inline policy, statement NoSecrets (inline policy:10:5))
       Deciding: identity-based policy inline policy, statement NoSecrets (inline policy:10:5)
           | {
           |       "Sid": "NoSecrets",
           |       "Effect": "Deny",
           |       "Action": "s3:GetObject",
           |       "Resource": "arn:aws:s3:::reports/secret/*"
           |     }"
    `);
  });
  test('.not fails on an implicit deny', () => {
    expect(failureMessage(() => expect(REPORTS).not.toDeny('s3:PutObject', PUBLIC))).toMatchInlineSnapshot(`
     "expect(policy).not.toDeny(action, resource)

     Expected: not Deny (explicit or implicit)
     Received: implicit Deny

       Request:  action s3:PutObject, resource arn:aws:s3:::reports/q1.csv
       Decision: implicit Deny (denied: no statement allows it (implicit deny))
       Missing:
         - no identity-based policy allows s3:PutObject: add an Allow statement for it on arn:aws:s3:::reports/q1.csv (identity:)
       Closest allow statements that did not apply:
         - identity-based policy inline policy, statement ReadReports (inline policy:4:5)
             Action: action "s3:PutObject" is not matched by Action "s3:GetObject" [inline policy:7:7]"
    `);
  });
});

describe('toExplicitlyDeny messages', () => {
  test('fails on an implicit deny', () => {
    expect(failureMessage(() => expect(REPORTS).toExplicitlyDeny('s3:PutObject', PUBLIC))).toMatchInlineSnapshot(`
     "expect(policy).toExplicitlyDeny(action, resource)

     Expected: explicit Deny
     Received: implicit Deny

       Request:  action s3:PutObject, resource arn:aws:s3:::reports/q1.csv
       Decision: implicit Deny (denied: no statement allows it (implicit deny))
       Missing:
         - no identity-based policy allows s3:PutObject: add an Allow statement for it on arn:aws:s3:::reports/q1.csv (identity:)
       Closest allow statements that did not apply:
         - identity-based policy inline policy, statement ReadReports (inline policy:4:5)
             Action: action "s3:PutObject" is not matched by Action "s3:GetObject" [inline policy:7:7]"
    `);
  });
  test('fails on an allow', () => {
    expect(failureMessage(() => expect(REPORTS).toExplicitlyDeny('s3:GetObject', PUBLIC))).toMatchInlineSnapshot(`
     "expect(policy).toExplicitlyDeny(action, resource)

     Expected: explicit Deny
     Received: Allow

       Request:  action s3:GetObject, resource arn:aws:s3:::reports/q1.csv
       Decision: Allow (allowed by identity-based policy inline policy, statement ReadReports (inline policy:4:5))
       Deciding: identity-based policy inline policy, statement ReadReports (inline policy:4:5)
           | {
           |       "Sid": "ReadReports",
           |       "Effect": "Allow",
           |       "Action": "s3:GetObject",
           |       "Resource": "arn:aws:s3:::reports/*"
           |     }"
    `);
  });
  test('.not fails on an explicit deny', () => {
    expect(failureMessage(() => expect(REPORTS).not.toExplicitlyDeny('s3:GetObject', SECRET))).toMatchInlineSnapshot(`
     "expect(policy).not.toExplicitlyDeny(action, resource)

     Expected: not explicit Deny
     Received: explicit Deny

       Request:  action s3:GetObject, resource arn:aws:s3:::reports/secret/keys.csv
       Decision: explicit Deny (explicitly denied by identity-based policy inline policy, statement NoSecrets (inline policy:10:5))
       Deciding: identity-based policy inline policy, statement NoSecrets (inline policy:10:5)
           | {
           |       "Sid": "NoSecrets",
           |       "Effect": "Deny",
           |       "Action": "s3:GetObject",
           |       "Resource": "arn:aws:s3:::reports/secret/*"
           |     }"
    `);
  });
});

describe('toImplicitlyDeny messages', () => {
  test('fails on an explicit deny', () => {
    expect(failureMessage(() => expect(REPORTS).toImplicitlyDeny('s3:GetObject', SECRET))).toMatchInlineSnapshot(`
     "expect(policy).toImplicitlyDeny(action, resource)

     Expected: implicit Deny
     Received: explicit Deny

       Request:  action s3:GetObject, resource arn:aws:s3:::reports/secret/keys.csv
       Decision: explicit Deny (explicitly denied by identity-based policy inline policy, statement NoSecrets (inline policy:10:5))
       Deciding: identity-based policy inline policy, statement NoSecrets (inline policy:10:5)
           | {
           |       "Sid": "NoSecrets",
           |       "Effect": "Deny",
           |       "Action": "s3:GetObject",
           |       "Resource": "arn:aws:s3:::reports/secret/*"
           |     }"
    `);
  });
  test('.not fails on an implicit deny', () => {
    expect(failureMessage(() => expect(REPORTS).not.toImplicitlyDeny('s3:PutObject', PUBLIC))).toMatchInlineSnapshot(`
     "expect(policy).not.toImplicitlyDeny(action, resource)

     Expected: not implicit Deny
     Received: implicit Deny

       Request:  action s3:PutObject, resource arn:aws:s3:::reports/q1.csv
       Decision: implicit Deny (denied: no statement allows it (implicit deny))
       Missing:
         - no identity-based policy allows s3:PutObject: add an Allow statement for it on arn:aws:s3:::reports/q1.csv (identity:)
       Closest allow statements that did not apply:
         - identity-based policy inline policy, statement ReadReports (inline policy:4:5)
             Action: action "s3:PutObject" is not matched by Action "s3:GetObject" [inline policy:7:7]"
    `);
  });
});

describe('decision matchers: a user mistake is a clean failure, never a stack', () => {
  test('a misspelt option says which option was meant', () => {
    expect(
      failureMessage(() =>
        expect(REPORTS).toAllow('s3:GetObject', PUBLIC, {
          principle: 'arn:aws:iam::111122223333:user/alice',
        } as never),
      ),
    ).toMatchInlineSnapshot(`"toAllow: unknown option "principle"; did you mean "principal"?"`);
  });
  test('an unknown option far from any lists the options', () => {
    expect(failureMessage(() => expect(REPORTS).toDeny('s3:GetObject', PUBLIC, { zzzzzz: 1 } as never))).toMatchInlineSnapshot(
      `"toDeny: unknown option "zzzzzz" (options: context, principal, resourceAccount, now, federatedBy, vpcEndpoint, validation, crossCheck)"`,
    );
  });
  test('options that are not an object, and empty lists', () => {
    expect(failureMessage(() => expect(REPORTS).toAllow([], [], 'alice' as never))).toMatchInlineSnapshot(`
     "toAllow: the list of actions is empty, so nothing would be checked
     toAllow: the list of resources is empty, so nothing would be checked
     toAllow: options must be an object { context, principal, resourceAccount, now, federatedBy, vpcEndpoint, validation, crossCheck }"
    `);
  });
  test('a received value that is no policy', () => {
    expect(failureMessage(() => expect(42).toAllow('s3:GetObject', PUBLIC))).toMatchInlineSnapshot(`
     "toAllow: invalid policies: 1 problem:
       error: expected a policy (document object, JSON/YAML text or a file path), a list of policies or a policySet(), got number"
    `);
  });
  test('an invalid policy names the element and the fix', () => {
    const bad = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Alow', Action: 's3:GetObject', Resource: '*' }],
    };
    expect(failureMessage(() => expect(bad).toAllow('s3:GetObject', PUBLIC))).toMatchInlineSnapshot(`
     "toAllow: inline policy: 1 problem:
       5:17: error: Effect must be "Allow" or "Deny" (exactly, case-sensitive), not "Alow"; did you mean "Allow"? (at Statement[0].Effect)"
    `);
  });
  test('a context value no condition can read', () => {
    const tagged = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { NumericLessThan: { 's3:max-keys': '10' } },
        },
      ],
    };
    expect(
      failureMessage(() =>
        expect(tagged).toAllow('s3:GetObject', PUBLIC, {
          context: { 's3:max-keys': 'ten' },
        }),
      ),
    ).toMatchInlineSnapshot(
      `"toAllow: request context s3:max-keys = "ten" is not a number, which NumericLessThan needs (inline policy 10:11); the condition would silently match nothing, so fix the test's value"`,
    );
  });
  test('an error is thrown without jest-iam frames in its stack', () => {
    let error: Error | undefined;
    try {
      expect(REPORTS).toAllow('s3:GetObject', PUBLIC, {
        principle: 'x',
      } as never);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.stack ?? '').not.toMatch(/[/\\]matchers[/\\]kit[/\\]/);
    expect(error?.stack ?? '').toContain('decision-messages.test.ts');
  });
});
