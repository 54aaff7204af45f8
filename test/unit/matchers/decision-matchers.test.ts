import '../../../matchers';
import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';

const fixture = (f: string) => path.join(__dirname, '..', '..', 'fixtures', 'policies', f);
const POLICY = fixture('rekognition-project-model.json');
const MODEL = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1690000000001';
const SAMPLE = 'arn:aws:rekognition:us-east-1:111122223333:project/SampleProject/1690000000000';
const PROJECT = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1690000000000';
// The seed page scopes rekognition:CreateProject to project ARNs, but the Service Authorization
// Reference lists no resource types for it: asking about a project ARN is flagged unless the
// check is downgraded, as here, to state the seed page's claim literally.
const SEED_CLAIM = { validation: { wildcardOnlyResource: 'warning' as const } };

/** Runs an assertion expected to fail and returns its message. */
function failure(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the assertion did not fail');
}

// The four decision matchers over the seed's example policy (IAM User Guide, reference_policies_evaluation-logic.md).
describe('decision matchers', () => {
  test('toAllow / toExplicitlyDeny / toImplicitlyDeny / toDeny on a policy file path', () => {
    expect(POLICY).toAllow('rekognition:DetectCustomLabels', MODEL);
    expect(POLICY).toExplicitlyDeny('rekognition:CreateProject', SAMPLE, SEED_CLAIM);
    expect(POLICY).toImplicitlyDeny('rekognition:DeleteProject', PROJECT);
    expect(POLICY).toDeny('rekognition:CreateProject', SAMPLE, SEED_CLAIM);
    expect(POLICY).toDeny('rekognition:CreateProject');
  });
  test('received as a document object, JSON text, YAML text, a list and a policySet', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::Tests3bucket/*' }] };
    expect(doc).toAllow('s3:GetObject', 'arn:aws:s3:::Tests3bucket/cat.jpg');
    expect(JSON.stringify(doc)).toAllow('s3:GetObject', 'arn:aws:s3:::Tests3bucket/cat.jpg');
    expect('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n').toAllow('s3:GetObject', 'arn:aws:s3:::x/y');
    expect([doc, POLICY]).toAllow('s3:GetObject', 'arn:aws:s3:::Tests3bucket/cat.jpg');
    expect([doc, POLICY]).toAllow('rekognition:DetectCustomLabels', MODEL);
    expect(policySet({ identity: [POLICY, doc] })).toAllow('rekognition:DescribeProjects');
  });
  test('lists: every cell must hold, and the message lists each failing cell', () => {
    expect(POLICY).toAllow(
      ['rekognition:StartProjectVersion', 'rekognition:StopProjectVersion', 'rekognition:DetectCustomLabels'],
      [MODEL, MODEL.replace('us-east-1', 'eu-west-1')],
    );
    const msg = failure(() =>
      expect(POLICY).toAllow(
        ['rekognition:DetectCustomLabels', 'rekognition:StartProjectVersion', 'rekognition:DescribeProjectVersions'],
        [MODEL, MODEL.replace('MyVersion', 'MyVersion2')],
        { validation: { resourceTypeMismatch: 'off' } },
      ),
    );
    // DescribeProjectVersions is allowed on both through SpecificProject (project/MyProject/*).
    expect(msg).toContain('in 2 of 6 cells');
    expect(msg).toContain('Cell 1/2: rekognition:DetectCustomLabels on ' + MODEL.replace('MyVersion', 'MyVersion2'));
    expect(msg).toContain('Cell 2/2: rekognition:StartProjectVersion');
    expect(msg).not.toContain('Cell 3/');
  });
  test('.not: no cell may have the decision', () => {
    expect(POLICY).not.toAllow('rekognition:DetectCustomLabels', MODEL.replace('MyVersion', 'MyVersion2'));
    expect(POLICY).not.toExplicitlyDeny('rekognition:DeleteProject', PROJECT);
    const msg = failure(() =>
      expect(POLICY).not.toAllow(['rekognition:DetectCustomLabels', 'rekognition:StartProjectVersion', 'rekognition:DescribeProjectVersions'], MODEL, {
        validation: { resourceTypeMismatch: 'off' },
      }),
    );
    expect(msg).toContain('Expected: not Allow');
    expect(msg).toContain('in 3 of 3 cells');
    expect(msg).toContain('statement SpecificProjectVersion');
  });
  test('an unexpected deny names the closest statement, the failing element and its position', () => {
    const msg = failure(() => expect(POLICY).toAllow('rekognition:DetectCustomLabels', MODEL.replace('MyVersion', 'MyVersion2')));
    expect(msg).toContain('Expected: Allow');
    expect(msg).toContain('Received: implicit Deny');
    expect(msg).toContain('Closest allow statements that did not apply');
    expect(msg).toMatch(/statement SpecificProjectVersion \(.*rekognition-project-model\.json:\d+:\d+\)/);
    expect(msg).toMatch(/Resource: resource ".*MyVersion2.*" is not matched by Resource/);
  });
  test('an unexpected explicit deny shows the deciding statement and its source text', () => {
    const msg = failure(() => expect(POLICY).toAllow('rekognition:CreateProject', SAMPLE, SEED_CLAIM));
    expect(msg).toContain('Received: explicit Deny');
    expect(msg).toMatch(/Deciding: identity-based policy rekognition-project-model\.json, statement ExplicitDenyCreateProject \(.*:\d+:\d+\)/);
    expect(msg).toContain('"Sid": "ExplicitDenyCreateProject"');
  });
  test('options: context and principal reach the evaluator', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::home/${aws:username}/*',
          Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        },
      ],
    };
    expect(doc).toAllow('s3:GetObject', 'arn:aws:s3:::home/David/a', {
      principal: 'arn:aws:iam::111122223333:user/David',
      context: { 'aws:SourceIp': '203.0.113.7' },
    });
    expect(doc).toImplicitlyDeny('s3:GetObject', 'arn:aws:s3:::home/David/a', {
      principal: 'arn:aws:iam::111122223333:user/David',
      context: { 'aws:SourceIp': '198.51.100.1' },
    });
  });
  test("a malformed policy fails the assertion with its location; the stack shows the user's line, not jest-iam's internals", () => {
    const bad = fixture('rekognition-custom-labels-full-access.malformed.json');
    let err: Error | undefined;
    try {
      expect(bad).toAllow('rekognition:DetectCustomLabels');
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toMatch(/rekognition-custom-labels-full-access\.malformed\.json:31:17: error: expected ',' or ']'/);
    const frames = (err?.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
    expect(frames.some((f) => f.includes('decision-matchers.test.ts'))).toBe(true);
    const root = path.join(__dirname, '..', '..', '..');
    const internal = ['src', 'matchers', 'dist'].map((d) => path.join(root, d) + path.sep);
    expect(frames.filter((f) => internal.some((p) => f.includes(p)))).toEqual([]);
  });
  test('requests that do not fit the AWS service reference are test mistakes, not decisions', () => {
    expect(() => expect(POLICY).toDeny('rekognition:DetectCustomLabel', MODEL)).toThrow(/did you mean rekognition:DetectCustomLabels/i);
    expect(() => expect(POLICY).toAllow('rekognition:DetectCustomLabels', PROJECT)).toThrow(/acts on projectversion/);
    expect(() => expect(POLICY).toExplicitlyDeny('rekognition:CreateProject', SAMPLE)).toThrow(/does not support resource-level permissions/);
  });
  test('a context key the action never carries fails the assertion when configured as an error', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] };
    expect(() => expect(doc).toAllow('iam:GetUser', '*', { context: { 's3:max-keys': '5' }, validation: { contextKeyNotForAction: 'error' } })).toThrow(
      /iam:GetUser never carries the condition key s3:max-keys/,
    );
    expect(doc).toAllow('iam:GetUser', '*', { context: { 's3:max-keys': '5' }, validation: { contextKeyNotForAction: 'off' } });
  });
  test('an action wildcard in a test expands to every real action it matches, one cell each', () => {
    const msg = failure(() => expect(POLICY).toAllow('rekognition:DescribeProject*'));
    expect(msg).toMatch(/in 1 of 2 cells/);
    expect(msg).toContain('rekognition:DescribeProjectVersions');
    expect(POLICY).toAllow('rekognition:DescribeProjects');
  });
  test('a misspelt option or an empty list is an error, never silently ignored', () => {
    expect(() => expect(POLICY).toDeny('rekognition:DeleteProject', PROJECT, { principle: 'arn:aws:iam::111122223333:user/bob' } as never)).toThrow(
      /unknown option "principle"; did you mean "principal"\?/,
    );
    expect(() => expect(POLICY).not.toAllow('rekognition:DeleteProject', PROJECT, { contxt: {} } as never)).toThrow(
      /unknown option "contxt"; did you mean "context"\?/,
    );
    expect(() => expect(POLICY).toAllow([], MODEL)).toThrow(/list of actions is empty/);
    expect(() => expect(POLICY).not.toAllow('rekognition:DetectCustomLabels', [])).toThrow(/list of resources is empty/);
  });
  test('a malformed request (no service prefix) is an error, not a deny', () => {
    expect(() => expect(POLICY).toDeny('DetectCustomLabels')).toThrow(/"service:ActionName"/);
    expect(() => expect(POLICY).not.toAllow('DetectCustomLabels')).toThrow(/"service:ActionName"/);
  });
});
