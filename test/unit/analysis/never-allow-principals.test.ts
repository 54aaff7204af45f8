import { policySet } from '../../../src/engine/build-policy-set';
import { namedPrincipals } from '../../../src/analysis/never-allow-principals';
import { checkNeverAllow } from '../../../src/analysis/never-allow';

// aws:PrincipalArn patterns with a wildcard account (AWS managed permissions boundaries use them)
// become callers of a real account, so the never check can ask as them.
test('a principal pattern with a wildcard account is asked as a caller of a 12-digit account', () => {
  const set = policySet({
    identity: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/AWS-QuickSetup-*' } } },
      ],
    },
  });
  expect(namedPrincipals(set)).toEqual(['arn:aws:iam::111122223333:role/AWS-QuickSetup-jest-iam-other']);
  const report = checkNeverAllow(set, 'iam:PassRole');
  expect(report.findings.length).toBeGreaterThan(0);
});
