import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';
import { checkNeverAllow } from '../../../src/report/never-allow';
import { toNeverAllow } from '../../../matchers/toNeverAllow';
import './iam-matcher-types';

expect.extend({ toNeverAllow });

const examples = path.join(__dirname, '..', '..', '..', 'examples', 'rekognition-custom-labels', 'policies');
const manager = policySet({ identity: path.join(examples, 'project-model-manager.json') });
const admin = policySet({ identity: path.join(examples, 'AmazonRekognitionCustomLabelsFullAccess.json') });
const doc = (...Statement: object[]) => policySet({ identity: { Version: '2012-10-17', Statement } });

// IAM User Guide, reference_policies_evaluation-logic.md: a request is allowed only when an
// Allow applies and no Deny does; the check must cover every action and every resource class.
describe('toNeverAllow over every catalogue action of the pattern (reference_policies_evaluation-logic.md)', () => {
  test('the model manager never deletes anything in Rekognition: every Delete* action of the service reference is checked', () => {
    const report = checkNeverAllow(manager, 'rekognition:Delete*');
    expect(report.actions).toContain('rekognition:DeleteProject');
    expect(report.actions).toContain('rekognition:DeleteProjectVersion');
    expect(report.actions.length).toBeGreaterThanOrEqual(6);
    expect(report.findings).toEqual([]);
    expect(manager).toNeverAllow('rekognition:Delete*');
  });

  test('CreateProject is allowed on MyProject: the finding names the statement and its position', () => {
    const report = checkNeverAllow(manager, 'rekognition:CreateProject');
    expect(report.findings).toHaveLength(1);
    const f = report.findings[0];
    expect(f.kind).toBe('allowed');
    expect(f.resource).toBe('arn:aws:rekognition:us-east-1:111122223333:project/MyProject/example');
    expect(f.statements.map((s) => [s.sid, s.line])).toEqual([['SpecificProject', 21]]);
    // SampleProject is explicitly denied (statement ExplicitDenyCreateProject), so never reported.
    expect([f.resource, ...f.moreResources].some((r) => r.includes('SampleProject'))).toBe(false);
    expect(() => expect(manager).toNeverAllow('rekognition:CreateProject')).toThrow(/allowed: rekognition:CreateProject on .*MyProject[\s\S]*by .*project-model-manager\.json:21:5, statement SpecificProject/);
  });

  test('a resource pattern limits the check: the admin policy never deletes objects, nor reads Tests3bucket itself', () => {
    expect(admin).toNeverAllow('s3:DeleteObject');
    expect(admin).toNeverAllow('s3:ListBucket', 'arn:aws:s3:::Tests3bucket');
  });

  test('"arn:aws:s3:::*custom-labels*" reaches objects of any bucket whose key holds custom-labels: found, not sampled away', () => {
    // reference_policies_elements_resource.md: "*" spans "/" in the resource part.
    const report = checkNeverAllow(admin, 's3:PutObject', 'arn:aws:s3:::Tests3bucket/*');
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].resource).toBe('arn:aws:s3:::Tests3bucket/custom-labelsexample-value');
    expect(report.findings[0].kind).toBe('allowed');
  });

  test('a pattern that matches no action is a usage error with the pattern', () => {
    expect(() => checkNeverAllow(manager, 'rekognition:Frobnicate*')).toThrow(/"rekognition:Frobnicate\*" matches no action/);
    expect(() => expect(manager).toNeverAllow('rekognition:Frobnicate*')).toThrow(/^toNeverAllow: toNeverAllow: 1 problem/);
  });
});

// reference_policies_elements_condition.md and reference_policies_elements_condition_operators.md:
// whether a statement applies can depend on the request context; the check searches contexts.
describe('toNeverAllow reports an allow that a condition could grant (reference_policies_elements_condition_operators.md)', () => {
  test('an allow behind MFA and a principal tag is "allowed under condition", with the context that grants it', () => {
    const set = doc(
      { Sid: 'OpsWithMfa', Effect: 'Allow', Action: 'rekognition:DeleteProject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    );
    const [f] = checkNeverAllow(set, 'rekognition:DeleteProject').findings;
    expect(f.kind).toBe('conditional');
    expect(f.context).toEqual({ 'aws:MultiFactorAuthPresent': 'true', 'aws:PrincipalTag/team': 'ops' });
    expect(f.conditions).toBe("StringEquals aws:PrincipalTag/team 'ops' and Bool aws:MultiFactorAuthPresent 'true'");
    expect(() => expect(set).toNeverAllow('rekognition:DeleteProject')).toThrow(/allowed under condition: rekognition:DeleteProject on .* with aws:MultiFactorAuthPresent=true, aws:PrincipalTag\/team=ops/);
  });

  test('a Deny with BoolIfExists on a missing key applies, but a context that sets the key avoids it: still reported', () => {
    const set = doc(
      { Effect: 'Allow', Action: 'rekognition:DeleteProject', Resource: '*' },
      { Sid: 'RequireMfa', Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    );
    const [f] = checkNeverAllow(set, 'rekognition:DeleteProject').findings;
    expect(f.kind).toBe('conditional');
    expect(f.context).toEqual({ 'aws:MultiFactorAuthPresent': 'true' });
  });

  test('an unconditional Deny settles it: nothing to report', () => {
    const set = doc({ Effect: 'Allow', Action: 'rekognition:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, { Effect: 'Deny', Action: 'rekognition:Delete*', Resource: '*' });
    expect(set).toNeverAllow('rekognition:Delete*');
  });

  test('contradicting conditions in an Allow and a Deny cannot be decided by sampling: reported as possible, not hidden', () => {
    const set = doc(
      { Sid: 'FromOffice', Effect: 'Allow', Action: 'rekognition:DeleteProject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
      { Sid: 'NotFromOffice', Effect: 'Deny', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
    );
    const [f] = checkNeverAllow(set, 'rekognition:DeleteProject').findings;
    expect(f.kind).toBe('possible');
    expect(f.note).toMatch(/denied by statement NotFromOffice of inline policy, whose conditions jest-iam could not make false/);
  });

  test('reference_policies_variables.md: an allow through ${aws:username} is allowed for that user name', () => {
    const set = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' });
    const findings = checkNeverAllow(set, 's3:GetObject').findings;
    expect(findings.map((f) => [f.kind, f.resource, f.context])).toContainEqual(['conditional', 'arn:aws:s3:::home/example-username/example-object-name', { 'aws:username': 'example-username' }]);
  });

  test('.not passes when some request is possibly allowed', () => {
    expect(manager).not.toNeverAllow('rekognition:DescribeProjects');
    expect(() => expect(manager).not.toNeverAllow('rekognition:Delete*')).toThrow(/Expected some request to be possibly allowed/);
  });
});
