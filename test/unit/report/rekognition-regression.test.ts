/**
 * End to end: a policy change in the Rekognition example shows up as a snapshot diff, a
 * `jest-iam diff` output and a coverage change. Jest runs twice, in a child process with two
 * workers, on a small project that uses the matchers and the jest-iam reporter; between the runs
 * the model-manager policy gains a statement (DeleteOwnModels) and loses an action.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..', '..');
const fixtures = path.join(ROOT, 'test', 'fixtures', 'diff');
const js = (p: string) => JSON.stringify(p);

/** The test files of the project: matchers on the model-manager policy, in two files (two workers). */
function writeProject(dir: string): void {
  fs.mkdirSync(path.join(dir, 'policies'));
  fs.copyFileSync(path.join(fixtures, 'project-model-manager.before.json'), path.join(dir, 'policies', 'manager.json'));
  const common = `const path = require('node:path');
const { policySet } = require(${js(path.join(ROOT, 'src', 'engine', 'build-policy-set.ts'))});
const manager = policySet({ identity: path.join(__dirname, 'policies', 'manager.json') });
const rek = 'arn:aws:rekognition:us-east-1:111122223333';
`;
  fs.writeFileSync(
    path.join(dir, 'manager.test.js'),
    `${common}
test('starts and uses MyVersion (statement SpecificProjectVersion)', () => {
  expect(manager).toAllow(['rekognition:StartProjectVersion', 'rekognition:DetectCustomLabels'], rek + ':project/MyProject/version/MyVersion/1');
});
test('creates versions of MyProject (statement SpecificProject)', () => {
  expect(manager).toAllow('rekognition:CreateProjectVersion', rek + ':project/MyProject/1');
});
test('effective access', () => {
  expect(manager).toMatchAccessSnapshot({ actions: ['rekognition:*Project*', 'rekognition:DetectCustomLabels'] });
});
`,
  );
  fs.writeFileSync(
    path.join(dir, 'describe.test.js'),
    `${common}
test('describes every project (statement AllResources)', () => {
  expect(manager).toAllow('rekognition:DescribeProjects');
});
test('never deletes a project', () => {
  expect(manager).toNeverAllow('rekognition:DeleteProject');
});
`,
  );
  // Registers the matchers from the sources, as the preset's setupFilesAfterEnv does with the
  // built package; the decision matchers record each decision for the reporter themselves.
  fs.writeFileSync(path.join(dir, 'setup.js'), `require(${js(path.join(ROOT, 'matchers', 'index.ts'))});\n`);
  // Jest loads reporters without transforming them: this entry compiles the TypeScript sources
  // on require, as dist/src/reporter/index.js (the package's jest-iam/reporter) is compiled.
  fs.writeFileSync(
    path.join(dir, 'reporter.js'),
    `const ts = require(${js(path.join(ROOT, 'node_modules', 'typescript'))});
const fs = require('node:fs');
require.extensions['.ts'] = (m, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  m._compile(out.outputText, filename);
};
module.exports = require(${js(path.join(ROOT, 'src', 'reporter', 'index.ts'))}).default;
`,
  );
}

function config(dir: string, cache: string): string {
  const file = path.join(dir, 'jest.config.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      rootDir: dir,
      roots: [dir],
      testMatch: ['**/*.test.js'],
      testEnvironment: 'node',
      setupFilesAfterEnv: [path.join(dir, 'setup.js')],
      transform: { '^.+\\.ts$': [require.resolve('ts-jest'), { tsconfig: path.join(ROOT, 'tsconfig.json') }] },
      // A fresh cache has no timings, so Jest starts worker processes instead of running in band.
      cacheDirectory: path.join(dir, cache),
      reporters: [
        'default',
        [path.join(dir, 'reporter.js'), { coverageThreshold: 70, html: 'report/iam-report.html', markdown: 'report/iam-summary.md', githubStepSummary: false }],
      ],
    }),
  );
  return file;
}

