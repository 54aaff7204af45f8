import fc from 'fast-check';
import { evaluate, evaluateWithExplanation } from '../../../src/engine/evaluate';
import { compilePolicy, statementsForAction } from '../../../src/engine/compile-policy';
import { statementApplies } from '../../../src/engine/match-statement';
import { statementTest } from '../../../src/engine/fast/statement-test';
import { parsePolicy } from '../../../src/policy/parse-policy';
import { normalizeRequest } from '../../../src/request/access-request';
import type { PolicySet } from '../../../src/policy/policy-set';
import { ACCOUNTS, policyArb, policySetArb, requestArb, resourceStatementArb, setRequestArb, statementArb } from './iam-arbitraries';
import { buildSet } from './policy-set-docs';

/**
 * `evaluate()` answers the result on the decision-only path (src/engine/fast) and explains on
 * the explaining path (match-statement.ts and the combining rules of evaluate.ts). They are one
 * semantics: the same result for every policy type (identity, boundary, SCP and RCP levels,
 * resource-based, session and VPC endpoint policies), every statement read the same way,
 * conditions and resources with policy variables included.
 */

const policiesOf = (set: PolicySet) => [
  ...set.identity,
  ...(set.resource ?? []),
  ...(set.boundary ? [set.boundary] : []),
  ...(set.scps ?? []).flatMap((l) => l.policies),
  ...(set.rcps ?? []).flatMap((l) => l.policies),
  ...(set.session ?? []),
  ...(set.endpoint ?? []),
];

const endpointArb = fc.option(
  fc.array(fc.oneof(resourceStatementArb(), fc.constant({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' })), { minLength: 1, maxLength: 3 }),
  { nil: undefined, freq: 3 },
);

describe('the decision-only path and the explaining path are one semantics', () => {
  test('every statement: the specialised test says what statementApplies says (Resource patterns with variables, conditions with variables)', () => {
    fc.assert(
      fc.property(fc.array(statementArb(), { minLength: 1, maxLength: 8 }), requestArb, (statements, request) => {
        const policy = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), { policyType: 'identity', name: 'generated' });
        const req = normalizeRequest(request);
        for (const cs of statementsForAction(compilePolicy(policy), req.action, req.service))
          expect(statementTest(cs)(req)).toBe(statementApplies(cs, req, true));
      }),
      { numRuns: 400 },
    );
  });

  test('one identity policy: evaluate() gives the explaining path result', () => {
    fc.assert(
      fc.property(policyArb(8), requestArb, (doc, request) => {
        const policy = parsePolicy(JSON.stringify(doc), { policyType: 'identity', name: 'generated' });
        expect(evaluate(policy, request).result).toBe(evaluateWithExplanation(policy, request).result);
      }),
      { numRuns: 300 },
    );
  });

  test('long policies (10 to 30 statements, so a resource index is used): the same result on both paths', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(statementArb(), { minLength: 10, maxLength: 30 }), requestArb, (generated, request) => {
        // Every statement names every service of the vocabulary, so the lists for one action are long.
        const statements = generated.map(({ NotAction: _, ...st }) => ({ ...st, Action: ['s3:*', 'ec2:*', 'iam:*', 'rekognition:*'] }));
        const policy = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), { policyType: 'identity', name: 'long' });
        // A list is indexed after a few decisions (fast/decide-fast.ts): ask enough times that the later answers come through the index.
        const results = Array.from({ length: 10 }, () => evaluate(policy, request).result);
        const explained = evaluateWithExplanation(policy, request).result;
        expect(results).toEqual(results.map(() => explained));
        seen.add(explained);
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(['Allow', 'ExplicitDeny', 'ImplicitDeny']);
  });

  test('one identity policy, every kind of caller of either account (the identity-only decision): the same result on both paths', () => {
    // Root users, federated-user sessions, anonymous and service callers, other accounts: each rule
    // of the identity-only decision (fast/decide-fast.ts decideIdentityOnly) is reached.
    const callers = [
      '111122223333',
      'arn:aws:iam::111122223333:root',
      'arn:aws:sts::111122223333:federated-user/fed',
      'arn:aws:sts::111122223333:assumed-role/Builder/s1',
      'arn:aws:iam::444455556666:user/carol',
      'anonymous',
      's3.amazonaws.com',
      'arn:aws:iam::111122223333:user/alice',
    ];
    const seen = new Set<string>();
    fc.assert(
      fc.property(policyArb(6), requestArb, fc.constantFrom(...callers), fc.constantFrom(...ACCOUNTS), (doc, request, principal, account) => {
        const policy = parsePolicy(JSON.stringify(doc), { policyType: 'identity', name: 'generated' });
        const r = { ...request, principal, resourceAccount: account };
        const fast = evaluate(policy, r);
        expect(fast.result).toBe(evaluateWithExplanation(policy, r).result);
        seen.add(`${principal} ${fast.result}`);
      }),
      { numRuns: 400 },
    );
    // Not vacuous: a root user is allowed somewhere, and a federated session without a session policy never is.
    expect([...seen].some((x) => x.startsWith('111122223333 Allow'))).toBe(true);
    expect([...seen].some((x) => x.startsWith('arn:aws:sts::111122223333:federated-user/fed Allow'))).toBe(false);
    // And each rule once by hand: a same-account caller allowed, the same caller across accounts not.
    const all = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }), {
      policyType: 'identity',
      name: 'all',
    });
    const ask = (resourceAccount: string) => ({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      principal: 'arn:aws:iam::111122223333:user/alice',
      resourceAccount,
    });
    expect([evaluate(all, ask('111122223333')).result, evaluateWithExplanation(all, ask('111122223333')).result]).toEqual(['Allow', 'Allow']);
    expect([evaluate(all, ask('444455556666')).result, evaluateWithExplanation(all, ask('444455556666')).result]).toEqual(['ImplicitDeny', 'ImplicitDeny']);
  });

  test('whole policy sets, with a VPC endpoint policy sometimes, callers of both accounts: the same result on both paths', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(policySetArb, endpointArb, setRequestArb, (docs, endpoint, request) => {
        const set = buildSet(docs);
        if (endpoint)
          set.endpoint = [parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: endpoint }), { policyType: 'endpoint', name: 'endpoint' })];
        const fast = evaluate(set, request);
        const explained = evaluateWithExplanation(set, request);
        expect(fast.result).toBe(explained.result);
        // Reading the explanation of the fast decision checks the two paths again (FastDecision throws on a disagreement).
        expect(fast.reason).toEqual(explained.reason);
        expect(fast.notes).toEqual(explained.notes);
        seen.add(fast.result);
        const req = normalizeRequest(request);
        for (const p of policiesOf(set))
          for (const cs of statementsForAction(compilePolicy(p), req.action, req.service))
            expect(statementTest(cs)(fast.request)).toBe(statementApplies(cs, fast.request, true));
      }),
      { numRuns: 400 },
    );
    // Not vacuous: the generators reach all three results.
    expect([...seen].sort()).toEqual(['Allow', 'ExplicitDeny', 'ImplicitDeny']);
  });
});
