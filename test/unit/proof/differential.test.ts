import fc from 'fast-check';
import { policySet } from '../../../src/engine/build-policy-set';
import { evaluate } from '../../../src/engine/evaluate';
import type { AccessRequest } from '../../../src/request/access-request';
import { proveNeverAllows, proveNoNewAccess } from '../../../src/proof';

/**
 * Soundness and completeness of the prover against brute force over a bounded universe: small
 * generated policies over a few ARN patterns and condition values, and every request built from
 * a finite alphabet that holds every witness the prover can choose (shortest strings over the
 * policies' letters and one fresh letter). On that fragment the prover decides everything, and
 * it must say COUNTEREXAMPLE exactly when some request of the universe is allowed.
 */

const ACTIONS = ['s3:GetObject', 's3:PutObject'];
const PATTERNS = ['*', 'a*', '*b', '?', 'ab', 'a?', 'b'];
const TAG_VALUES = ['a*', 'ab', '?', 'b*', ''];
const STRING_OPS = ['StringLike', 'StringEquals', 'StringNotLike', 'StringNotEquals', 'StringLikeIfExists', 'StringNotEqualsIfExists'];
const SET_OPS = ['ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'ForAnyValue:StringNotEquals', 'ForAllValues:StringNotLike'];
const SET_VALUES = ['a', 'b*'];

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  Action: fc.subarray(ACTIONS, { minLength: 1 }),
  Resource: fc.subarray(PATTERNS, { minLength: 1, maxLength: 2 }).map((ps) => ps.map((p) => (p === '*' ? '*' : `arn:aws:s3:::${p}`))),
  tag: fc.option(fc.record({ op: fc.constantFrom(...STRING_OPS), values: fc.subarray(TAG_VALUES, { minLength: 1, maxLength: 2 }) }), { nil: undefined }),
  keys: fc.option(fc.record({ op: fc.constantFrom(...SET_OPS), values: fc.subarray(SET_VALUES, { minLength: 1 }) }), { nil: undefined }),
  nullTag: fc.option(fc.boolean(), { nil: undefined }),
});

type Gen = typeof statement extends fc.Arbitrary<infer T> ? T : never;

function toStatement(s: Gen): object {
  const Condition: Record<string, Record<string, string | string[] | boolean>> = {};
  if (s.tag) Condition[s.tag.op] = { 'aws:PrincipalTag/t': s.tag.values };
  if (s.keys) Condition[s.keys.op] = { 'aws:TagKeys': s.keys.values };
  if (s.nullTag !== undefined) Condition.Null = { 'aws:PrincipalTag/t': s.nullTag ? 'true' : 'false' };
  return { Effect: s.Effect, Action: s.Action, Resource: s.Resource, ...(Object.keys(Condition).length ? { Condition } : {}) };
}

const setOf = (ss: Gen[]) => policySet({ identity: { Version: '2012-10-17', Statement: ss.map(toStatement) } });

const letters = ['a', 'b', 'x'];
const upTo2 = ['', ...letters, ...letters.flatMap((a) => letters.map((b) => a + b))];
const RESOURCES = ['*', ...upTo2.map((s) => `arn:aws:s3:::${s}`)];
// StringEquals reads `*` as a character: the policies' own literals are values too.
const TAG_CHOICES: (string | string[] | undefined)[] = [undefined, ...new Set([...upTo2, ...TAG_VALUES]), ['a', 'b']];
const KEY_BASE = ['', 'a', 'b', 'x', 'b*'];
const KEY_CHOICES: (string[] | undefined)[] = [undefined];
for (let m = 1; m < 1 << KEY_BASE.length; m++) KEY_CHOICES.push(KEY_BASE.filter((_, i) => m & (1 << i)));
for (const v of KEY_BASE) KEY_CHOICES.push([v, v]);

function* universe(sets: Gen[][]): Generator<AccessRequest> {
  const usesTag = sets.flat().some((s) => s.tag || s.nullTag !== undefined);
  const usesKeys = sets.flat().some((s) => s.keys);
  for (const action of ACTIONS)
    for (const resource of RESOURCES)
      for (const tag of usesTag ? TAG_CHOICES : [undefined])
        for (const keys of usesKeys ? KEY_CHOICES : [undefined]) {
          const context: Record<string, string | string[]> = {};
          if (tag !== undefined) context['aws:PrincipalTag/t'] = tag;
          if (keys !== undefined) context['aws:TagKeys'] = keys;
          yield { action, resource, resourceAccount: '111122223333', context };
        }
}

describe('the prover agrees with brute force over a bounded universe (fast-check)', () => {
  test('never allows: PROVED exactly when no request of the universe is allowed; every counterexample is allowed', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), (ss) => {
        const set = setOf(ss);
        let brute = false;
        for (const r of universe([ss]))
          if (evaluate(set, r).result === 'Allow') {
            brute = true;
            break;
          }
        const proof = proveNeverAllows(set, 's3:*Object', { principal: undefined });
        expect(proof.verdict).not.toBe('UNKNOWN');
        // A counterexample is a request evaluate() allows.
        expect(proof.verdict === 'COUNTEREXAMPLE' ? evaluate(set, proof.witnesses[0].request).result : 'Allow').toBe('Allow');
        expect(proof.verdict).toBe(brute ? 'COUNTEREXAMPLE' : 'PROVED');
      }),
      { numRuns: 40 },
    );
  });

  test('no new access: PROVED exactly when no request of the universe is allowed by the candidate and not by the baseline', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 2 }), fc.array(statement, { minLength: 1, maxLength: 2 }), (a, b) => {
        const candidate = setOf(a);
        const baseline = setOf(b);
        let brute = false;
        for (const r of universe([a, b]))
          if (evaluate(candidate, r).result === 'Allow' && evaluate(baseline, r).result !== 'Allow') {
            brute = true;
            break;
          }
        const proof = proveNoNewAccess(candidate, baseline, { actions: 's3:*Object' });
        expect(proof.verdict).not.toBe('UNKNOWN');
        // A counterexample is a request the candidate allows and the baseline does not.
        const witness = proof.verdict === 'COUNTEREXAMPLE' ? proof.witnesses[0].request : undefined;
        expect(witness ? [evaluate(candidate, witness).result, evaluate(baseline, witness).result === 'Allow'] : ['Allow', false]).toEqual(['Allow', false]);
        expect(proof.verdict).toBe(brute ? 'COUNTEREXAMPLE' : 'PROVED');
      }),
      { numRuns: 30 },
    );
  });
});
