import * as path from 'node:path';
import { checkRequest, expandActionPattern } from '../../../src/catalog';
import { policySet } from '../../../src/engine/build-policy-set';
import { resourcePatterns } from '../../../src/analysis/policy-patterns';
import { sampleResources } from '../../../src/analysis/sample-resources';

const examples = path.join(__dirname, '..', '..', '..', 'examples', 'rekognition-custom-labels', 'policies');
const manager = policySet({ identity: path.join(examples, 'project-model-manager.json') });
const patterns = resourcePatterns([manager]);

// IAM User Guide, reference_policies_actions-resources-contextkeys.md ("The actions table"): an
// action without resource types takes only "*"; the types listed are the ARNs it acts on.
describe('sampleResources: resources derived from the policy patterns and the action ARN formats (reference_policies_actions-resources-contextkeys.md)', () => {
  test('the policy names every distinct Resource pattern once, "*" excepted', () => {
    expect(patterns.map((p) => p.pattern)).toEqual([
      'arn:aws:rekognition:*:*:project/MyProject/*',
      'arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*',
      'arn:aws:rekognition:*:*:project/SampleProject/*',
    ]);
  });

  test('DetectCustomLabels acts on model versions: one per pattern that can name a version, plus a generic one, and no "*"', () => {
    const arns = sampleResources('rekognition:DetectCustomLabels', patterns).map((r) => r.arn);
    expect(arns).toContain('arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000');
    expect(arns).toContain('arn:aws:rekognition:us-east-1:111122223333:project/example-project-name/version/example-version-name/1700000000000');
    expect(arns).not.toContain('*');
    expect(arns.every((a) => a.includes('/version/'))).toBe(true);
  });

  test('DescribeProjects has no resource types, so it is tried on "*"', () => {
    expect(sampleResources('rekognition:DescribeProjects', patterns).map((r) => r.arn)).toEqual(['*']);
  });

  test('CreateProject has no resource types in the reference, so it is tried on "*" only, whatever its statements name', () => {
    // SpecificProject names CreateProject on project ARNs; AWS never asks it on one.
    expect(sampleResources('rekognition:CreateProject', patterns).map((r) => r.arn)).toEqual(['*']);
  });

  test('Amazon Rekognition API Reference (ProjectArn ends in "/[0-9]+"): project/MyProject/version/* yields no project sample', () => {
    const versions = resourcePatterns([
      policySet({
        identity: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'rekognition:*', Resource: 'arn:aws:rekognition:*:*:project/MyProject/version/*' }],
        },
      }),
    ]);
    const arns = sampleResources('rekognition:DescribeProjectVersions', versions).map((r) => r.arn);
    expect(arns).toEqual(['arn:aws:rekognition:us-east-1:111122223333:project/example-project-name/1700000000000']);
  });

  test('every sample of every Rekognition action is a request checkRequest accepts for that action', () => {
    const all = resourcePatterns([manager, policySet({ identity: path.join(examples, 'AmazonRekognitionCustomLabelsFullAccess.json') })]);
    for (const action of expandActionPattern('rekognition:*')) {
      for (const r of sampleResources(action, all)) expect([action, r.arn, checkRequest(action, r.arn)]).toEqual([action, r.arn, []]);
    }
  });

  test('an action the reference does not know is tried on "*" only', () => {
    expect(sampleResources('rekognition:NoSuchAction', []).map((r) => r.arn)).toEqual(['*']);
  });
});
