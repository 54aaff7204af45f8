import * as path from 'node:path';
import { policySet } from 'jest-iam';

// examples/rekognition-custom-labels/readme-snippet.test.ts runs this block as it stands.
const policy = path.join(__dirname, 'policies', 'project-model-manager.json');
const model = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1690000000001';

test('the model manager may run the model', () => {
  expect(policy).toAllow(['rekognition:StartProjectVersion', 'rekognition:DetectCustomLabels'], model);
  expect(policy).toImplicitlyDeny('rekognition:DeleteProject', 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1690000000000');
  expect(policy).not.toAllow('rekognition:DetectCustomLabels', model.replace('MyVersion', 'MyVersion2'));
});

test('request context, principal and a whole policy set', () => {
  // examples/organisation-guardrails: identity policy, permissions boundary, SCPs at three levels.
  const p = (f: string) => path.join(__dirname, '..', 'organisation-guardrails', 'policies', f);
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
  expect(developer).toAllow('rekognition:DetectCustomLabels', model, request);
  expect(developer).toImplicitlyDeny('ec2:RunInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/*', request);
  expect(developer).toExplicitlyDeny('iam:CreateRole', 'arn:aws:iam::111122223333:role/Escalated', request);
});
