import { policySet } from '../../../src/engine/build-policy-set';
import { checkNeverAllow } from '../../../src/analysis/never-allow';
import { toBeEquivalentTo, toBeWithin, toGrantNoNewAccessOver } from '../../../matchers/proof-matchers';
import { toNeverAllow } from '../../../matchers/toNeverAllow';
import '../../../matchers';
import { useRecordingRun } from '../report/recording-run';
import { readRunRecords, RUN_DIR_ENV } from '../../../src/coverage/run-records';
import { statementCoverage } from '../../../src/coverage/statement-coverage';
import { takeRecordedCells } from '../../../src/live/cross-check-hook';

expect.extend({ toGrantNoNewAccessOver, toBeEquivalentTo, toBeWithin, toNeverAllow });

const doc = (...Statement: object[]) => policySet({ identity: { Version: '2012-10-17', Statement } });
const tagged = (pattern: string) =>
  doc({
    Sid: 'Lake',
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::lake/*',
    Condition: { StringLike: { 'aws:PrincipalTag/team': pattern } },
  });

// IAM User Guide, reference_policies_elements_condition_operators.md (StringLike) and
// reference_policies_evaluation-logic.md: the decision over the whole policy set.
describe('proof matchers: toGrantNoNewAccessOver, toBeEquivalentTo, toBeWithin', () => {
  test('a widened StringLike fails toGrantNoNewAccessOver with the witness request and the allowing statement', () => {
    expect(tagged('data-*')).toGrantNoNewAccessOver(tagged('data*'));
    let message = '';
    try {
      expect(tagged('data*')).toGrantNoNewAccessOver(tagged('data-*'));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/counterexample/);
    expect(message).toMatch(/s3:GetObject on arn:aws:s3:::lake\/\S* with aws:PrincipalTag\/team="data[^-"]*"/);
    expect(message).toMatch(/allowed by .*statement Lake/);
    expect(message).toMatch(/Decision: Allow/);
  });

  test('toBeEquivalentTo: a refactoring that splits a statement is proved equivalent; a dropped action is not', () => {
    const one = doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::lake/*' });
    const two = doc(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::lake/*' },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::lake/*' },
    );
    const less = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::lake/*' });
    expect(two).toBeEquivalentTo(one);
    expect(less).not.toBeEquivalentTo(one);
    expect(() => expect(less).toBeEquivalentTo(one)).toThrow(/s3:PutObject on arn:aws:s3:::lake\//);
  });

  test('toBeWithin a spec of actions and resources', () => {
    const role = doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::lake/*' }, { Effect: 'Deny', Action: 's3:GetObjectAcl', Resource: '*' });
    expect(role).toBeWithin({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::lake/*'] });
    expect(() => expect(role).toBeWithin({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::lake/*'] })).toThrow(/counterexample/);
  });

  test('UNKNOWN never passes: a policy variable on a free key', () => {
    const self = doc({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/${aws:username}' });
    // The same statements decide alike whatever the variable's value: PROVED without a region.
    expect(self).toBeEquivalentTo(self);
    // A rewritten set (the statement twice) is compared region by region: the free key leaves it UNKNOWN.
    const twice = policySet({
      identity: {
        Version: '2012-10-17',
        Statement: [0, 1].map((i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/${aws:username}' })),
      },
    });
    expect(() => expect(twice).toBeEquivalentTo(self)).toThrow(/UNKNOWN[\s\S]*aws:username/);
    // With the caller given, aws:username is derived from it (reference_policies_variables.md): decided.
    expect(self).toBeEquivalentTo(self, { principal: 'arn:aws:iam::111122223333:user/alice' });
    const other = doc({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/bob' });
    expect(() => expect(other).toGrantNoNewAccessOver(self, { principal: 'arn:aws:iam::111122223333:user/alice' })).toThrow(/user\/bob/);
  });

  test('misspelt options are a usage error', () => {
    expect(() => expect(tagged('a*')).toBeEquivalentTo(tagged('a*'), { action: 's3:*' } as never)).toThrow(/unknown option "action"/);
  });
});

describe('toNeverAllow decides by proof what the search leaves possible', () => {
  // Clauses on one key are ANDed (reference_policies_condition-logic-multiple-context-keys-or-values.md):
  // "starts with ab" and "does not start with a" never hold together.
  const contradictory = doc({
    Effect: 'Allow',
    Action: 's3:DeleteObject',
    Resource: '*',
    Condition: { StringLike: { 'aws:PrincipalTag/t': 'ab*' }, StringNotLike: { 'aws:PrincipalTag/t': 'a*' } },
  });

  test('the search alone reports a possible allow; the proof settles it and the matcher passes', () => {
    const report = checkNeverAllow(contradictory, 's3:DeleteObject');
    expect(report.findings.map((f) => f.kind)).toContain('possible');
    expect(contradictory).toNeverAllow('s3:DeleteObject');
  });
});

// A counterexample is a request evaluate() decided (reference_policies_evaluation-logic.md): it
// exercises the statements that decided it, like any matcher's decision.
describe('proof counterexamples are recorded for statement coverage, never for the IAM cross-check', () => {
  const runDir = useRecordingRun('jest-iam-proof-');

  test("the statement that grants the counterexample is covered; a boundary spec is not the user's policy", () => {
    process.env[RUN_DIR_ENV] = runDir();
    const role = doc(
      { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::lake/*' },
      { Sid: 'Delete', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::lake/*' },
    );
    expect(() => expect(role).toBeWithin({ actions: ['s3:GetObject'] })).toThrow(/counterexample/);
    const coverage = statementCoverage(readRunRecords(runDir()));
    expect(coverage.policies.map((p) => p.name)).toEqual(['inline policy']);
    expect(coverage.policies[0].statements.map((st) => [st.sid, st.hits > 0])).toEqual([
      ['Read', false],
      ['Delete', true],
    ]);
    expect(takeRecordedCells()).toEqual([]);
  });
});
