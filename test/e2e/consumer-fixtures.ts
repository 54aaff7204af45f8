/**
 * The files of the consumer-matrix scratch projects: what a user writes after reading the
 * README. Every project has a passing matcher test, a passing `*.iam.yaml` suite (2 cells) and
 * two deliberately wrong expectations (one matcher, one cell) whose failure messages are checked.
 */

export const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Detect', Effect: 'Allow', Action: 'rekognition:DetectCustomLabels', Resource: 'arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*' },
    ],
  },
  null,
  2,
);

const MODEL = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1';
const PROJECT = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1';

/**
 * The README's schema line: a path relative to the scenario file. The projects sit one folder
 * below their install (`<install>/<project>/tests/*.iam.yaml`), hence two `..`.
 */
export const SCHEMA_LINE = '# yaml-language-server: $schema=../../node_modules/jest-iam/schema/scenario.schema.json';

export const ACCESS_YAML = [
  SCHEMA_LINE,
  'name: consumer access matrix',
  'principals:',
  '  client:',
  '    policies: { identity: [../policies/detect.json] }',
  '    allow:',
  `      - action: rekognition:DetectCustomLabels`,
  `        resource: ${MODEL}`,
  '    implicitDeny:',
  `      - action: rekognition:DeleteProject`,
  `        resource: ${PROJECT}`,
  '',
].join('\n');

/** Line 7 col 9 holds the wrong cell's `action` (checked in the failure message). */
export const WRONG_YAML = [
  SCHEMA_LINE,
  'name: deliberately wrong',
  'principals:',
  '  client:',
  '    policies: { identity: [../policies/detect.json] }',
  '    allow:',
  '      - action: rekognition:DetectCustomLabels',
  `        resource: ${MODEL.replace('MyVersion', 'MyVersion2')}`,
  '',
].join('\n');

/** What the two wrong expectations print. */
export const WRONG_CELL_MESSAGE = /Expected allow, got implicitDeny \(.*wrong\.iam\.yaml:7:9, principals\.client\.allow\[0\]\)/;
export const WRONG_MATCHER_MESSAGE =
  /Resource: resource ".*MyVersion2.*" is not matched by Resource "arn:aws:rekognition:\*:\*:project\/MyProject\/version\/MyVersion\/\*"/;

const matcherBody = (policyPath: string) => `
const model = '${MODEL}';

test('the matchers decide like AWS', () => {
  expect(${policyPath}).toAllow('rekognition:DetectCustomLabels', model);
  expect(${policyPath}).toImplicitlyDeny('rekognition:DeleteProject', '${PROJECT}');
});

test('a deliberately wrong matcher expectation', () => {
  expect(${policyPath}).toAllow('rekognition:DetectCustomLabels', model.replace('MyVersion', 'MyVersion2'));
});
`;

/** Jest + TypeScript: the README's test file (imports `node:path`, matcher types from jest-iam). */
export const JEST_TS_TEST = `import * as path from 'node:path';
import 'jest-iam/matchers';
const policy: string = path.join(__dirname, '..', 'policies', 'detect.json');
${matcherBody('policy')}`;

/** Jest, plain JavaScript in a CommonJS project. */
export const JEST_CJS_TEST = `const path = require('node:path');
const policy = path.join(__dirname, '..', 'policies', 'detect.json');
${matcherBody('policy')}`;

/** Jest, plain JavaScript in an ES module project (`"type": "module"`). */
export const JEST_ESM_TEST = `import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
const policy = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'policies', 'detect.json');
${matcherBody('policy')}`;

/** The README's tsconfig.json for a Jest project. */
export const JEST_TSCONFIG = JSON.stringify(
  { compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true, types: ['jest', 'node'], noEmit: true } },
  null,
  2,
);

/**
 * Vitest: the matchers through `jest-iam/vitest` (a setup file, or imported by the test itself),
 * `expect.extend(iamMatchers)` typed without a cast, and the YAML suite through
 * `defineScenarioSuite` with Vitest's own `describe`/`test`.
 */
export function vitestFiles(opts: { setupFile: boolean }): Record<string, string> {
  const importEntry = "import { iamMatchers } from 'jest-iam/vitest';\n";
  return {
    'vitest.config.mjs': `export default { test: { include: ['tests/**/*.test.ts'], ${opts.setupFile ? "setupFiles: ['./vitest.setup.ts'], " : ''}} };\n`,
    ...(opts.setupFile ? { 'vitest.setup.ts': "import 'jest-iam/vitest';\n" } : {}),
    'tests/matchers.test.ts': `import * as path from 'node:path';
import { expect, test } from 'vitest';
${importEntry}
// Registered already by the entry; extending again must typecheck under Vitest's expect.
expect.extend(iamMatchers);
const policy: string = path.resolve('policies', 'detect.json');
${matcherBody('policy')}`,
    'tests/access.test.ts': `import * as path from 'node:path';
import { beforeAll, describe, test } from 'vitest';
import { defineScenarioSuite } from 'jest-iam';

defineScenarioSuite(path.resolve('tests', 'access.iam.yaml'), { describe, test, beforeAll });
defineScenarioSuite(path.resolve('tests', 'wrong.iam.yaml'), { describe, test, beforeAll });
`,
    'tsconfig.json': JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'ES2022',
          types: ['node'],
          noEmit: true,
          skipLibCheck: true,
        },
        include: ['tests', 'vitest.setup.ts'],
      },
      null,
      2,
    ),
  };
}

/** The files every project has. */
export function commonFiles(): Record<string, string> {
  return { 'policies/detect.json': POLICY, 'tests/access.iam.yaml': ACCESS_YAML, 'tests/wrong.iam.yaml': WRONG_YAML };
}
