import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';
import { buildAccessMatrix } from '../../../src/analysis/access-matrix';
import { evaluate } from '../../../src/engine/evaluate';
import { formatAccessSnapshot, IMPLICIT_DENY_NOTE, parseAccessSnapshot, SNAPSHOT_TITLE } from '../../../src/analysis/access-snapshot-text';
import { compareSnapshots, formatSnapshotChange, isUnchanged } from '../../../src/analysis/snapshot-change';

const examples = path.join(__dirname, '..', '..', '..', 'examples', 'rekognition-custom-labels', 'policies');
const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'diff');
const manager = policySet({ identity: path.join(examples, 'project-model-manager.json') });
const changed = policySet({ identity: path.join(fixtures, 'project-model-manager.after.json') });
const scope = { actions: ['rekognition:*'] };

const model = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000';

// IAM User Guide, reference_policies_evaluation-logic.md decides every cell; the snapshot text
// only has to show those decisions grouped and stably ordered.
describe('access snapshot text of the Rekognition model-manager policy (reference_policies_evaluation-logic.md)', () => {
  const text = formatAccessSnapshot(buildAccessMatrix([{ name: 'policy set', set: manager }], scope));

  test('is grouped by service and decision, one allowed cell per line, implicit denies counted', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('jest-iam access snapshot');
    expect(lines[2]).toBe(IMPLICIT_DENY_NOTE);
    const allow = lines.indexOf('[rekognition] allow');
    const count = lines.findIndex((l) => l.startsWith('[rekognition] implicit deny: '));
    // reference_policies_actions-resources-contextkeys.md: CreateProject takes "*" only, so the
    // statements naming it on project ARNs (SpecificProject, ExplicitDenyCreateProject) decide nothing.
    expect(lines.slice(allow + 1, count)).toEqual([
      '  rekognition:CreateProjectVersion on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000',
      '  rekognition:DescribeProjectVersions on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000',
      '  rekognition:DescribeProjects on *',
      `  rekognition:DetectCustomLabels on ${model}`,
      `  rekognition:StartProjectVersion on ${model}`,
      `  rekognition:StopProjectVersion on ${model}`,
    ]);
    const matrix = buildAccessMatrix([{ name: 'policy set', set: manager }], scope);
    const denied = matrix.cells.filter((c) => c.outcome === 'implicit-deny').length;
    expect(lines[count]).toBe(`[rekognition] implicit deny: ${denied} requests`);
    expect(text).not.toContain('rekognition:DeleteProject on');
  });

  test('a new action in the service reference changes only the implicit-deny count, and the change says so', () => {
    // The same policy over one action more: what a catalogue update that adds an action does.
    const fewer = formatAccessSnapshot(buildAccessMatrix([{ name: 'policy set', set: manager }], { actions: ['rekognition:*Project*'] }));
    const more = formatAccessSnapshot(
      buildAccessMatrix([{ name: 'policy set', set: manager }], { actions: ['rekognition:*Project*', 'rekognition:DetectText'] }),
    );
    const diff = more.split('\n').filter((l, i) => l !== fewer.split('\n')[i]);
    expect(diff).toEqual([expect.stringMatching(/^scope: /), expect.stringMatching(/^\[rekognition\] implicit deny: \d+ requests$/)]);
    const change = compareSnapshots(fewer, more);
    expect(isUnchanged(change)).toBe(true);
    expect(formatSnapshotChange(change)).toMatch(
      /^no change in allowed access\nimplicitly denied requests: rekognition \d+ -> \d+ \(the requests tried changed/,
    );
  });

  test('is the same text on every build (stable order, fixed request time)', () => {
    expect(formatAccessSnapshot(buildAccessMatrix([{ name: 'policy set', set: manager }], scope))).toBe(text);
  });

  test('parses back into the same cells, also from the form Jest stores (quoted, with escaped quotes)', () => {
    const cells = parseAccessSnapshot(text);
    expect(cells.filter((c) => c.outcome === 'allow')).toHaveLength(6);
    expect(parseAccessSnapshot(`"${text}"`)).toEqual(cells);
  });

  test('a policy edit reads as "now allowed" and "no longer allowed"', () => {
    const after = formatAccessSnapshot(buildAccessMatrix([{ name: 'policy set', set: changed }], scope));
    const change = compareSnapshots(text, after);
    expect(isUnchanged(change)).toBe(false);
    expect(change.nowAllowed.map((c) => `${c.action} on ${c.resource}`)).toContain(`rekognition:DeleteProjectVersion on ${model}`);
    // Denied before, now allowed: found though the stored snapshot only counts implicit denies.
    expect(change.noLongerAllowed.map((c) => `${c.action} on ${c.resource}`)).toEqual([
      'rekognition:DescribeProjectVersions on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000',
    ]);
    const message = formatSnapshotChange(change);
    expect(message).toMatch(/^now allowed \(\d+\):\n {2}rekognition:DeleteProjectVersion on /);
    expect(message).toContain('no longer allowed (1):\n  rekognition:DescribeProjectVersions on');
  });

  test('a stored allow no longer listed is decided again: still allowed is not "no longer allowed"', () => {
    const stored = `${SNAPSHOT_TITLE}\n\n[rekognition] allow\n  rekognition:DetectCustomLabels on ${model.replace('1700000000000', '1690000000001')}`;
    const current = formatAccessSnapshot(buildAccessMatrix([{ name: 'policy set', set: manager }], { actions: ['rekognition:DetectCustomLabels'] }));
    const decided = compareSnapshots(stored, current, (c) =>
      evaluate(manager, { action: c.action, resource: c.resource }).result === 'Allow' ? 'allow' : 'implicit-deny',
    );
    expect(decided.noLongerAllowed).toEqual([]);
    expect(decided.unlistedAllowed.map((c) => c.resource)).toEqual([model.replace('1700000000000', '1690000000001')]);
    // Without a way to decide it, a cell that is gone is taken as denied.
    expect(compareSnapshots(stored, current).noLongerAllowed).toHaveLength(1);
  });

  test('a snapshot stored before implicit denies were counted still compares: its listed denies are counted', () => {
    const old = `${SNAPSHOT_TITLE}\n\n[rekognition] allow\n  rekognition:DescribeProjects on *\n[rekognition] implicit deny\n  rekognition:DeleteProject on *\n  rekognition:CreateProject on *`;
    const now = `${SNAPSHOT_TITLE}\n\n[rekognition] allow\n  rekognition:DescribeProjects on *\n[rekognition] implicit deny: 2 requests`;
    const change = compareSnapshots(old, now);
    expect(isUnchanged(change)).toBe(true);
    expect(change.implicitDenyCounts).toEqual([]);
  });

  test('the same access gives no change, whatever the statement order', () => {
    expect(isUnchanged(compareSnapshots(text, text))).toBe(true);
  });
});

