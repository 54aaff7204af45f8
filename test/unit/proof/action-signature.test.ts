import { policySet } from '../../../src/engine/build-policy-set';
import { evaluate } from '../../../src/engine/evaluate';
import { prove } from '../../../src/proof';

// Two actions admitted by the same statements share a verdict only when the service-enforced
// rules treat them alike: AWS refuses iam:DeletePolicy on an AWS managed policy whatever the
// policies say (engine/service-enforced/aws-protected.ts), but not s3:GetObject on the same ARN.
test('an action the AWS-protected rules refuse does not vouch for one they do not', () => {
  const set = policySet({ identity: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:iam::aws:policy/*' }] } });
  const r = prove(
    [set],
    { actions: ['iam:DeletePolicy', 's3:GetObject'], principals: [undefined], resourcePattern: 'arn:aws:iam::aws:policy/*' },
    ([d]) => d.result === 'Allow',
  );
  expect(r.verdict).toBe('COUNTEREXAMPLE');
  expect(r.witnesses[0].request.action).toBe('s3:GetObject');
  expect(evaluate(set, r.witnesses[0].request).result).toBe('Allow');
  expect(
    prove([set], { actions: ['iam:DeletePolicy'], principals: [undefined], resourcePattern: 'arn:aws:iam::aws:policy/*' }, ([d]) => d.result === 'Allow')
      .verdict,
  ).toBe('PROVED');
});
