import { policySet } from '../../../src/engine/build-policy-set';
import { evaluate } from '../../../src/engine/evaluate';
import { proveEquivalent, proveNeverAllows, proveNoNewAccess } from '../../../src/proof';

const doc = (...Statement: object[]) => policySet({ identity: { Version: '2012-10-17', Statement } });

// IAM User Guide, reference_policies_elements_condition_operators.md (StringLike): `data-*`
// matches only values starting "data-", `data*` also "database" or "data": new access.
describe('no new access, decided for every request (issue example: StringLike data-* -> data*)', () => {
  const before = doc({
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::lake/*',
    Condition: { StringLike: { 'aws:PrincipalTag/team': 'data-*' } },
  });
  const after = doc({
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::lake/*',
    Condition: { StringLike: { 'aws:PrincipalTag/team': 'data*' } },
  });

  test('widening the pattern is new access, with a witness the evaluator allows and the baseline does not', () => {
    const r = proveNoNewAccess(after, before);
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    const w = r.witnesses[0];
    expect(evaluate(after, w.request).result).toBe('Allow');
    expect(evaluate(before, w.request).result).not.toBe('Allow');
    const tag = (w.request.context as Record<string, unknown>)['aws:PrincipalTag/team'];
    expect(typeof tag).toBe('string');
    expect(String(tag).startsWith('data')).toBe(true);
    expect(String(tag).startsWith('data-')).toBe(false);
  });

  test('narrowing it grants nothing new: PROVED', () => {
    expect(proveNoNewAccess(before, after).verdict).toBe('PROVED');
  });

  test('the two are not equivalent, and each is equivalent to itself', () => {
    expect(proveEquivalent(before, after).verdict).toBe('COUNTEREXAMPLE');
    expect(proveEquivalent(after, after).verdict).toBe('PROVED');
  });
});

describe('never allows (reference_policies_evaluation-logic.md: an explicit Deny wins)', () => {
  test('a Deny on the same resources proves the action is never allowed', () => {
    const set = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::audit/*' });
    expect(proveNeverAllows(set, 's3:DeleteObject', { resource: 'arn:aws:s3:::audit/*' }).verdict).toBe('PROVED');
    const r = proveNeverAllows(set, 's3:DeleteObject', { resource: 'arn:aws:s3:::audit*' });
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    expect(r.witnesses[0].request.resource!.startsWith('arn:aws:s3:::audit')).toBe(true);
    expect(r.witnesses[0].request.resource!.startsWith('arn:aws:s3:::audit/')).toBe(false);
  });

  test('a Deny with a condition leaves the requests outside it: counterexample with the key set', () => {
    const set = doc(
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
      { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    );
    const r = proveNeverAllows(set, 'kms:Decrypt');
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    expect(evaluate(set, r.witnesses[0].request).result).toBe('Allow');
  });

  test('a numeric bound: NumericLessThan 10 allows 9 but never 10 or more', () => {
    const set = doc(
      { Effect: 'Allow', Action: 's3:PutObject', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '10' } } },
      { Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '10' } } },
    );
    expect(proveNeverAllows(set, 's3:PutObject').verdict).toBe('PROVED');
  });

  test('a policy variable on a free key is UNKNOWN when no sample shows an allow', () => {
    const set = doc(
      { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/${aws:username}' },
      { Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/*' },
    );
    const r = proveNeverAllows(set, 'iam:CreateAccessKey');
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.unknown[0].reason).toMatch(/aws:username/);
  });

  // reference_policies_elements_resource.md (current page): an incomplete ARN is completed with
  // `*` fields, and a `*` ending a segment may match beyond the colon; the model reads it the same way.
  test('incomplete and segment-spanning Resource ARNs are modelled as the engine matches them', () => {
    const set = doc(
      { Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3' },
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::audit/*' },
    );
    const r = proveNeverAllows(set, 's3:DeleteObject', { resource: 'arn:aws:s3:::*' });
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    expect(evaluate(set, r.witnesses[0].request).result).toBe('Allow');
    expect(proveNeverAllows(set, 's3:DeleteObject', { resource: 'arn:aws:s3:::audit/*' }).verdict).toBe('PROVED');
  });
});
