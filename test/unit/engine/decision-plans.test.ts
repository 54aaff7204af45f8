import { evaluate } from '../../../src/engine/evaluate';
import { policySet } from '../../../src/engine/build-policy-set';
import { toPolicy } from '../../../src/policy/policy-input';

/**
 * The decision path plans each policy set once per action (src/engine/fast/decide-fast.ts). A
 * set, or a list of policies, changed after a decision must be decided as it is now: an
 * explicit Deny added later wins (IAM User Guide, reference_policies_evaluation-logic.md).
 */

const allow = toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, { name: 'allow.json' });
const deny = toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }, { name: 'deny.json' });
const request = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: 'arn:aws:iam::111122223333:user/u' };

describe('a policy set changed after a decision is decided as it is now', () => {
  test('a policy pushed into the identity list of a set', () => {
    const set = policySet({ identity: [allow] });
    expect(evaluate(set, request).result).toBe('Allow');
    set.identity.push(deny);
    expect(evaluate(set, request).result).toBe('ExplicitDeny');
  });

  test('a boundary set, then an SCP level added', () => {
    const set = policySet({ identity: [allow] });
    expect(evaluate(set, request).result).toBe('Allow');
    set.boundary = deny;
    expect(evaluate(set, request).result).toBe('ExplicitDeny');
    set.boundary = undefined;
    expect(evaluate(set, request).result).toBe('Allow');
    set.scps = [{ name: 'root', policies: [allow] }];
    expect(evaluate(set, request).result).toBe('Allow');
    set.scps[0].policies[0] = deny;
    expect(evaluate(set, request).result).toBe('ExplicitDeny');
  });

  test('a list of policies given to evaluate(), changed in place', () => {
    const list = [allow];
    expect(evaluate(list, request).result).toBe('Allow');
    list.push(deny);
    expect(evaluate(list, request).result).toBe('ExplicitDeny');
    list.splice(1, 1);
    expect(evaluate(list, request).result).toBe('Allow');
  });
});