// reference_policies_elements_condition.md: a statement applies only when its conditions hold,
// so a statement failing only on its Condition makes the cell "allow under condition".
describe('conditional cells (reference_policies_elements_condition.md)', () => {
  const mfa = policySet({
    identity: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'WithMfa',
          Effect: 'Allow',
          Action: 'rekognition:DescribeProjects',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    },
  });

  test('an allow that needs MFA is shown as allowed under that condition, not hidden as a deny', () => {
    const m = buildAccessMatrix([{ name: 'p', set: mfa }], { actions: ['rekognition:DescribeProjects'] });
    expect(m.cells.map((c) => c.outcome)).toEqual(['conditional']);
    expect(formatAccessSnapshot(m)).toContain(
      "[rekognition] allow under condition\n  rekognition:DescribeProjects on * if Bool aws:MultiFactorAuthPresent 'true'",
    );
  });

  test('with the key in the scope context, the cell is simply allowed', () => {
    const m = buildAccessMatrix([{ name: 'p', set: mfa }], { actions: ['rekognition:DescribeProjects'], context: { 'aws:MultiFactorAuthPresent': true } });
    expect(m.cells.map((c) => c.outcome)).toEqual(['allow']);
  });

  test('a permissions boundary that never allows the action keeps the cell an implicit deny (reference_policies_evaluation-logic.md)', () => {
    const bounded = {
      ...mfa,
      boundary: policySet({ boundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }).boundary!,
    };
    const m = buildAccessMatrix([{ name: 'p', set: bounded }], { actions: ['rekognition:DescribeProjects'] });
    expect(m.cells.map((c) => c.outcome)).toEqual(['implicit-deny']);
  });
});

describe('scope errors are reported with the pattern and a suggestion', () => {
  test('an action pattern that matches nothing', () => {
    expect(() => buildAccessMatrix([{ name: 'p', set: manager }], { actions: ['rekognition:DetectCustomLabel'] })).toThrow(
      /"rekognition:DetectCustomLabel" matches no action.*did you mean rekognition:DetectCustomLabels\?/,
    );
  });
  test('an unknown service', () => {
    expect(() => buildAccessMatrix([{ name: 'p', set: manager }], { services: ['rekognitoin'] })).toThrow(
      /"rekognitoin" is not a service prefix.*did you mean rekognition\?/,
    );
  });
  test('an empty scope', () => {
    expect(() => buildAccessMatrix([{ name: 'p', set: manager }], {})).toThrow(/the scope names no actions/);
  });
});
