import * as fs from 'node:fs';
import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';
import { evaluate } from '../../../src/engine/evaluate';
import { recordDecision } from '../../../src/coverage/record-decision';
import JestIamReporter from '../../../src/reporter';
import { partialRun, taggedReportPath } from '../../../src/reporter/partial-run';
import { useRecordingRun } from './recording-run';

const examples = path.join(__dirname, '..', '..', '..', 'examples', 'rekognition-custom-labels', 'policies');
const manager = policySet({ identity: path.join(examples, 'project-model-manager.json') });
const model = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000';

const dir = useRecordingRun('jest-iam-partial-');

/** One reporter run over a single decision (25% coverage), with Jest's global config `selection`. */
function runReporter(selection: object): { reporter: JestIamReporter; stderr: string } {
  const reporter = new JestIamReporter(
    { rootDir: dir(), ...selection },
    { coverageThreshold: 80, html: 'out/iam-report.html', markdown: 'out/iam-summary.md', githubStepSummary: false },
  );
  const lines: string[] = [];
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    reporter.onRunStart();
    recordDecision(evaluate(manager, { action: 'rekognition:DetectCustomLabels', resource: model }));
    reporter.onRunComplete(undefined, { numPassedTests: 1, numFailedTests: 0, numTotalTests: 1 });
  } finally {
    write.mockRestore();
  }
  return { reporter, stderr: lines.join('') };
}

describe('a filtered, watch, --onlyChanged or sharded run (the reporter with coverageThreshold)', () => {
  test('a full run still fails under the threshold and writes the reports', () => {
    const { reporter } = runReporter({ testPathPatterns: { patterns: [] } });
    expect(reporter.getLastError()?.message).toContain('below the threshold of 80%');
    expect(fs.existsSync(path.join(dir(), 'out', 'iam-report.html'))).toBe(true);
  });

  test("`jest -t` passes, says why no threshold was checked, and writes its reports beside the full run's, marked partial", () => {
    fs.mkdirSync(path.join(dir(), 'out'));
    fs.writeFileSync(path.join(dir(), 'out', 'iam-report.html'), 'full run');
    const { reporter, stderr } = runReporter({ testNamePattern: 'model-manager' });
    expect(reporter.getLastError()).toBeUndefined();
    expect(stderr).toContain('jest-iam: partial run (-t "model-manager"): coverage counts only the tests that ran; coverage threshold (80%) not checked');
    expect(fs.readFileSync(path.join(dir(), 'out', 'iam-report.html'), 'utf8')).toBe('full run');
    expect(fs.readFileSync(path.join(dir(), 'out', 'iam-report.partial.html'), 'utf8')).toContain(
      'IAM access matrix (jest-iam) - partial run (-t &quot;model-manager&quot;)',
    );
    const md = fs.readFileSync(path.join(dir(), 'out', 'iam-summary.partial.md'), 'utf8');
    expect(md).toContain('_Partial run (-t "model-manager"): coverage counts only the tests that ran; no threshold checked._');
    expect(md).not.toContain('below the threshold');
  });

  test('a -t pattern with HTML, a link, a mention and $& stays text in the Markdown summary (issue 13)', () => {
    runReporter({ testNamePattern: '<img src=x onerror=1> [x](https://evil.example) @team $&' });
    const md = fs.readFileSync(path.join(dir(), 'out', 'iam-summary.partial.md'), 'utf8');
    const line = md.split('\n').find((l) => l.startsWith('_Partial run')) ?? '';
    expect(line).toContain('&lt;img src=x onerror=1> \\[x\\]\\(https:\\/\\/evil.example\\) @\u200Bteam \\$&');
    expect(line).not.toMatch(/<[a-z]|(?<!\\)\]\(|https?:\/\/|@team/);
  });

  test('`jest path/one.iam.yaml` (Jest 30 testPathPatterns), watch and --onlyChanged are partial too', () => {
    expect(partialRun({ testPathPatterns: { patterns: ['rekognition.iam.yaml'] } })?.reason).toBe('test path rekognition.iam.yaml');
    expect(partialRun({ testPathPattern: 'a.test.ts' })?.reason).toBe('test path a.test.ts');
    expect(partialRun({ watch: true })?.reason).toBe('watch mode');
    expect(partialRun({ watchAll: true, onlyChanged: true })?.reason).toBe('watch mode, --onlyChanged');
    expect(partialRun({ changedSince: 'main' })?.reason).toBe('--changedSince main');
    expect(partialRun({ testPathPatterns: { patterns: [] }, watch: false, onlyChanged: false, shard: { shardIndex: 1, shardCount: 1 } })).toBeUndefined();
    const { reporter } = runReporter({ testPathPatterns: { patterns: ['one.iam.yaml'] } });
    expect(reporter.getLastError()).toBeUndefined();
    expect(fs.existsSync(path.join(dir(), 'out', 'iam-report.html'))).toBe(false);
    expect(fs.existsSync(path.join(dir(), 'out', 'iam-report.partial.html'))).toBe(true);
  });

  test('each shard writes its own report (for merging) and checks no threshold', () => {
    const { reporter } = runReporter({ shard: { shardIndex: 2, shardCount: 3 } });
    expect(reporter.getLastError()).toBeUndefined();
    expect(fs.existsSync(path.join(dir(), 'out', 'iam-report.shard-2-of-3.html'))).toBe(true);
    expect(fs.existsSync(path.join(dir(), 'out', 'iam-summary.shard-2-of-3.md'))).toBe(true);
    expect(taggedReportPath('reports/v1.2/iam', 'partial')).toBe('reports/v1.2/iam.partial');
    expect(taggedReportPath('.reports/iam.html', 'partial')).toBe('.reports/iam.partial.html');
  });
});
