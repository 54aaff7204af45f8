import { compileCondition, evaluateConditions } from '../../../src/conditions/compile-condition';
import { RequestContext } from '../../../src/request/request-context';
import { clause } from './condition-helpers';

// IAM User Guide, reference_policies_condition-logic-multiple-context-keys-or-values.md: several condition operators,
// or several keys under one operator, are ANDed; all must be true for the statement's effect.
describe('AND across condition clauses (reference_policies_condition-logic-multiple-context-keys-or-values.md)', () => {
  // The page's S3 bucket policy example: StringEquals on two principal tags and ArnNotLike on aws:PrincipalArn.
  const conds = [
    clause('StringEquals', 'aws:PrincipalTag/department', ['finance', 'hr', 'legal']),
    clause('StringEquals', 'aws:PrincipalTag/role', ['audit', 'security']),
    clause('ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::222222222222:user/Ana', 'arn:aws:iam::222222222222:user/Mary']),
  ].map((c) => compileCondition(c, '2012-10-17'));
  const run = (ctx: Record<string, string>) => evaluateConditions(conds, RequestContext.from(ctx));

  test('the page table: all three true -> match', () => {
    const r = run({ 'aws:PrincipalTag/department': 'legal', 'aws:PrincipalTag/role': 'audit', 'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/Nikki' });
    expect(r.matched).toBe(true);
    expect(r.outcomes.map((o) => o.matched)).toEqual([true, true, true]);
  });

  test('the page table: a denied ARN -> no match', () => {
    const r = run({ 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit', 'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/Mary' });
    expect(r.matched).toBe(false);
    expect(r.outcomes.map((o) => o.matched)).toEqual([true, true, false]);
  });

  test('the page table: a missing role tag -> no match', () => {
    const r = run({ 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/Nikki' });
    expect(r.matched).toBe(false);
    expect(r.outcomes[1]).toMatchObject({ matched: false, missingKey: true });
  });

  test('every clause is evaluated, even after the first miss, so each can be explained', () => {
    const r = run({ 'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/Ana' });
    expect(r.outcomes).toHaveLength(3);
    expect(r.outcomes.map((o) => o.matched)).toEqual([false, false, false]);
    expect(r.outcomes.map((o) => o.clause.key)).toEqual(['aws:PrincipalTag/department', 'aws:PrincipalTag/role', 'aws:PrincipalArn']);
  });

  test('no clauses match trivially', () => {
    expect(evaluateConditions([], new RequestContext()).matched).toBe(true);
  });

  test('a compiled clause is reusable across requests', () => {
    const c = compileCondition(clause('NumericLessThan', 's3:max-keys', '10'), '2012-10-17');
    expect(c.evaluate(RequestContext.from({ 's3:max-keys': 5 })).matched).toBe(true);
    expect(c.evaluate(RequestContext.from({ 's3:max-keys': 50 })).matched).toBe(false);
    expect(c.clause.operator).toBe('NumericLessThan');
  });
});
