import { policySet } from '../../../src/engine/build-policy-set';
import { evaluate } from '../../../src/engine/evaluate';
import { proveEquivalent, proveNoNewAccess } from '../../../src/proof';
import { changedActions } from '../../../src/proof/changed-actions';

const doc = (tagPattern: string, sid = 'Data') => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
    { Sid: sid, Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::lake/*', Condition: { StringLike: { 'aws:PrincipalTag/team': tagPattern } } },
  ],
});

describe('only the actions whose statements changed are proved', () => {
  test('a widened condition changes only the actions its statement admits', () => {
    const before = policySet({ identity: doc('data-*') });
    const after = policySet({ identity: doc('data*') });
    expect(changedActions(after, before, ['s3:GetObject', 's3:ListBucket', 's3:PutObject'])).toEqual(['s3:PutObject']);
    const r = proveNoNewAccess(after, before);
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    const w = r.witnesses[0].request;
    expect(w.action).toBe('s3:PutObject');
    expect(evaluate(after, w).result).toBe('Allow');
    expect(evaluate(before, w).result).not.toBe('Allow');
  });

  test('renamed Sids and moved statements change nothing: PROVED without deciding a single region', () => {
    const before = policySet({ identity: doc('data-*') });
    const moved = doc('data-*', 'Renamed');
    moved.Statement.reverse();
    const after = policySet({ identity: moved });
    expect(changedActions(after, before, ['s3:GetObject', 's3:PutObject'])).toEqual([]);
    const r = proveEquivalent(after, before);
    expect(r.verdict).toBe('PROVED');
    expect(r.regions).toBe(0);
  });

  test('a statement moved to another level, or other settings, count as a change for every action', () => {
    const identity = policySet({ identity: doc('data-*') });
    const asBoundary = policySet({ identity: doc('data-*'), boundary: doc('data-*') });
    expect(changedActions(identity, asBoundary, ['s3:GetObject'])).toEqual(['s3:GetObject']);
    const withBpa = policySet({ identity: doc('data-*'), blockPublicAccess: { bucket: { BlockPublicAcls: true } } });
    expect(changedActions(identity, withBpa, ['s3:GetObject', 'iam:GetUser'])).toEqual(['s3:GetObject', 'iam:GetUser']);
  });
});
