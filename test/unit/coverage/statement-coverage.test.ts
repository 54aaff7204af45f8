import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';
import type { Decision } from '../../../src/engine/decision';
import { evaluate } from '../../../src/engine/evaluate';
import { recordDecision, resetDecisionRecorder } from '../../../src/coverage/record-decision';
import { readRunRecords, RUN_DIR_ENV } from '../../../src/coverage/run-records';
import { formatCoverageText, statementCoverage } from '../../../src/coverage/statement-coverage';
import { formatRunSummaryMarkdown } from '../../../src/report/run-summary-markdown';
import JestIamReporter from '../../../src/reporter';
import { expandPolicyGlobs } from '../../../src/reporter/policy-glob';

const examples = path.join(__dirname, '..', '..', '..', 'examples', 'rekognition-custom-labels', 'policies');
const manager = policySet({ identity: path.join(examples, 'project-model-manager.json') });
const model = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000';
const sample = 'arn:aws:rekognition:us-east-1:111122223333:project/SampleProject/1700000000000';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-cov-'));
  resetDecisionRecorder();
});
afterEach(() => {
  delete process.env[RUN_DIR_ENV];
  resetDecisionRecorder();
  fs.rmSync(dir, { recursive: true, force: true });
});

// A statement decides a request when it is the applying explicit Deny or an applying Allow
// (IAM User Guide, reference_policies_evaluation-logic.md); coverage counts those statements.
describe('statement coverage from recorded decisions (reference_policies_evaluation-logic.md: deciding statements)', () => {
  test('without the reporter, recording costs one check and never reads the decision', () => {
    const untouchable = {
      get trace(): never {
        throw new Error('the trace was read');
      },
    } as unknown as Decision;
    expect(() => recordDecision(untouchable)).not.toThrow();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('the allows and the explicit deny that decided are covered; the statements no request reached are listed with file:line and Sid', () => {
    process.env[RUN_DIR_ENV] = dir;
    recordDecision(evaluate(manager, { action: 'rekognition:DetectCustomLabels', resource: model }));
    recordDecision(evaluate(manager, { action: 'rekognition:CreateProject', resource: sample }));
    // An implicit deny is decided by no statement.
    recordDecision(evaluate(manager, { action: 'rekognition:DeleteProject', resource: '*' }));
    const records = readRunRecords(dir);
    expect(records.filter((r) => r.t === 'policy')).toHaveLength(1);
    const c = statementCoverage(records);
    expect(c.total).toBe(4);
    expect(c.covered).toBe(2);
    expect(c.percent).toBe(50);
    expect(c.uncovered.map((s) => [s.sid, s.line])).toEqual([
      ['AllResources', 4],
      ['SpecificProject', 21],
    ]);
    const text = formatCoverageText(c, 80);
    expect(text).toContain('jest-iam statement coverage: 2/4 statements (50.0%), threshold 80%');
    expect(text).toContain('examples/rekognition-custom-labels/policies/project-model-manager.json:4:5 (Sid AllResources) Allow');
    expect(c.cells.map((x) => x.outcome)).toEqual(['allow', 'explicit-deny', 'implicit-deny']);
  });

  test('repeated assertions of the same request are one cell; each process writes its own file', () => {
    process.env[RUN_DIR_ENV] = dir;
    const d = evaluate(manager, { action: 'rekognition:DetectCustomLabels', resource: model });
    recordDecision(d);
    recordDecision(d);
    expect(fs.readdirSync(dir)).toEqual([`${process.pid}-${process.env.JEST_WORKER_ID ?? '0'}.jsonl`]);
    expect(statementCoverage(readRunRecords(dir)).cells).toHaveLength(1);
  });

  test('a torn last line (a killed worker) is skipped, the rest is read', () => {
    fs.writeFileSync(path.join(dir, '1-1.jsonl'), '{"t":"policy","key":"a@1","name":"a","statements":[{"index":0,"effect":"Allow"}]}\n{"t":"cell","princ');
    const c = statementCoverage(readRunRecords(dir));
    expect(c.total).toBe(1);
    expect(c.covered).toBe(0);
  });

  test('the Markdown summary shows coverage against the threshold and the uncovered statements', () => {
    process.env[RUN_DIR_ENV] = dir;
    recordDecision(evaluate(manager, { action: 'rekognition:DetectCustomLabels', resource: model }), { principal: 'model-manager' });
    const md = formatRunSummaryMarkdown(statementCoverage(readRunRecords(dir)), { threshold: 80, tests: { passed: 3, failed: 0, total: 3 } });
    expect(md).toContain('**Statement coverage: 1/4 (25.0%)** :x: below the threshold of 80%');
    expect(md).toContain('| model-manager | 1 | 0 | 0 | 0 |');
    expect(md).toContain('### Statements no test exercised (3)');
    expect(md).toContain('| `examples/rekognition-custom-labels/policies/project-model-manager.json:31:5 (Sid ExplicitDenyCreateProject)` | Deny |');
  });
});

describe('the jest-iam reporter (jest-iam/reporter)', () => {
  const config = () => ({ rootDir: dir });

  test('sets the run directory for the workers in onRunStart, reports and fails the run under the threshold', () => {
    const reporter = new JestIamReporter(config(), { coverageThreshold: 80, html: 'out/iam-report.html', markdown: 'out/iam-summary.md', githubStepSummary: false, silent: true });
    reporter.onRunStart();
    const runDir = process.env[RUN_DIR_ENV];
    expect(runDir && fs.existsSync(runDir)).toBe(true);
    recordDecision(evaluate(manager, { action: 'rekognition:DetectCustomLabels', resource: model }));
    reporter.onRunComplete(undefined, { numPassedTests: 1, numFailedTests: 0, numTotalTests: 1 });
    expect(reporter.lastCoverage?.percent).toBe(25);
    expect(reporter.getLastError()?.message).toBe('jest-iam: statement coverage 25.0% is below the threshold of 80% (3 statements no test exercised)');
    expect(fs.existsSync(runDir!)).toBe(false);
    expect(process.env[RUN_DIR_ENV]).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, 'out', 'iam-report.html'), 'utf8')).toContain('<table class="matrix">');
    expect(fs.readFileSync(path.join(dir, 'out', 'iam-summary.md'), 'utf8')).toContain('## jest-iam: IAM policy tests');
  });

  test('meets the threshold: no error', () => {
    const reporter = new JestIamReporter(config(), { coverageThreshold: 50, silent: true, githubStepSummary: false });
    reporter.onRunStart();
    recordDecision(evaluate(manager, { action: 'rekognition:DetectCustomLabels', resource: model }));
    recordDecision(evaluate(manager, { action: 'rekognition:CreateProject', resource: sample }));
    reporter.onRunComplete(undefined, {});
    expect(reporter.getLastError()).toBeUndefined();
  });

  test('appends the summary to $GITHUB_STEP_SUMMARY when it is set', () => {
    const summary = path.join(dir, 'step-summary.md');
    process.env.GITHUB_STEP_SUMMARY = summary;
    try {
      const reporter = new JestIamReporter(config(), { silent: true });
      reporter.onRunStart();
      reporter.onRunComplete(undefined, {});
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY;
    }
    expect(fs.readFileSync(summary, 'utf8')).toContain('Statement coverage: 0/0 (100.0%)');
  });

  test('bad options are refused with the option named', () => {
    expect(() => new JestIamReporter(config(), { coverageTreshold: 80 })).toThrow('jest-iam/reporter: unknown option "coverageTreshold"; the options are coverageThreshold, html, markdown, githubStepSummary, silent, policies');
    expect(() => new JestIamReporter(config(), { policies: 'policies/*.json' })).toThrow('option "policies" must be a list of glob strings such as ["policies/**/*.json"], not "policies/*.json"');
    expect(() => new JestIamReporter(config(), { coverageThreshold: 180 })).toThrow('coverageThreshold must be a percentage from 0 to 100, not 180');
    expect(() => new JestIamReporter(config(), { html: true })).toThrow('option "html" must be a string, not true');
  });
});

