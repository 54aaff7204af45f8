import { resolveValidationConfig } from '../../../src/catalog/validation-config';
import { formatIssue, PolicyValidationError, type PolicyIssue } from '../../../src/diagnostics/policy-issue';
import { checkCell, defineScenarioSuite, expandCells, loadScenario, ScenarioFailure, type ScenarioCell } from '../../../src/scenario';
import * as path from 'node:path';
import { DETECT_POLICY, fixture, removeTempDirs, tempScenarioDir, where } from './scenario-fixtures';

/**
 * Scenario requests checked against the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrekognition.html):
 * the action must exist, and the resource must be of a type the action acts on (column
 * "Resource types"; an action with no resource types takes only "*").
 */

const MISTAKES = fixture('invalid', 'catalog-mistakes.iam.yaml');
const CHECKED = fixture('catalog-checks.iam.yaml');
const PROJECT = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1690000000000';

/** The issues expandCells throws for a loaded file (fails the test when it does not throw). */
function expandIssues(file: string): PolicyIssue[] {
  try {
    expandCells(loadScenario(file));
  } catch (e) {
    if (e instanceof PolicyValidationError) return e.issues;
    throw e;
  }
  throw new Error(`${file} expanded without errors`);
}

describe('a request that does not fit the Service Authorization Reference fails the file at its entry', () => {
  const issues = expandIssues(MISTAKES);
  const lines = issues.map(formatIssue);

  test('every mistake is reported at once, as an error', () => {
    expect(issues.map((i) => [i.severity, i.code])).toEqual([
      ['error', 'unknown-action'],
      ['error', 'resource-type-mismatch'],
      ['error', 'resource-type-mismatch'],
    ]);
  });

  test('a misspelt action: at the entry, with the nearest real action', () => {
    expect(lines[0]).toBe(
      `${where(MISTAKES, 'action: rekognition:DetectCustomLabel\n')}: error: rekognition has no action "DetectCustomLabel"; did you mean rekognition:DetectCustomLabels? (principals.model-manager.allow[0])`,
    );
  });

  // "Resource types" column: DetectCustomLabels acts on projectversion only.
  test('a resource of the wrong type: at the entry, naming the type the action acts on and the type given', () => {
    const head = `${where(MISTAKES, 'action: rekognition:DetectCustomLabels\n')}: error: rekognition:DetectCustomLabels acts on projectversion (`;
    expect(lines[1].slice(0, head.length)).toBe(head);
    expect(lines[1]).toContain(`${PROJECT} is a project (principals.model-manager.implicitDeny[0])`);
  });

  // "Resource types" column: DescribeProjectVersions acts on project only.
  test('a table cell of the wrong type: at the cell, naming row and column', () => {
    const head = `${where(MISTAKES, 'implicit }')}: error: rekognition:DescribeProjectVersions acts on project (`;
    expect(lines[2].slice(0, head.length)).toBe(head);
    expect(lines[2]).toMatch(/is a projectversion \(principals\.model-manager\.table, row rekognition:DescribeProjectVersions, column model\)$/);
  });

  test('run as a Jest suite, the file is one failing test that lists every mistake', () => {
    const tests: { name: string; body: () => void }[] = [];
    defineScenarioSuite(MISTAKES, { describe: (_n, body) => body(), test: (name, body) => tests.push({ name, body }) });
    expect(tests.map((t) => t.name)).toEqual([expect.stringMatching(/^scenario file .*catalog-mistakes\.iam\.yaml is valid$/)]);
    expect(() => tests[0].body()).toThrow(ScenarioFailure);
    let message = '';
    try {
      tests[0].body();
    } catch (e) {
      message = (e as Error).message;
    }
    for (const line of lines) expect(message).toContain(line);
  });
});

