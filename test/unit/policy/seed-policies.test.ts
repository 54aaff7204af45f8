import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPolicyFile } from '../../../src/policy/load-policy-file';
import { PolicyValidationError } from '../../../src/diagnostics/policy-issue';
import type { Policy } from '../../../src/policy/policy-model';

const FIXTURES = path.join(__dirname, '../../fixtures/policies');
const fixture = (name: string) => path.join(FIXTURES, name);

/** The parts of a policy that do not depend on how it was written. */
function meaning(p: Policy) {
  return p.statements.map((s) => ({
    index: s.index,
    sid: s.sid,
    effect: s.effect,
    action: s.action?.map((a) => a.value),
    resource: s.resource?.map((r) => r.value),
  }));
}

// The example identity policies of the Amazon Rekognition Custom Labels "Security" page (the
// seed), saved pretty-printed. IAM User Guide, reference_policies_grammar.md.
describe('the Rekognition Custom Labels example policies from the seed', () => {
  test('the project/model policy has four statements with their Sids, effects and positions', () => {
    const p = loadPolicyFile(fixture('rekognition-project-model.json'), { policyType: 'identity' });
    expect(p.version).toBe('2012-10-17');
    expect(p.name).toBe('rekognition-project-model.json');
    expect(meaning(p)).toEqual([
      { index: 0, sid: 'AllResources', effect: 'Allow', action: ['rekognition:DescribeProjects'], resource: ['*'] },
      {
        index: 1,
        sid: 'SpecificProjectVersion',
        effect: 'Allow',
        action: ['rekognition:StopProjectVersion', 'rekognition:StartProjectVersion', 'rekognition:DetectCustomLabels', 'rekognition:CreateProjectVersion'],
        resource: ['arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*'],
      },
      {
        index: 2,
        sid: 'SpecificProject',
        effect: 'Allow',
        action: ['rekognition:CreateProject', 'rekognition:DescribeProjectVersions', 'rekognition:CreateProjectVersion'],
        resource: ['arn:aws:rekognition:*:*:project/MyProject/*'],
      },
      {
        index: 3,
        sid: 'ExplicitDenyCreateProject',
        effect: 'Deny',
        action: ['rekognition:CreateProject'],
        resource: ['arn:aws:rekognition:*:*:project/SampleProject/*'],
      },
    ]);
    const [s0, s1, , s3] = p.statements;
    expect(s0.pos).toMatchObject({ line: 4, column: 9, file: fixture('rekognition-project-model.json') });
    expect(s0.elements.Sid).toMatchObject({ line: 5, column: 13 });
    expect(s1.action?.[2].pos).toMatchObject({ line: 16, column: 17 });
    expect(s3.elements.Effect).toMatchObject({ line: 33, column: 13 });
    expect(s3.resource?.[0].pos).toMatchObject({ line: 37, column: 26 });
    expect(s3.text.startsWith('{\n            "Sid": "ExplicitDenyCreateProject"')).toBe(true);
    expect(s3.text.endsWith('}')).toBe(true);
  });

  test('the DetectCustomLabels-only policy has one statement without a Sid', () => {
    const p = loadPolicyFile(fixture('rekognition-detect-custom-labels-only.json'), { policyType: 'identity' });
    expect(meaning(p)).toEqual([
      {
        index: 0,
        sid: undefined,
        effect: 'Allow',
        action: ['rekognition:DetectCustomLabels'],
        resource: ['arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*'],
      },
    ]);
    expect(p.statements[0].action?.[0].pos).toMatchObject({ line: 7, column: 17 });
  });

  test.each([
    ['rekognition-project-model.json', 'rekognition-project-model.yaml'],
    ['rekognition-detect-custom-labels-only.json', 'rekognition-detect-custom-labels-only.yaml'],
  ])('%s and its YAML version %s mean the same', (json, yaml) => {
    const fromJson = loadPolicyFile(fixture(json), { policyType: 'identity' });
    const fromYaml = loadPolicyFile(fixture(yaml), { policyType: 'identity' });
    expect(meaning(fromYaml)).toEqual(meaning(fromJson));
    expect(fromYaml.version).toBe(fromJson.version);
  });

  test('YAML positions point into the YAML file', () => {
    const p = loadPolicyFile(fixture('rekognition-project-model.yaml'), { policyType: 'identity' });
    expect(p.statements[0].pos).toMatchObject({ line: 4, column: 5 });
    expect(p.statements[3].elements.Effect).toMatchObject({ line: 24, column: 5 });
    expect(p.statements[1].action?.[1].pos).toMatchObject({ line: 12, column: 9 });
    expect(p.statements[0].text).toBe('Sid: AllResources\n    Effect: Allow\n    Action: rekognition:DescribeProjects\n    Resource: "*"');
  });

  test('the AmazonRekognitionCustomLabelsFullAccess text as published is rejected at the missing comma', () => {
    const file = fixture('rekognition-custom-labels-full-access.malformed.json');
    let error: unknown;
    try {
      loadPolicyFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyValidationError);
    const issues = (error as PolicyValidationError).issues;
    expect(issues.map((i) => [i.code, i.pos?.line, i.pos?.column])).toEqual([['json-syntax', 31, 17]]);
    expect((error as Error).message).toContain(`${file}:31:17: error: expected ',' or ']'`);
    // The token there is the action after "rekognition:DeleteProjectVersion".
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')[30].trim()).toBe('"rekognition:TagResource",');
  });
});
