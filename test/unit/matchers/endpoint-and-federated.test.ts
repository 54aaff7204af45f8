import '../../../matchers';
import { policySet } from '../../../src/engine/build-policy-set';

const doc = (Statement: object[]) => ({ Version: '2012-10-17', Statement });
const OBJ = 'arn:aws:s3:::reports/2026/q1.csv';

describe('matchers with VPC endpoint policies and federated-user sessions (issue 15)', () => {
  test('an endpoint policy in the policy set must allow the request (vpc-endpoints-access.md)', () => {
    const set = policySet({
      identity: doc([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]),
      endpoint: doc([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }]),
    });
    const options = { principal: 'arn:aws:iam::111122223333:user/Alice', vpcEndpoint: { id: 'vpce-1a2b3c4d' } };
    expect(set).toAllow('s3:GetObject', OBJ, options);
    expect(set).toImplicitlyDeny('s3:PutObject', OBJ, options);
  });
  test('federatedBy states the IAM user behind a federated-user session (GetFederationToken)', () => {
    const set = policySet({
      identity: [],
      resource: doc([
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/Alice' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' },
      ]),
      session: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]),
    });
    const fed = { principal: 'arn:aws:sts::111122223333:federated-user/Bob', resourceAccount: '111122223333' };
    expect(set).toAllow('s3:GetObject', OBJ, { ...fed, federatedBy: 'arn:aws:iam::111122223333:user/Alice' });
    expect(set).toImplicitlyDeny('s3:GetObject', OBJ, fed);
  });
});
