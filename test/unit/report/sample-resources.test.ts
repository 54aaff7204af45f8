import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';
import { resourcePatterns } from '../../../src/report/policy-patterns';
import { sampleResources } from '../../../src/report/sample-resources';

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

  test('CreateProject has no resource types in the reference, so the ARNs its own statements name are tried too', () => {
    const arns = sampleResources('rekognition:CreateProject', patterns).map((r) => r.arn);
    expect(arns).toEqual([
      '*',
      'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/example',
      'arn:aws:rekognition:us-east-1:111122223333:project/SampleProject/example',
    ]);
  });

  test('an action the reference does not know is tried on "*" only', () => {
    expect(sampleResources('rekognition:NoSuchAction', []).map((r) => r.arn)).toEqual(['*']);
  });
});