describe('requests that fit the reference: action wildcards and per-file validation levels', () => {
  let cells: ScenarioCell[] = [];
  const warnings: string[] = [];
  beforeAll(() => {
    // Warnings go straight to stderr (no Jest console frame), once per process.
    const warn = jest.spyOn(process.stderr, 'write').mockImplementation((line: unknown) => {
      warnings.push(String(line).replace(/\n$/, ''));
      return true;
    });
    try {
      cells = expandCells(loadScenario(CHECKED));
    } finally {
      warn.mockRestore();
    }
  });
  const of = (principal: string) => cells.filter((c) => c.principal === principal);

  // IAM User Guide, reference_policies_elements_action.md: a wildcard in an action name matches
  // every action it fits; a test asks about one concrete action per cell.
  test('"rekognition:Describe*" expands to one cell per real Rekognition Describe action, in the reference\'s order', () => {
    expect(of('inference-client').map((c) => c.testName)).toEqual([
      'implicitDeny rekognition:DescribeCollection on *',
      'implicitDeny rekognition:DescribeDataset on *',
      'implicitDeny rekognition:DescribeProjectVersions on *',
      'implicitDeny rekognition:DescribeProjects on *',
      'implicitDeny rekognition:DescribeStreamProcessor on *',
    ]);
  });

  test('every expanded cell points at the wildcard entry and holds', () => {
    const entry = where(CHECKED, 'action: rekognition:Describe*');
    for (const c of of('inference-client')) {
      expect(`${c.pos.file}:${c.pos.line}:${c.pos.column}`).toBe(entry);
      expect(checkCell(c).result).toBe('ImplicitDeny');
    }
  });

  // Service Authorization Reference: CreateProject has no resource types, so "you must specify
  // all resources ("*")"; the file's `validation: { wildcardOnlyResource: warning }` lets the
  // Security page's reading (CreateProject on MyProject's ARN) run, with a warning at the entry.
  test('validation: { wildcardOnlyResource: warning } downgrades CreateProject on a project ARN to a warning', () => {
    expect(of('model-manager').map((c) => c.testName)).toEqual([`allow rekognition:CreateProject on ${PROJECT}`]);
    expect(checkCell(of('model-manager')[0]).result).toBe('Allow');
    // Only this entry's warnings: the Describe* entry on "*" may draw warnings of its own.
    expect(warnings.filter((w) => w.includes('(principals.model-manager.'))).toEqual([
      `jest-iam: ${where(CHECKED, 'action: rekognition:CreateProject')}: warning: rekognition:CreateProject does not support resource-level permissions; use "*" as the resource, not ${PROJECT} (principals.model-manager.allow[0])`,
    ]);
  });

  test("without the file's validation levels, the same request is an error at the same entry", () => {
    let issues: PolicyIssue[] = [];
    try {
      expandCells(loadScenario(CHECKED), resolveValidationConfig());
    } catch (e) {
      if (!(e instanceof PolicyValidationError)) throw e;
      issues = e.issues;
    }
    expect(issues.map((i) => [i.severity, i.code, formatIssue(i).split(': ')[0]])).toEqual([
      ['error', 'wildcard-only-action', where(CHECKED, 'action: rekognition:CreateProject')],
    ]);
  });
});

describe('the same mistaken request stated twice', () => {
  afterAll(removeTempDirs);

  // Each distinct request is checked once per file; every entry that states it is still reported at its own line.
  test('is reported at each entry that states it, principal by principal', () => {
    const entry = ['    implicitDeny:', '      - action: rekognition:DetectCustomLabels', `        resource: ${PROJECT}`];
    const dir = tempScenarioDir({
      'detect.json': DETECT_POLICY,
      'twice.iam.yaml': [
        'name: twice',
        'policySets:',
        '  detect: { identity: [detect.json] }',
        'principals:',
        '  a:',
        '    policies: detect',
        ...entry,
        '  b:',
        '    policies: detect',
        ...entry,
        '',
      ].join('\n'),
    });
    const file = path.join(dir, 'twice.iam.yaml');
    const issues = expandIssues(file);
    expect(issues.map((i) => [i.code, i.pos?.line])).toEqual([
      ['resource-type-mismatch', 8],
      ['resource-type-mismatch', 13],
    ]);
    expect(issues.map(formatIssue)[1]).toContain('(principals.b.implicitDeny[0])');
  });
});
