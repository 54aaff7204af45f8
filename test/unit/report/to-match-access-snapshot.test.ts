import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MatcherContext } from 'expect';
import { SnapshotState } from 'jest-snapshot';
import { policySet } from '../../../src/engine/build-policy-set';
import { toMatchAccessSnapshot } from '../../../matchers/toMatchAccessSnapshot';
import { takeRecordedCells } from '../../../src/live/cross-check-hook';
import { useRecordingRun } from './recording-run';
import { buildAccessMatrix } from '../../../src/analysis/access-matrix';
import { readRunRecords, RUN_DIR_ENV } from '../../../src/coverage/run-records';
import { statementCoverage } from '../../../src/coverage/statement-coverage';
import '../../../matchers';

const examples = path.join(__dirname, '..', '..', '..', 'examples', 'rekognition-custom-labels', 'policies');
const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'diff');
const before = () => policySet({ identity: path.join(fixtures, 'project-model-manager.before.json') });
const after = () => policySet({ identity: path.join(fixtures, 'project-model-manager.after.json') });
const scope = { actions: ['rekognition:*'] };

expect.extend({ toMatchAccessSnapshot });

/** A matcher context over a snapshot file of our own, as Jest builds one for a test. */
function context(file: string, update: 'new' | 'none' | 'all'): { ctx: MatcherContext; state: SnapshotState } {
  const state = new SnapshotState(file, {
    updateSnapshot: update,
    rootDir: path.dirname(file),
    snapshotFormat: { escapeString: false, printBasicPrototype: false },
  });
  const ctx = {
    ...expect.getState(),
    snapshotState: state,
    currentTestName: 'rekognition manager access',
    currentConcurrentTestName: undefined,
    currentTestIdentity: undefined,
    isNot: false,
    promise: '',
    utils: jest.requireActual('jest-matcher-utils'),
    equals: () => true,
  } as unknown as MatcherContext;
  return { ctx, state };
}

// The snapshot mechanism is Jest's own (jest-snapshot); the matcher adds the access summary.
describe('toMatchAccessSnapshot stores effective access with Jest snapshots (reference_policies_evaluation-logic.md decides each cell)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-snap-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes a new snapshot, passes on the same policy, and fails on a changed one with "now allowed / no longer allowed"', () => {
    const file = path.join(dir, '__snapshots__', 'manager.test.ts.snap');
    const first = context(file, 'new');
    expect(toMatchAccessSnapshot.call(first.ctx, before(), scope).pass).toBe(true);
    first.state.save();
    const stored = fs.readFileSync(file, 'utf8');
    expect(stored).toContain('exports[`rekognition manager access: access 1`]');
    expect(stored).toMatch(/\[rekognition\] implicit deny: \d+ requests/);

    const same = context(file, 'none');
    expect(toMatchAccessSnapshot.call(same.ctx, before(), scope).pass).toBe(true);

    const changed = context(file, 'none');
    const result = toMatchAccessSnapshot.call(changed.ctx, after(), scope);
    expect(result.pass).toBe(false);
    const message = result.message();
    expect(message).toMatch(
      /^Access changed\.\nnow allowed \(2\):\n {2}rekognition:DeleteProjectVersion on arn:aws:rekognition:us-east-1:111122223333:project\/MyProject\/version\/MyVersion\/1700000000000/,
    );
    expect(message).toContain(
      'no longer allowed (1):\n  rekognition:DescribeProjectVersions on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000',
    );
    // Jest's own snapshot diff follows the summary.
    expect(message).toContain('Snapshot name: `rekognition manager access: access 1`');
  });

  test('with -u (updateSnapshot "all") the changed access is accepted', () => {
    const file = path.join(dir, 'manager.snap');
    const first = context(file, 'new');
    toMatchAccessSnapshot.call(first.ctx, before(), scope);
    first.state.save();
    const update = context(file, 'all');
    expect(toMatchAccessSnapshot.call(update.ctx, after(), scope).pass).toBe(true);
    update.state.save();
    expect(fs.readFileSync(file, 'utf8')).toContain(
      'rekognition:DeleteProjectVersion on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000',
    );
  });

  test('.not is refused, and a bad scope is a usage error naming the pattern', () => {
    const { ctx } = context(path.join(dir, 'x.snap'), 'new');
    expect(() => toMatchAccessSnapshot.call({ ...ctx, isNot: true } as MatcherContext, before(), scope)).toThrow(
      'toMatchAccessSnapshot cannot be used with .not',
    );
    expect(() => toMatchAccessSnapshot.call(ctx, before(), { actions: ['rekognition:NoSuch*'] })).toThrow(
      /toMatchAccessSnapshot: scope: 1 problem.*"rekognition:NoSuch\*" matches no action/s,
    );
  });
});

