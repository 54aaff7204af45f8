import { evaluate } from '../../../src/engine/evaluate';
import { explainDecision, missingLayers } from '../../../src/explain/explain-decision';
import { parsePolicy } from '../../../src/policy/parse-policy';
import type { PolicySet } from '../../../src/policy/policy-set';

const policy = (statements: object[], policyType: 'identity' | 'scp' = 'identity') =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), { name: 'p.json', policyType });
const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const identity = policy([
  { Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
  { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' },
  { Sid: 'Encrypt', Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' },
  { Sid: 'Decrypt', Effect: 'Allow', Action: 'kms:Decrypt', Resource: key },
]);

// KMS Developer Guide, key-policies.md: no principal can use a KMS key unless its key policy allows it.
test('a KMS request without a key policy names the missing layer and how to give it', () => {
  const d = evaluate({ identity: [identity] }, { action: 'kms:Decrypt', resource: key, principal: 'arn:aws:iam::111122223333:role/App' });
  expect(d.result).toBe('ImplicitDeny');
  expect(missingLayers(d)).toEqual([expect.stringMatching(/key policy must allow the request: give it as `resource:`/)]);
  const text = explainDecision(d);
  // The identity statement that matched is shown as allowing, and the kms statement ranks before dynamodb and s3.
  expect(text).toMatch(/Allowed by \(not enough on their own\):\n\s+- .*statement Decrypt/);
  const closest = text.slice(text.indexOf('Closest allow'));
  expect(closest.indexOf('statement Encrypt')).toBeGreaterThan(-1);
  expect(closest.indexOf('statement Encrypt')).toBeLessThan(Math.max(closest.indexOf('statement Tables'), closest.indexOf('statement List')));
});

// orgs_manage_policies_scps_evaluation.md: every level from the root to the account must allow.
test('an SCP level without an allow is named by its level', () => {
  const set: PolicySet = {
    identity: [policy([{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }])],
    scps: [
      { name: 'root', policies: [policy([{ Effect: 'Allow', Action: '*', Resource: '*' }], 'scp')] },
      { name: 'ou-prod', policies: [policy([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], 'scp')] },
    ],
  };
  const d = evaluate(set, {
    action: 'ec2:RunInstances',
    resource: 'arn:aws:ec2:us-east-1:111122223333:instance/i-1',
    principal: 'arn:aws:iam::111122223333:role/App',
  });
  expect(missingLayers(d)).toEqual(['no allow in SCP at level ou-prod: an SCP of that level must allow ec2:RunInstances (scps: level ou-prod)']);
});

test('an allowed request has nothing missing', () => {
  const d = evaluate({ identity: [identity] }, { action: 's3:ListBucket', resource: 'arn:aws:s3:::b' });
  expect(d.result).toBe('Allow');
  expect(missingLayers(d)).toEqual([]);
});
