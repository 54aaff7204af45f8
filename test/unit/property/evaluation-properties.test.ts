import fc from 'fast-check';
import { stringify } from 'yaml';
import { evaluate } from '../../../src/engine/evaluate';
import type { DecisionResult } from '../../../src/engine/decision';
import type { AccessRequest } from '../../../src/request/access-request';
import { parsePolicy } from '../../../src/policy/parse-policy';
import { normalizeRequest } from '../../../src/request/access-request';
import { compilePolicy } from '../../../src/engine/compile-policy';
import { matchStatement, statementApplies } from '../../../src/engine/match-statement';
import { ACTIONS, policyArb, requestArb, statementArb, type PolicyDoc, type Statement } from './iam-arbitraries';

/**
 * Properties of the evaluation logic that hold for every policy and request, checked on
 * generated ones (fast-check shrinks any counterexample to a small one). IAM User Guide,
 * reference_policies_evaluation-logic.md: "An explicit deny in any of these policies overrides
 * the allow"; by default all requests are implicitly denied, and an explicit allow overrides
 * that default.
 */

const RUNS = { numRuns: 150 };

function decide(doc: PolicyDoc, request: AccessRequest, format: 'json' | 'yaml' = 'json'): DecisionResult {
  const text = format === 'json' ? JSON.stringify(doc, null, 2) : stringify(doc);
  return evaluate(parsePolicy(text, { format, policyType: 'identity', name: 'generated' }), request).result;
}

const withStatement = (doc: PolicyDoc, st: Statement): PolicyDoc => ({ ...doc, Statement: [...doc.Statement, st] });

describe('IAM User Guide, reference_policies_evaluation-logic.md: properties of the decision', () => {
  test('an explicit deny always wins: a Deny that applies to the request makes it ExplicitDeny, whatever else the policy allows', () => {
    fc.assert(
      fc.property(policyArb(), requestArb, (doc, request) => {
        const deny: Statement = { Effect: 'Deny', Action: request.action, Resource: '*' };
        expect(decide(withStatement(doc, deny), request)).toBe('ExplicitDeny');
      }),
      RUNS,
    );
  });

  test('adding a Deny statement never turns a decision into Allow', () => {
    fc.assert(
      fc.property(policyArb(), statementArb('Deny'), requestArb, (doc, deny, request) => {
        const before = decide(doc, request);
        const after = decide(withStatement(doc, deny), request);
        // Each case reads "when the premise holds, the decision; else a value that passes".
        expect(after === 'Allow' ? before : 'Allow').toBe('Allow');
        expect(before !== 'Allow' ? after : 'ImplicitDeny').not.toBe('Allow');
      }),
      RUNS,
    );
  });

  test('adding an Allow statement never turns an explicit deny into Allow', () => {
    fc.assert(
      fc.property(policyArb(), statementArb('Allow'), requestArb, (doc, allow, request) => {
        if (decide(doc, request) !== 'ExplicitDeny') return;
        expect(decide(withStatement(doc, allow), request)).toBe('ExplicitDeny');
      }),
      RUNS,
    );
  });

  test('reference_policies_elements_notaction.md: NotAction with the complement of an Action list decides the same, for every action of the universe', () => {
    fc.assert(
      fc.property(
        policyArb(3),
        fc.subarray([...ACTIONS], { minLength: 1, maxLength: ACTIONS.length - 1 }),
        fc.constantFrom('Allow', 'Deny'),
        requestArb,
        (doc, listed, effect, request) => {
          const complement = ACTIONS.filter((a) => !listed.includes(a));
          // Requests are drawn from ACTIONS, so within that universe the two statements name the same actions.
          const withAction = withStatement(doc, { Effect: effect, Action: listed, Resource: '*' });
          const withNotAction = withStatement(doc, { Effect: effect, NotAction: complement, Resource: '*' });
          expect(decide(withNotAction, request)).toBe(decide(withAction, request));
        },
      ),
      RUNS,
    );
  });

  test('statement order does not matter: any permutation of the statements decides the same', () => {
    fc.assert(
      fc.property(
        policyArb(6).chain((doc) =>
          fc.tuple(fc.constant(doc), fc.shuffledSubarray(doc.Statement, { minLength: doc.Statement.length, maxLength: doc.Statement.length })),
        ),
        requestArb,
        ([doc, shuffled], request) => {
          expect(decide({ ...doc, Statement: shuffled }, request)).toBe(decide(doc, request));
        },
      ),
      RUNS,
    );
  });

  test('a policy round-tripped through JSON and YAML text decides the same', () => {
    fc.assert(
      fc.property(policyArb(), requestArb, (doc, request) => {
        const roundTripped = JSON.parse(JSON.stringify(doc)) as PolicyDoc;
        const json = decide(roundTripped, request, 'json');
        expect(decide(roundTripped, request, 'yaml')).toBe(json);
        expect(decide(doc, request, 'json')).toBe(json);
      }),
      RUNS,
    );
  });

  test('the generators reach all three results (so the properties above are not vacuous)', () => {
    const seen = new Set<DecisionResult>();
    fc.assert(
      fc.property(policyArb(), requestArb, (doc, request) => {
        seen.add(decide(doc, request));
      }),
      { numRuns: 400, seed: 42 },
    );
    expect([...seen].sort()).toEqual(['Allow', 'ExplicitDeny', 'ImplicitDeny']);
  });
});

// The evaluator finds applying statements on a fast path (statementApplies) and explains them
// on another (matchStatement); both must read every statement the same way, and the decision's
// deciding statements must be exactly the applying ones of its effect.
describe('the fast path and the explanation agree', () => {
  test('statementApplies === matchStatement(...).applies for every statement and request', () => {
    fc.assert(
      fc.property(policyArb(8), requestArb, (doc, request) => {
        const policy = parsePolicy(JSON.stringify(doc, null, 2), { policyType: 'identity', name: 'generated' });
        const req = normalizeRequest(request);
        for (const cs of compilePolicy(policy).statements) expect(statementApplies(cs, req)).toBe(matchStatement(cs, req, 'identity').applies);
        const d = evaluate(policy, req);
        const applying = d.trace.filter((t) => t.applies);
        const applyingWith = (effect: string) => applying.filter((t) => t.statement.effect === effect).map((t) => t.statement.index);
        // An explicit deny is decided by every applying Deny, an allow by every applying Allow;
        // an implicit deny has no applying Allow.
        const deciding = d.deciding.map((t) => t.statement.index);
        expect(deciding).toEqual(d.result === 'ExplicitDeny' ? applyingWith('Deny') : d.result === 'Allow' ? applyingWith('Allow') : deciding);
        expect(d.result === 'ImplicitDeny' ? applyingWith('Allow') : []).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