// A snapshot's cells are decisions of the policies (reference_policies_evaluation-logic.md): they
// exercise statements, so they count for coverage, and IAM is asked about them when cross-checking.
describe('snapshot cells are recorded for statement coverage and the IAM cross-check', () => {
  const runDir = useRecordingRun('jest-iam-snap-rec-');

  test('every cell reaches the coverage records: the allows that decided are covered', () => {
    process.env[RUN_DIR_ENV] = runDir();
    const { ctx } = context(path.join(runDir(), 'cov.snap'), 'new');
    toMatchAccessSnapshot.call(ctx, before(), scope);
    const coverage = statementCoverage(readRunRecords(runDir()));
    expect(coverage.cells.length).toBeGreaterThan(100);
    const covered = coverage.policies[0].statements.filter((st) => st.hits > 0).map((st) => st.sid);
    expect(covered).toEqual(['AllResources', 'SpecificProjectVersion', 'SpecificProject']);
  });

  test('with { crossCheck: true } every cell is queued for IAM; by default (no JEST_IAM_CROSS_CHECK) none is', () => {
    const saved = process.env.JEST_IAM_CROSS_CHECK;
    delete process.env.JEST_IAM_CROSS_CHECK;
    try {
      const { ctx } = context(path.join(runDir(), 'x.snap'), 'new');
      toMatchAccessSnapshot.call(ctx, before(), { actions: ['rekognition:DescribeProjects'] });
      expect(takeRecordedCells()).toEqual([]);
      const two = { actions: ['rekognition:DescribeProjects', 'rekognition:DetectCustomLabels'] };
      toMatchAccessSnapshot.call(ctx, before(), two, { hint: 'checked', crossCheck: true });
      const cells = takeRecordedCells();
      const matrix = buildAccessMatrix([{ name: 'policy set', set: before() }], two);
      expect(cells.map((c) => [c.request.action, c.request.resource, c.local?.result])).toEqual(
        matrix.cells.map((c) => [c.action, c.resource, c.decision.result]),
      );
      expect(cells.filter((c) => c.local?.result === 'Allow').map((c) => c.request.action)).toEqual([
        'rekognition:DescribeProjects',
        'rekognition:DetectCustomLabels',
      ]);
    } finally {
      if (saved !== undefined) process.env.JEST_IAM_CROSS_CHECK = saved;
    }
  });
});

// Through Jest's real expect and this file's own snapshot (test/unit/report/__snapshots__/).
describe('the Rekognition example policies, as access snapshots', () => {
  test('model manager: AWS "Security" page example policy', () => {
    expect(policySet({ identity: path.join(examples, 'project-model-manager.json') })).toMatchAccessSnapshot({
      actions: ['rekognition:*Project*', 'rekognition:DetectCustomLabels'],
    });
  });

  test('inference client: "Securing DetectCustomLabels"', () => {
    expect(path.join(examples, 'detect-custom-labels-only.json')).toMatchAccessSnapshot({ services: ['rekognition'] }, 'inference');
  });
});
