import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate } from '../../../src/engine/evaluate';
import { loadScenario } from '../../../src/scenario';
import { DETECT_POLICY, issueLines, removeTempDirs, tempScenarioDir } from './scenario-fixtures';

afterAll(removeTempDirs);

const ENDPOINT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'rekognition:DetectLabels', Resource: '*' }] });

// AWS PrivateLink Guide, vpc-endpoints-access.md: the endpoint policy must allow the request too.
describe('scenario policy sets take VPC endpoint policies (key "endpoint")', () => {
  test('an endpoint policy is read with the endpoint grammar and limits the set', () => {
    const dir = tempScenarioDir({ 'd.json': DETECT_POLICY, 'e.json': ENDPOINT });
    const file = path.join(dir, 'x.iam.yaml');
    fs.writeFileSync(
      file,
      'policySets:\n  base: { identity: [d.json], endpoint: [e.json] }\nprincipals:\n  p:\n    policies: base\n    allow:\n      - action: rekognition:DetectCustomLabels\n',
    );
    const set = loadScenario(file).principals[0].policySet;
    expect(set.endpoint?.map((p) => p.name)).toEqual(['e.json']);
    expect(evaluate(set, { action: 'rekognition:DetectCustomLabels' }).result).toBe('ImplicitDeny');
  });
  test('an endpoint policy without Principal is an error with its location', () => {
    const dir = tempScenarioDir({ 'd.json': DETECT_POLICY, 'e.json': DETECT_POLICY });
    const file = path.join(dir, 'x.iam.yaml');
    fs.writeFileSync(
      file,
      'policySets:\n  base: { identity: [d.json], endpoint: [e.json] }\nprincipals:\n  p:\n    policies: base\n    allow:\n      - action: rekognition:DetectCustomLabels\n',
    );
    expect(issueLines(file).join('\n')).toMatch(/must have a Principal/);
  });
});
