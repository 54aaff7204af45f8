import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';
import { buildAccessMatrix } from '../../../src/report/access-matrix';
import { formatAccessSnapshot, parseAccessSnapshot } from '../../../src/report/access-snapshot-text';
import { compareSnapshots, formatSnapshotChange, isUnchanged } from '../../../src/report/snapshot-change';

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

  test('is grouped by service and decision, one cell per line', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('jest-iam access snapshot');
    expect(lines).toContain('[rekognition] allow');
    expect(lines).toContain('[rekognition] explicit deny');
    expect(lines).toContain('[rekognition] implicit deny');
    const allow = lines.indexOf('[rekognition] allow');
    const deny = lines.indexOf('[rekognition] explicit deny');
    expect(lines.slice(allow + 1, deny - 1)).toEqual([
      '  rekognition:CreateProject on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/example',
      '  rekognition:CreateProjectVersion on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000',
      '  rekognition:DescribeProjectVersions on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000',
      '  rekognition:DescribeProjects on *',
      `  rekognition:DetectCustomLabels on ${model}`,
      `  rekognition:StartProjectVersion on ${model}`,
      `  rekognition:StopProjectVersion on ${model}`,
    ]);
    // Statement ExplicitDenyCreateProject.
    expect(lines[deny + 1]).toBe('  rekognition:CreateProject on arn:aws:rekognition:us-east-1:111122223333:project/SampleProject/example');
  });

  test('is the same text on every build (stable order, fixed request time)', () => {
    expect(formatAccessSnapshot(buildAccessMatrix([{ name: 'policy set', set: manager }], scope))).toBe(text);
  });

  test('parses back into the same cells, also from the form Jest stores (quoted, with escaped quotes)', () => {
    const cells = parseAccessSnapshot(text);
    expect(cells.filter((c) => c.outcome === 'allow')).toHaveLength(7);
    expect(parseAccessSnapshot(`"${text}"`)).toEqual(cells);
  });

  test('a policy edit reads as "now allowed" and "no longer allowed"', () => {
    const after = formatAccessSnapshot(buildAccessMatrix([{ name: 'policy set', set: changed }], scope));
    const change = compareSnapshots(text, after);
    expect(isUnchanged(change)).toBe(false);
    expect(change.nowAllowed.map((c) => `${c.action} on ${c.resource}`)).toContain(`rekognition:DeleteProjectVersion on ${model}`);
    expect(change.noLongerAllowed.map((c) => `${c.action} on ${c.resource}`)).toEqual([
      'rekognition:DescribeProjectVersions on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000',
    ]);
    const message = formatSnapshotChange(change);
    expect(message).toMatch(/^now allowed \(\d+\):\n {2}rekognition:DeleteProjectVersion on /);
    expect(message).toContain('no longer allowed (1):\n  rekognition:DescribeProjectVersions on');
    // The new pattern project/MyProject/version/* brings a sample the stored snapshot never had.
    expect(change.newlyListedAllowed.map((c) => `${c.action} on ${c.resource}`)).toEqual([
      'rekognition:CreateProjectVersion on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/1700000000000',
    ]);
    expect(message).toContain('newly listed resources, allowed');
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
      Statement: [{ Sid: 'WithMfa', Effect: 'Allow', Action: 'rekognition:DescribeProjects', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
    },
  });

  test('an allow that needs MFA is shown as allowed under that condition, not hidden as a deny', () => {
    const m = buildAccessMatrix([{ name: 'p', set: mfa }], { actions: ['rekognition:DescribeProjects'] });
    expect(m.cells.map((c) => c.outcome)).toEqual(['conditional']);
    expect(formatAccessSnapshot(m)).toContain("[rekognition] allow under condition\n  rekognition:DescribeProjects on * if Bool aws:MultiFactorAuthPresent 'true'");
  });

  test('with the key in the scope context, the cell is simply allowed', () => {
    const m = buildAccessMatrix([{ name: 'p', set: mfa }], { actions: ['rekognition:DescribeProjects'], context: { 'aws:MultiFactorAuthPresent': true } });
    expect(m.cells.map((c) => c.outcome)).toEqual(['allow']);
  });

  test('a permissions boundary that never allows the action keeps the cell an implicit deny (reference_policies_evaluation-logic.md)', () => {
    const bounded = { ...mfa, boundary: policySet({ boundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }).boundary! };
    const m = buildAccessMatrix([{ name: 'p', set: bounded }], { actions: ['rekognition:DescribeProjects'] });
    expect(m.cells.map((c) => c.outcome)).toEqual(['implicit-deny']);
  });
});

describe('scope errors are reported with the pattern and a suggestion', () => {
  test('an action pattern that matches nothing', () => {
    expect(() => buildAccessMatrix([{ name: 'p', set: manager }], { actions: ['rekognition:DetectCustomLabel'] })).toThrow(/"rekognition:DetectCustomLabel" matches no action.*did you mean rekognition:DetectCustomLabels\?/);
  });
  test('an unknown service', () => {
    expect(() => buildAccessMatrix([{ name: 'p', set: manager }], { services: ['rekognitoin'] })).toThrow(/"rekognitoin" is not a service prefix.*did you mean rekognition\?/);
  });
  test('an empty scope', () => {
    expect(() => buildAccessMatrix([{ name: 'p', set: manager }], {})).toThrow(/the scope names no actions/);
  });
});
