import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';
import { evaluate } from '../../../src/engine/evaluate';
import { checkNeverAllow } from '../../../src/analysis/never-allow';
import { MAX_CHOICES } from '../../../src/analysis/never-allow-witnesses';
import { takeRecordedCells } from '../../../src/live/cross-check-hook';
import { useRecordingRun } from '../report/recording-run';
import { readRunRecords, RUN_DIR_ENV } from '../../../src/coverage/run-records';
import { statementCoverage } from '../../../src/coverage/statement-coverage';
import { toNeverAllow } from '../../../matchers/toNeverAllow';
import '../../../matchers';

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

  test('CreateProject takes only "*" in the service reference: its statement on MyProject is a possible allow, with the statement and why', () => {
    // reference_policies_actions-resources-contextkeys.md ("The actions table"): an action
    // without resource types is authorized on "*"; SpecificProject names it on project ARNs,
    // which grants it only if the reference is out of date, so it is reported, not hidden.
    const report = checkNeverAllow(manager, 'rekognition:CreateProject');
    expect(report.findings).toHaveLength(1);
    const f = report.findings[0];
    expect(f.kind).toBe('possible');
    expect(f.resource).toBe('arn:aws:rekognition:us-east-1:111122223333:project/MyProject/example');
    expect(f.statements.map((s) => [s.sid, s.line])).toEqual([['SpecificProject', 21]]);
    expect(f.note).toMatch(/lists no resource types for rekognition:CreateProject, so AWS authorizes it on "\*" only/);
    // SampleProject is explicitly denied (statement ExplicitDenyCreateProject), so never reported.
    expect([f.resource, ...f.moreResources].some((r) => r.includes('SampleProject'))).toBe(false);
    // Requests AWS never makes are neither covered nor cross-checked.
    expect(report.decisions.every((d) => d.request.resource === '*')).toBe(true);
    expect(() => expect(manager).toNeverAllow('rekognition:CreateProject')).toThrow(
      /possibly allowed: rekognition:CreateProject on .*MyProject[\s\S]*by .*project-model-manager\.json:21:5, statement SpecificProject/,
    );
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
    expect(() => expect(manager).toNeverAllow('rekognition:Frobnicate*')).toThrow(/^toNeverAllow: 1 problem/);
  });
});

