import * as path from 'node:path';
import { describeDecision, evaluate, policySet } from 'jest-iam';

// The same guardrails through the matchers and evaluate(): the explanation names the policy
// type and organisation level that decided.
const p = (f: string) => path.join(__dirname, 'policies', f);
const developer = policySet({
  identity: [p('developer-identity.json')],
  boundary: p('developer-boundary.json'),
  scps: [
    { name: 'root', policies: p('FullAWSAccess.json') },
    { name: 'ou-prod', policies: p('ou-prod-guardrails.json') },
    { name: 'account 111122223333', policies: p('account-ml-only.json') },
  ],
});
const request = { principal: 'arn:aws:iam::111122223333:role/Developer', context: { 'aws:RequestedRegion': 'us-east-1' } };
const instance = 'arn:aws:ec2:us-east-1:111122223333:instance/*';

test('ec2 is denied by the account-level SCP, and the explanation says so', () => {
  expect(developer).toImplicitlyDeny('ec2:RunInstances', instance, request);
  const d = evaluate(developer, { ...request, action: 'ec2:RunInstances', resource: instance });
  expect(describeDecision(d)).toBe('denied: no allow in SCP at account 111122223333');
});

test('iam:CreateRole is explicitly denied by the permissions boundary', () => {
  const d = evaluate(developer, { ...request, action: 'iam:CreateRole', resource: 'arn:aws:iam::111122223333:role/Escalated' });
  expect(d.result).toBe('ExplicitDeny');
  expect(describeDecision(d)).toMatch(
    /^explicitly denied by permissions boundary developer-boundary\.json, statement DenyIam \(.*developer-boundary\.json:\d+:\d+\)$/,
  );
});

test('a region outside the approved list is explicitly denied by the SCP at ou-prod', () => {
  const model = 'arn:aws:rekognition:ap-southeast-2:111122223333:project/MyProject/version/MyVersion/1690000000001';
  const d = evaluate(developer, {
    ...request,
    context: { 'aws:RequestedRegion': 'ap-southeast-2' },
    action: 'rekognition:DetectCustomLabels',
    resource: model,
  });
  expect(d.result).toBe('ExplicitDeny');
  expect(d.deciding[0].role).toBe('scp');
  expect(d.deciding[0].level).toBe('ou-prod');
  expect(d.deciding[0].statement.sid).toBe('DenyOutsideApprovedRegions');
});