// Like Jest's collectCoverageFrom: a policy file no test loads is still part of the policies under
// test, so its statements count, all uncovered.
describe('reporter option "policies": files no test loads count as uncovered', () => {
  const config = () => ({ rootDir: dir });
  const write = (rel: string, doc: object | string) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
    return file;
  };
  const allow = (sid: string) => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });

  test('expandPolicyGlobs: "*" within a segment, "**" across directories, "!" excludes; no node_modules or dot-directories', () => {
    write('policies/a.json', allow('A'));
    write('policies/sub/deep/b.json', allow('B'));
    write('policies/fixtures/broken.json', '{');
    write('policies/README.md', '# not a policy');
    write('node_modules/pkg/policies/c.json', allow('C'));
    write('.cache/policies/d.json', allow('D'));
    const rel = (files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
    expect(rel(expandPolicyGlobs(['policies/*.json'], dir))).toEqual(['policies/a.json']);
    expect(rel(expandPolicyGlobs(['**/*.json', '!policies/fixtures/**'], dir))).toEqual(['policies/a.json', 'policies/sub/deep/b.json']);
    expect(rel(expandPolicyGlobs(['policies/**/?.json'], dir))).toEqual(['policies/a.json', 'policies/sub/deep/b.json']);
    expect(expandPolicyGlobs(['no/such/dir/*.json'], dir)).toEqual([]);
  });

  test('a file no test loaded is listed with every statement uncovered; a loaded one is counted once', () => {
    const loaded = write('policies/loaded.json', allow('Loaded'));
    write('policies/unused.json', allow('Unused'));
    // A bucket policy (it has a Principal) is read as a resource-based policy.
    write('policies/bucket.json', { Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
    const reporter = new JestIamReporter(config(), { policies: ['policies/*.json'], coverageThreshold: 50, silent: true, githubStepSummary: false });
    reporter.onRunStart();
    recordDecision(evaluate(policySet({ identity: loaded }), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }));
    reporter.onRunComplete(undefined, {});
    const c = reporter.lastCoverage!;
    expect(c.policies.map((p) => [path.basename(p.file!), p.unloaded ?? false])).toEqual([
      ['bucket.json', true],
      ['loaded.json', false],
      ['unused.json', true],
    ]);
    expect([c.covered, c.total]).toEqual([1, 3]);
    expect(c.uncovered.map((st) => [st.sid, st.line])).toEqual([
      ['Public', 4],
      ['Unused', 4],
    ]);
    expect(formatCoverageText(c)).toMatch(/unused\.json: 0\/1 \(no test loads this policy\)/);
    expect(reporter.getLastError()?.message).toBe('jest-iam: statement coverage 33.3% is below the threshold of 50% (2 statements no test exercised)');
  });

  test('a named file that is not a valid policy fails the run with its position', () => {
    write('policies/broken.json', '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allowed", "Action": "*", "Resource": "*" } ] }');
    const reporter = new JestIamReporter(config(), { policies: ['policies/*.json'], silent: true, githubStepSummary: false });
    reporter.onRunStart();
    reporter.onRunComplete(undefined, {});
    expect(reporter.getLastError()?.message).toMatch(/^jest-iam\/reporter: option "policies" names files that are not valid policies:\n {2}\S*broken\.json:1:\d+: error: Effect must be "Allow" or "Deny"/);
  });
});
