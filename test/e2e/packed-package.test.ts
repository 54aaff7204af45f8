import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * End to end, as a user meets the package: `npm pack`, install the tarball into a scratch
 * project from the npm cache the repository's own install filled (no network), set
 * `preset: 'jest-iam'`, and run Jest on a copy of the Rekognition example.
 */
const repo = path.join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const versionOf = (pkg: string) => (JSON.parse(fs.readFileSync(path.join(repo, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

let scratch: string;

function jest(args: string[] = []) {
  const bin = path.join(scratch, 'node_modules', 'jest', 'bin', 'jest.js');
  return spawnSync(process.execPath, [bin, '--ci', ...args], { cwd: scratch, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 240_000 });
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-e2e-'));
  const packed = execFileSync(npm, ['pack', '--silent', '--pack-destination', scratch], { cwd: repo, encoding: 'utf8', timeout: 240_000 }).trim().split('\n').pop()!;
  fs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'jest-iam-consumer', private: true, version: '1.0.0' }, null, 2));
  fs.writeFileSync(path.join(scratch, 'jest.config.js'), "module.exports = { preset: 'jest-iam' };\n");
  fs.writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, esModuleInterop: true, module: 'commonjs', target: 'ES2022', types: ['jest', 'node'] } }, null, 2));
  // Every example folder, as a user would lay them out; not the repo's own examples/jest.config.js.
  for (const dir of fs.readdirSync(path.join(repo, 'examples'), { withFileTypes: true })) {
    if (dir.isDirectory()) fs.cpSync(path.join(repo, 'examples', dir.name), path.join(scratch, dir.name), { recursive: true });
  }
  execFileSync(
    npm,
    ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', path.join(scratch, packed), `jest@${versionOf('jest')}`, `typescript@${versionOf('typescript')}`, `@types/jest@${versionOf('@types/jest')}`, `@types/node@${versionOf('@types/node')}`],
    { cwd: scratch, encoding: 'utf8', timeout: 300_000 },
  );
}, 600_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

test('the installed package runs the example with only `preset: "jest-iam"`', () => {
  const run = jest();
  const out = `${run.stdout}\n${run.stderr}`;
  expect(out).toMatch(/Test Suites: \d+ passed, \d+ total/);
  expect(out).toMatch(/Tests:\s+\d+ passed, \d+ total/);
  expect(out).toContain('rekognition-custom-labels.iam.yaml');
  expect(out).toContain('rekognition-custom-labels.test.ts');
  expect(out).toContain('organisation-guardrails.iam.yaml');
  expect(out).toContain('cross-account-s3.iam.yaml');
  expect(out).not.toMatch(/\d+ failed/);
  expect(run.status).toBe(0);
}, 300_000);

test('a wrong expectation fails with the cell position and the explanation', () => {
  const file = path.join(scratch, 'rekognition-custom-labels', 'wrong.iam.yaml');
  fs.writeFileSync(
    file,
    [
      'name: deliberately wrong',
      'principals:',
      '  inference-client:',
      '    policies: { identity: [policies/detect-custom-labels-only.json] }',
      '    allow:',
      '      - action: rekognition:DetectCustomLabels',
      '        resource: arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion2/1690000000002',
      '',
    ].join('\n'),
  );
  const run = jest(['rekognition-custom-labels/wrong.iam.yaml']);
  const out = `${run.stdout}\n${run.stderr}`;
  expect(run.status).toBe(1);
  expect(out).toContain('deliberately wrong › inference-client › allow rekognition:DetectCustomLabels on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion2/1690000000002');
  expect(out).toMatch(/Expected allow, got implicitDeny \(.*wrong\.iam\.yaml:6:9, principals\.inference-client\.allow\[0\]\)/);
  expect(out).toContain('Closest allow statements that did not apply');
  expect(out).toMatch(/Resource: resource ".*MyVersion2.*" is not matched by Resource "arn:aws:rekognition:\*:\*:project\/MyProject\/version\/MyVersion\/\*"/);
  expect(out).toMatch(/Tests:\s+1 failed, 1 total/);
}, 300_000);

// README, "Combining with an existing Jest config": the entries, set by hand instead of the preset.
test("the README's hand-written config (no preset) runs the same suites", () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('#### Combining with an existing Jest config'));
  const config = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  expect(config).toContain("setupFilesAfterEnv: ['jest-iam/matchers']");
  fs.writeFileSync(path.join(scratch, 'jest.manual.config.js'), config!);
  const run = jest(['--config', 'jest.manual.config.js', 'rekognition-custom-labels/rekognition-custom-labels']);
  const out = `${run.stdout}\n${run.stderr}`;
  expect(out).toMatch(/Test Suites: 2 passed, 2 total/);
  expect(run.status).toBe(0);
}, 300_000);
