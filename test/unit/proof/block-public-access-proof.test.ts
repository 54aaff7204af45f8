import fc from 'fast-check';
import { policySet } from '../../../src/engine/build-policy-set';
import { evaluate } from '../../../src/engine/evaluate';
import type { AccessRequest } from '../../../src/request/access-request';
import type { BlockPublicAccessSettings } from '../../../src/policy/block-public-access-settings';
import { proveNeverAllows, proveNoNewAccess } from '../../../src/proof';

/**
 * S3 Block Public Access inside proofs (Amazon S3 User Guide, access-control-block-public-access.md):
 * RestrictPublicBuckets refuses callers outside the bucket owner's account when the bucket policy
 * is public; BlockPublicAcls refuses ACL-setting calls whose canned ACL or grant headers are public.
 */

const OWNER = '111122223333';
const OUTSIDER = 'arn:aws:iam::999999999999:user/mallory';
const INSIDER = `arn:aws:iam::${OWNER}:user/alice`;
const PUBLIC_READ = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }],
};
const restrict = (on: boolean) => ({ bucket: { RestrictPublicBuckets: on } });
// The callers' own identity policies allow reading (cross-account access needs both sides).
const READER = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

describe('RestrictPublicBuckets in proofs', () => {
  test('with a public bucket policy, a caller of another account is never allowed: PROVED (without the setting: a counterexample)', () => {
    const set = policySet({ identity: READER, resource: PUBLIC_READ, blockPublicAccess: restrict(true) });
    expect(proveNeverAllows(set, 's3:GetObject', { principal: OUTSIDER, resourceAccount: OWNER }).verdict).toBe('PROVED');
    const open = policySet({ identity: READER, resource: PUBLIC_READ });
    const r = proveNeverAllows(open, 's3:GetObject', { principal: OUTSIDER, resourceAccount: OWNER });
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    expect(evaluate(open, r.witnesses[0].request).result).toBe('Allow');
  });

  test('without a principal, the callers it admits are asked too: a user of the owner account is the counterexample', () => {
    const set = policySet({ identity: [], resource: PUBLIC_READ, blockPublicAccess: restrict(true) });
    const r = proveNeverAllows(set, 's3:GetObject', { resourceAccount: OWNER });
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    expect(r.witnesses[0].request.principal).toMatch(new RegExp(`^arn:aws:iam::${OWNER}:`));
    expect(evaluate(set, r.witnesses[0].request).result).toBe('Allow');
    expect(proveNeverAllows(set, 's3:GetObject', { principal: INSIDER, resourceAccount: OWNER }).verdict).toBe('COUNTEREXAMPLE');
    // An action the bucket policy does not grant: nobody, inside or out.
    expect(proveNeverAllows(set, 's3:PutObject', { resourceAccount: OWNER }).verdict).toBe('PROVED');
  });

  test('no new access: turning RestrictPublicBuckets off grants outsiders access (the witness shows who)', () => {
    const before = policySet({ identity: [], resource: PUBLIC_READ, blockPublicAccess: restrict(true) });
    const after = policySet({ identity: [], resource: PUBLIC_READ, blockPublicAccess: restrict(false) });
    const r = proveNoNewAccess(after, before, { actions: 's3:GetObject', resourceAccount: OWNER });
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    expect(evaluate(after, r.witnesses[0].request).result).toBe('Allow');
    expect(evaluate(before, r.witnesses[0].request).result).not.toBe('Allow');
    expect(proveNoNewAccess(before, after, { actions: 's3:GetObject', resourceAccount: OWNER }).verdict).toBe('PROVED');
  });
});

describe('BlockPublicAcls in proofs', () => {
  const acl = (values: string[] | string, op = 'StringEquals') => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: { [op]: { 's3:x-amz-acl': values } } }],
  });
  const bpa = { bucket: { BlockPublicAcls: true } };

  test('uploads allowed only with public canned ACLs are never allowed under BlockPublicAcls: PROVED', () => {
    const set = policySet({ identity: acl(['public-read', 'authenticated-read']), blockPublicAccess: bpa });
    expect(proveNeverAllows(set, 's3:PutObject').verdict).toBe('PROVED');
    expect(proveNeverAllows(policySet({ identity: acl(['public-read', 'authenticated-read']) }), 's3:PutObject').verdict).toBe('COUNTEREXAMPLE');
  });

  test('StringLike "public-*" still lets a non-canned value through; canned names compare without case', () => {
    const set = policySet({ identity: acl('public-*', 'StringLike'), blockPublicAccess: bpa });
    const r = proveNeverAllows(set, 's3:PutObject');
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    const value = String(r.witnesses[0].request.context?.['s3:x-amz-acl']);
    expect(['public-read', 'public-read-write']).not.toContain(value.toLowerCase());
    expect(evaluate(set, r.witnesses[0].request).result).toBe('Allow');
    // "PUBLIC-READ" is refused as public-read is (S3 reads canned ACLs without case).
    const upper = policySet({ identity: acl(['PUBLIC-READ', 'Public-Read-Write']), blockPublicAccess: bpa });
    expect(proveNeverAllows(upper, 's3:PutObject').verdict).toBe('PROVED');
  });

  test('grant headers naming AllUsers are refused; a grant to an account is not', () => {
    const grant = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:PutObjectAcl', Resource: '*', Condition: { StringLike: { 's3:x-amz-grant-read': '*AllUsers*' } } }],
    };
    const r = proveNeverAllows(policySet({ identity: grant, blockPublicAccess: bpa }), 's3:PutObjectAcl');
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    expect(String(r.witnesses[0].request.context?.['s3:x-amz-grant-read'])).not.toContain('acs.amazonaws.com/groups/global/AllUsers');
    const exact = {
      ...grant,
      Statement: [{ ...grant.Statement[0], Condition: { StringLike: { 's3:x-amz-grant-read': 'uri=http://acs.amazonaws.com/groups/global/AllUsers*' } } }],
    };
    expect(proveNeverAllows(policySet({ identity: exact, blockPublicAccess: bpa }), 's3:PutObjectAcl').verdict).toBe('PROVED');
  });
});

