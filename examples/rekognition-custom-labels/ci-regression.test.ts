/**
 * CI regression of the Rekognition Custom Labels policies: what a reviewer of a policy pull
 * request wants to see, checked on every push.
 *
 * - The model manager's effective access over every Rekognition action is stored as a Jest
 *   snapshot (`__snapshots__/ci-regression.test.ts.snap`): a policy edit that changes access
 *   fails here with "now allowed: ...; no longer allowed: ..." until `jest -u` accepts it.
 * - The inference client must never delete anything in Rekognition, on any resource and under
 *   any request context: every `Delete*` action of the service reference is checked, not a sample.
 *
 * The jest-iam reporter (examples/jest.config.js) adds statement coverage over the run and the
 * HTML access-matrix report.
 */
import * as path from 'node:path';
import { policySet } from 'jest-iam';

const policy = (file: string) => path.join(__dirname, 'policies', file);

describe('CI regression: Rekognition Custom Labels policies', () => {
  test('model manager: effective access in Rekognition matches the reviewed snapshot', () => {
    expect(policySet({ identity: policy('project-model-manager.json') })).toMatchAccessSnapshot({ services: ['rekognition'] });
  });

  test('inference client: never deletes anything in Rekognition', () => {
    expect(policySet({ identity: policy('detect-custom-labels-only.json') })).toNeverAllow('rekognition:Delete*');
  });
});