// IAM User Guide, reference_policies_evaluation-logic.md ("an explicit deny in any of these
// policies overrides the allow"): a Deny removes only the resources its Resource matches, so a
// check must look for a resource an Allow reaches and no Deny does, not try a few names.
describe('toNeverAllow cannot pass on a lucky sample (reference_policies_evaluation-logic.md, reference_policies_elements_resource.md)', () => {
  test('Allow bucket/* minus Deny bucket/e* and bucket/j*: bucket/x is still allowed, and found', () => {
    const set = doc(
      { Sid: 'ReadBucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: ['arn:aws:s3:::bucket/e*', 'arn:aws:s3:::bucket/j*'] },
    );
    const report = checkNeverAllow(set, 's3:GetObject');
    const allowed = report.findings.filter((f) => f.kind === 'allowed');
    expect(allowed.map((f) => f.statements.map((s) => s.sid))).toEqual([['ReadBucket']]);
    const resource = allowed[0].resource;
    expect(resource).toMatch(/^arn:aws:s3:::bucket\/[^ej]/);
    expect(evaluate(set, { action: 's3:GetObject', resource }).result).toBe('Allow');
    expect(() => expect(set).toNeverAllow('s3:GetObject')).toThrow(/allowed: s3:GetObject on arn:aws:s3:::bucket\//);
  });

  test('Allow arn:aws:s3:::* minus Deny *example* and *jest-iam-other*: some other name is allowed, and found', () => {
    const set = doc(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: ['arn:aws:s3:::*example*', 'arn:aws:s3:::*jest-iam-other*'] },
    );
    const [f] = checkNeverAllow(set, 's3:GetObject').findings;
    expect(f.kind).toBe('allowed');
    expect(f.resource).not.toMatch(/example|jest-iam-other/);
    expect(evaluate(set, { action: 's3:GetObject', resource: f.resource }).result).toBe('Allow');
  });

  test('reference_policies_elements_principal.md: a bucket policy that names bob allows bob, though no principal was given', () => {
    const bucket = policySet({
      resource: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Bob', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/bob' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
        ],
      },
    });
    const report = checkNeverAllow(bucket, 's3:GetObject');
    expect(report.principals).toEqual([undefined, 'arn:aws:iam::111122223333:user/bob']);
    expect(report.findings.map((f) => [f.kind, f.principal, f.statements.map((s) => s.sid)])).toEqual([
      ['allowed', 'arn:aws:iam::111122223333:user/bob', ['Bob']],
    ]);
    expect(() => expect(bucket).toNeverAllow('s3:GetObject')).toThrow(
      /allowed: s3:GetObject on arn:aws:s3:::bucket\/\S+ as arn:aws:iam::111122223333:user\/bob/,
    );
    // Given a principal, only that principal is asked.
    expect(bucket).toNeverAllow('s3:GetObject', undefined, { principal: 'arn:aws:iam::111122223333:user/alice' });
  });

  test('aws:PrincipalArn condition values are principals too', () => {
    const set = policySet({
      resource: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::bucket/*',
            Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Reader' } },
          },
        ],
      },
    });
    expect(checkNeverAllow(set, 's3:GetObject').principals).toContain('arn:aws:iam::111122223333:role/Reader');
    expect(() => expect(set).toNeverAllow('s3:GetObject')).toThrow(/allowed/);
  });

  test('a Deny that covers everything the Allow reaches is proven: the check passes', () => {
    const set = doc(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/a*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
    );
    expect(checkNeverAllow(set, 's3:GetObject').findings).toEqual([]);
    expect(set).toNeverAllow('s3:GetObject');
  });

  test('reference_policies_elements_notresource.md: a Deny with NotResource is escaped only inside what it lists', () => {
    const set = doc(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
      { Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::bucket/public/*' },
    );
    const [f] = checkNeverAllow(set, 's3:GetObject').findings;
    expect(f.resource).toMatch(/^arn:aws:s3:::bucket\/public\//);
  });

  test('more ways to allow than jest-iam searches: reported as possible, never a pass', () => {
    const buckets = Array.from({ length: MAX_CHOICES + 1 }, (_, i) => `arn:aws:s3:::b${i}/*`);
    const set = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: buckets }, { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b1*' });
    const possible = checkNeverAllow(set, 's3:GetObject').findings.filter((f) => f.kind === 'possible');
    expect(possible.map((f) => f.note)).toEqual([
      `more than ${MAX_CHOICES} combinations of Allow and Deny resource patterns: jest-iam could not search them all`,
    ]);
  });

  test("every SCP level must allow: the resource found lies inside the SCP's Resource too", () => {
    const set = policySet({
      identity: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      scps: [{ name: 'root', policies: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::shared-*' }] } }],
    });
    const findings = checkNeverAllow(set, 's3:GetObject').findings;
    expect(findings.map((f) => f.kind)).toEqual(['allowed']);
    expect([findings[0].resource, ...findings[0].moreResources].every((r) => r.startsWith('arn:aws:s3:::shared-'))).toBe(true);
  });
});

// reference_policies_elements_condition.md and reference_policies_elements_condition_operators.md:
// whether a statement applies can depend on the request context; the check searches contexts.
describe('toNeverAllow reports an allow that a condition could grant (reference_policies_elements_condition_operators.md)', () => {
  test('an allow behind MFA and a principal tag is "allowed under condition", with the context that grants it', () => {
    const set = doc({
      Sid: 'OpsWithMfa',
      Effect: 'Allow',
      Action: 'rekognition:DeleteProject',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    const [f] = checkNeverAllow(set, 'rekognition:DeleteProject').findings;
    expect(f.kind).toBe('conditional');
    expect(f.context).toEqual({ 'aws:MultiFactorAuthPresent': 'true', 'aws:PrincipalTag/team': 'ops' });
    expect(f.conditions).toBe("StringEquals aws:PrincipalTag/team 'ops' and Bool aws:MultiFactorAuthPresent 'true'");
    expect(() => expect(set).toNeverAllow('rekognition:DeleteProject')).toThrow(
      /allowed under condition: rekognition:DeleteProject on .* with aws:MultiFactorAuthPresent=true, aws:PrincipalTag\/team=ops/,
    );
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
    const set = doc(
      { Effect: 'Allow', Action: 'rekognition:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Effect: 'Deny', Action: 'rekognition:Delete*', Resource: '*' },
    );
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
    expect(findings.map((f) => [f.kind, f.resource, f.context])).toContainEqual([
      'conditional',
      'arn:aws:s3:::home/example-username/example-object-name',
      { 'aws:username': 'example-username' },
    ]);
  });

  test('.not passes when some request is possibly allowed', () => {
    expect(manager).not.toNeverAllow('rekognition:DescribeProjects');
    expect(() => expect(manager).not.toNeverAllow('rekognition:Delete*')).toThrow(/Expected some request to be possibly allowed/);
  });
});

// A never check evaluates real requests (reference_policies_evaluation-logic.md): the Deny that
// blocks them is exercised, so the requests count for statement coverage and the cross-check.
describe('never-check requests are recorded for statement coverage and the IAM cross-check', () => {
  const runDir = useRecordingRun('jest-iam-never-');

  const guarded = () =>
    doc(
      { Sid: 'ReadWrite', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' },
      { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
    );

  test('the Deny that keeps DeleteObject never allowed is covered; the Allow it overrides is not', () => {
    process.env[RUN_DIR_ENV] = runDir();
    expect(guarded()).toNeverAllow('s3:DeleteObject');
    const coverage = statementCoverage(readRunRecords(runDir()));
    expect(coverage.policies[0].statements.map((st) => [st.sid, st.hits > 0])).toEqual([
      ['ReadWrite', false],
      ['NoDeletes', true],
    ]);
  });

  test('with { crossCheck: true } every request decided is queued for IAM; possible findings are not', () => {
    const set = guarded();
    const report = checkNeverAllow(set, 's3:DeleteObject');
    expect(guarded()).toNeverAllow('s3:DeleteObject', undefined, { crossCheck: true });
    const cells = takeRecordedCells();
    expect(cells.map((c) => c.request.resource)).toEqual(report.decisions.map((d) => d.request.resource));
    expect(cells.every((c) => c.local?.result === 'ExplicitDeny')).toBe(true);
  });
});