// Differential: small policies on the canned ACL key, random settings, brute force over values
// that hold one of every class (canned names in several cases, near misses, lists).
const ACL_VALUES = ['public-read', 'public-*', 'private', '*-read', 'authenticated-read', 'Public-Read-Write'];
const ACL_OPS = ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike', 'ForAnyValue:StringLike', 'ForAllValues:StringNotEquals'];
const BASE = [
  ...new Set([
    ...ACL_VALUES,
    'public-read',
    'Public-Read',
    'PUBLIC-READ',
    'public-read-write',
    'authenticated-read',
    'AUTHENTICATED-READ',
    'public-',
    'public-x',
    'public-readx',
    'private',
    'x-read',
    '-read',
    'x',
    '',
    '*-read',
    'public-*',
  ]),
];
// Absent, every value, every value twice, and every set of two or three distinct values.
const UNIVERSE: (string | string[] | undefined)[] = [undefined, ...BASE, ...BASE.map((v) => [v, v])];
BASE.forEach((a, i) =>
  BASE.slice(i + 1).forEach((b, j) => {
    UNIVERSE.push([a, b]);
    for (const c of BASE.slice(i + j + 2)) UNIVERSE.push([a, b, c]);
  }),
);

const stmt = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  op: fc.option(fc.constantFrom(...ACL_OPS), { nil: undefined }),
  values: fc.subarray(ACL_VALUES, { minLength: 1, maxLength: 2 }),
});
const settings = fc.record({ BlockPublicAcls: fc.boolean(), IgnorePublicAcls: fc.boolean() }) as fc.Arbitrary<BlockPublicAccessSettings>;

test('the prover agrees with brute force on BlockPublicAcls over canned ACL values (fast-check)', () => {
  let undecided = 0;
  fc.assert(
    fc.property(fc.array(stmt, { minLength: 1, maxLength: 3 }), settings, fc.boolean(), (ss, bucket, account) => {
      const doc = {
        Version: '2012-10-17',
        Statement: ss.map((s) => ({
          Effect: s.Effect,
          Action: 's3:PutObject',
          Resource: '*',
          ...(s.op ? { Condition: { [s.op]: { 's3:x-amz-acl': s.values } } } : {}),
        })),
      };
      const set = policySet({ identity: doc, blockPublicAccess: account ? { account: bucket } : { bucket } });
      let brute = false;
      for (const v of UNIVERSE) {
        const r: AccessRequest = { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', ...(v !== undefined ? { context: { 's3:x-amz-acl': v } } : {}) };
        if (evaluate(set, r).result === 'Allow') {
          brute = true;
          break;
        }
      }
      const proof = proveNeverAllows(set, 's3:PutObject', { resource: 'arn:aws:s3:::b/*' });
      // A set operator over many classes (the canned names compared without case add some) may be UNKNOWN; never a wrong answer.
      if (proof.verdict === 'UNKNOWN') undecided++;
      const outcome =
        proof.verdict === 'UNKNOWN'
          ? { verdict: proof.verdict, tooManyClasses: /value classes/.test(proof.unknown[0].reason) }
          : { verdict: proof.verdict, witnessAllowed: proof.verdict === 'PROVED' || evaluate(set, proof.witnesses[0].request).result === 'Allow' };
      expect(outcome).toEqual(
        proof.verdict === 'UNKNOWN' ? { verdict: 'UNKNOWN', tooManyClasses: true } : { verdict: brute ? 'COUNTEREXAMPLE' : 'PROVED', witnessAllowed: true },
      );
    }),
    { numRuns: 60 },
  );
  expect(undecided).toBeLessThan(15);
});
