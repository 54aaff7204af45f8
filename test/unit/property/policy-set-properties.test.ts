import fc from 'fast-check';
import type { AccessRequest } from '../../../src/request/access-request';
import type { DecisionResult } from '../../../src/engine/decision';
import { evaluate } from '../../../src/engine/evaluate';
import {
  policySetArb,
  rcpStatementArb,
  RCP_FULL_ACCESS,
  RCP_SERVICES,
  resourceStatementArb,
  setRequestArb,
  statementArb,
  type PolicySetDocs,
  type Statement,
} from './iam-arbitraries';
import { buildSet, fitForSlot, slotsOf, withStatementAt, withStatementOrder, type PolicySlot } from './policy-set-docs';

/**
 * The properties of evaluation-properties.test.ts, over whole policy sets: identity policies,
 * a permissions boundary, SCP and RCP levels, a resource-based policy and a session policy, for
 * callers of the resource's account and of another account. IAM User Guide,
 * reference_policies_evaluation-logic.md: "An explicit deny in any of these policies overrides
 * the allow"; reference_policies_evaluation-logic-cross-account.md for the cross-account case.
 */

const RUNS = { numRuns: 120 };

function decide(docs: PolicySetDocs, request: AccessRequest, format: 'json' | 'yaml' = 'json'): DecisionResult {
  return evaluate(buildSet(docs, format), request).result;
}

/** A set, a request, and one of the set's policies (by index into its slots). */
const caseArb = fc.tuple(policySetArb, setRequestArb, fc.nat()).map(([docs, request, pick]) => {
  const slots = slotsOf(docs);
  return { docs, request, slot: slots[pick % slots.length] };
});

/**
 * Whether a policy of this role takes part in the request at all: RCPs only for services that
 * support them (AWS Organizations User Guide, orgs_manage_policies_rcps.md), session policies
 * only for role sessions (IAM User Guide, access_policies.md#policies_session).
 */
function inEffect(slot: PolicySlot, request: AccessRequest): boolean {
  if (slot.role === 'rcp') return RCP_SERVICES.has(request.action.split(':')[0].toLowerCase());
  if (slot.role === 'session') return request.principal?.includes(':assumed-role/') ?? false;
  return true;
}

/** A random statement of `effect` that the policy at `slot` may hold (grammar of its type). */
function statementFor(slot: PolicySlot, effect: 'Allow' | 'Deny'): fc.Arbitrary<Statement> {
  if (slot.role === 'rcp') return effect === 'Deny' ? rcpStatementArb() : fc.constant(RCP_FULL_ACCESS);
  if (slot.role === 'resource') return resourceStatementArb(effect);
  return statementArb(effect);
}

const withDrawn = (effect: 'Allow' | 'Deny') => caseArb.chain((c) => statementFor(c.slot, effect).map((statement) => ({ ...c, statement })));

describe('IAM User Guide, reference_policies_evaluation-logic.md: properties of the decision over whole policy sets', () => {
  test('an explicit deny in any policy that takes part always wins (identity, boundary, SCP, RCP, resource-based, session)', () => {
    fc.assert(
      fc.property(caseArb, ({ docs, request, slot }) => {
        fc.pre(inEffect(slot, request));
        const deny = fitForSlot(slot, { Effect: 'Deny', Action: request.action, Resource: '*' });
        expect(decide(withStatementAt(docs, slot, deny), request)).toBe('ExplicitDeny');
      }),
      RUNS,
    );
  });

  test('adding a Deny statement to any policy of the set never turns a decision into Allow', () => {
    fc.assert(
      fc.property(withDrawn('Deny'), ({ docs, request, slot, statement }) => {
        const before = decide(docs, request);
        const after = decide(withStatementAt(docs, slot, statement), request);
        // Each case reads "when the premise holds, the decision after; else a value that passes".
        expect(before !== 'Allow' ? after : 'ImplicitDeny').not.toBe('Allow');
        expect(before === 'ExplicitDeny' ? after : 'ExplicitDeny').toBe('ExplicitDeny');
      }),
      RUNS,
    );
  });

  test('adding an Allow statement to any policy of the set never turns an explicit deny into Allow', () => {
    fc.assert(
      fc.property(withDrawn('Allow'), ({ docs, request, slot, statement }) => {
        fc.pre(decide(docs, request) === 'ExplicitDeny');
        expect(decide(withStatementAt(docs, slot, statement), request)).toBe('ExplicitDeny');
      }),
      RUNS,
    );
  });

  test('statement order within each policy does not matter', () => {
    fc.assert(
      fc.property(
        policySetArb,
        setRequestArb,
        fc.array(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), { minLength: 8, maxLength: 8 }),
        (docs, request, keys) => {
          // Sort each policy's statements by random keys: one arbitrary permutation per policy.
          const shuffled = withStatementOrder(docs, (sts, i) =>
            sts
              .map((st, k) => ({ st, key: keys[i % 8][k % 8] * 16 + k }))
              .sort((a, b) => a.key - b.key)
              .map((x) => x.st),
          );
          expect(decide(shuffled, request)).toBe(decide(docs, request));
        },
      ),
      RUNS,
    );
  });

  test('every policy of the set round-tripped through JSON and YAML text decides the same', () => {
    fc.assert(
      fc.property(policySetArb, setRequestArb, (docs, request) => {
        expect(decide(docs, request, 'yaml')).toBe(decide(docs, request, 'json'));
      }),
      RUNS,
    );
  });

  test('the generators reach every result, and sets with each kind of policy, same- and cross-account (so the properties above are not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(policySetArb, setRequestArb, (docs, request) => {
        const result = decide(docs, request);
        seen.add(result);
        const cross = request.principal?.split(':')[4] !== request.resourceAccount;
        seen.add(`${cross ? 'cross' : 'same'}-account ${result}`);
        for (const role of new Set(slotsOf(docs).map((s) => s.role))) seen.add(`${role} ${result}`);
      }),
      { numRuns: 600, seed: 7 },
    );
    const expected = ['Allow', 'ExplicitDeny', 'ImplicitDeny', 'same-account Allow', 'cross-account Allow', 'cross-account ImplicitDeny'];
    for (const role of ['identity', 'boundary', 'scp', 'rcp', 'resource', 'session']) expected.push(`${role} Allow`, `${role} ExplicitDeny`);
    expect(expected.filter((e) => !seen.has(e))).toEqual([]);
  });
});