function jest(dir: string, cache: string, ...args: string[]): { code: number; output: string } {
  const env = { ...process.env };
  delete env.JEST_WORKER_ID;
  delete env.JEST_IAM_RUN_DIR;
  delete env.GITHUB_STEP_SUMMARY;
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', config(dir, cache), '--maxWorkers=2', ...args],
    { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
  );
  // A spawn failure (or time-out) shows in the output, so a failing assertion says why.
  return {
    code: r.status ?? -1,
    output: `${r.stdout}\n${r.stderr}${r.error ? `\nspawn error: ${r.error.message}` : ''}${r.signal ? `\nsignal: ${r.signal}` : ''}`,
  };
}

describe('a change to the Rekognition model-manager policy, seen by CI (reference_policies_evaluation-logic.md decides every cell)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-e2e-'));
    writeProject(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('before the change: tests pass, the snapshot is written, coverage 3/4 meets the threshold of 70%', () => {
    const r = jest(dir, 'cache-1', '--ci=false');
    expect(r.output).toContain('jest-iam statement coverage: 3/4 statements (75.0%), threshold 70%');
    expect(r.output).toMatch(/Statements no test exercised:\s+policies\/manager\.json:31:5 \(Sid ExplicitDenyCreateProject\) Deny/);
    expect(r.output).toContain('1 snapshot written');
    expect(r.code).toBe(0);
    const html = fs.readFileSync(path.join(dir, 'report', 'iam-report.html'), 'utf8');
    // Cells from both test files reached the reporter, whichever process ran them.
    // The snapshot ("effective access") checks the same requests, so it may be named too.
    expect(html).toMatch(/Checked by: [^<]*starts and uses MyVersion \(statement SpecificProjectVersion\)/);
    expect(html).toMatch(/Checked by: [^<]*describes every project \(statement AllResources\)/);
    expect(fs.readFileSync(path.join(dir, 'report', 'iam-summary.md'), 'utf8')).toContain(
      '**Statement coverage: 3/4 (75.0%)** :white_check_mark: (threshold 70%)',
    );
  }, 120_000);

  // The snapshot's cells are decisions too, so the snapshot that notices the new statement also
  // exercises it: coverage goes from 3/4 to 4/5. The statement left uncovered is still
  // ExplicitDenyCreateProject: CreateProject takes only "*" (the service reference lists no
  // resource types for it), so its Deny on project/SampleProject/* decides no request AWS makes.
  test('after the change: the snapshot fails with "now allowed / no longer allowed", coverage changes to 4/5, and diff names the new statement', () => {
    const old = path.join(dir, 'manager.before.json');
    fs.copyFileSync(path.join(dir, 'policies', 'manager.json'), old);
    fs.copyFileSync(path.join(fixtures, 'project-model-manager.after.json'), path.join(dir, 'policies', 'manager.json'));

    const r = jest(dir, 'cache-2', '--ci');
    expect(r.code).toBe(1);
    expect(r.output).toMatch(
      /Access changed\.\s+now allowed \(2\):\s+rekognition:DeleteProjectVersion on arn:aws:rekognition:us-east-1:111122223333:project\/MyProject\/version\/MyVersion\/1700000000000/,
    );
    expect(r.output).toMatch(
      /no longer allowed \(1\):\s+rekognition:DescribeProjectVersions on arn:aws:rekognition:us-east-1:111122223333:project\/MyProject\/1700000000000/,
    );
    expect(r.output).toContain('jest-iam statement coverage: 4/5 statements (80.0%), threshold 70%');
    expect(r.output).toMatch(/Statements no test exercised:\s+policies\/manager\.json:38:5 \(Sid ExplicitDenyCreateProject\) Deny\n/);
    expect(r.output).not.toContain('is below the threshold');

    const out: string[] = [];
    const code = run(['diff', '--fail-on-new-access', 'manager.before.json', 'policies/manager.json'], {
      out: (t) => out.push(t),
      err: () => undefined,
      cwd: dir,
    });
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('granted by policies/manager.json:30:5, statement DeleteOwnModels (identity-based policy)');
  }, 120_000);
});
