import * as path from 'node:path';
import { cellTestName, expandCells, loadScenario, type ScenarioCell } from '../../../src/scenario';
import { DETECT_POLICY, fixture, removeTempDirs, tempScenarioDir, where } from './scenario-fixtures';

afterAll(removeTempDirs);

const VALID = fixture('valid.iam.yaml');
const cells = expandCells(loadScenario(VALID));
const of = (principal: string): ScenarioCell[] => cells.filter((c) => c.principal === principal);
const MODEL = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1690000000001';
const MODEL_9 = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1690000000009';
const MODEL_2 = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion2/1690000000002';
const PROJECT = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1690000000000';
const PRIVATE_OBJECT = 'arn:aws:s3:::fixture-images/Alice/private/cat.jpg';

describe('expandCells: cross products and tables', () => {
  test('an entry expands to every action x every resource (2 x 2 = 4 cells)', () => {
    const allow = of('model-manager').filter((c) => c.source === 'principals.model-manager.allow[0]');
    expect(allow.map((c) => [c.request.action, c.request.resource])).toEqual([
      ['rekognition:StartProjectVersion', MODEL],
      ['rekognition:StartProjectVersion', MODEL_9],
      ['rekognition:StopProjectVersion', MODEL],
      ['rekognition:StopProjectVersion', MODEL_9],
    ]);
  });

  // IAM User Guide, reference_policies_elements_resource.md: "*" stands for actions without resource-level permissions.
  test('an entry without resource asks about "*"', () => {
    const c = of('model-manager').find((x) => x.source === 'principals.model-manager.implicitDeny[0]');
    expect(c?.request.resource).toBe('*');
  });

  test('a table gives one cell per filled cell, rows = actions, columns = resources', () => {
    const table = of('model-manager').filter((c) => c.source.startsWith('principals.model-manager.table'));
    expect(table.map((c) => [c.expectation, c.request.action, c.request.resource])).toEqual([
      ['allow', 'rekognition:DetectCustomLabels', MODEL],
      ['implicitDeny', 'rekognition:DetectCustomLabels', MODEL_2],
      ['deny', 'rekognition:DetectCustomLabels', '*'],
      ['allow', 'rekognition:DescribeProjectVersions', PROJECT],
    ]);
    expect(table[1].source).toBe('principals.model-manager.table, row rekognition:DetectCustomLabels, column model2');
  });

  test('cell counts per principal, and the whole matrix', () => {
    // model-manager: 4 (allow) + 1 (implicitDeny) + 1 (deny) + 4 (table).
    expect(of('model-manager')).toHaveLength(10);
    expect(of('inference-client')).toHaveLength(2);
    expect(of('mfa-manager')).toHaveLength(3);
    // image-reader: 2 (allow) + 1 (explicitDeny) + 1 (implicitDeny).
    expect(of('image-reader')).toHaveLength(4);
    expect(cells).toHaveLength(19);
  });

  test('cells come in the order the file states them (lists and table interleaved by line)', () => {
    const lines = of('model-manager').map((c) => c.pos.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  test('each cell points at its expectation entry or table cell', () => {
    const explicit = of('image-reader').find((c) => c.expectation === 'explicitDeny');
    expect(`${explicit?.pos.file}:${explicit?.pos.line}:${explicit?.pos.column}`).toBe(where(VALID, 'action: s3:GetObject', 2));
    const tableCell = of('model-manager').find((c) => c.source.endsWith('column model2') && c.expectation === 'implicitDeny');
    expect(`${tableCell?.pos.file}:${tableCell?.pos.line}:${tableCell?.pos.column}`).toBe(where(VALID, 'implicit, any'));
  });

  test('cells of one principal share its policy set and principal ARN', () => {
    const mm = of('model-manager');
    expect(new Set(mm.map((c) => c.policySet)).size).toBe(1);
    expect(new Set(mm.map((c) => c.request.principal))).toEqual(new Set(['arn:aws:iam::111122223333:role/ModelManager']));
    expect(of('inference-client')[0].request.principal).toBeUndefined();
  });
});

describe('expandCells: context', () => {
  const mfa = of('mfa-manager');

  test("the principal's context applies to every cell", () => {
    expect(mfa[0].request.context).toEqual({ 'aws:MultiFactorAuthPresent': 'true', 'aws:SourceAccount': '012345678901' });
  });

  test("an entry's context is merged over the principal's", () => {
    expect(mfa[1].request.context).toEqual({ 'aws:SourceAccount': '012345678901', 'aws:MultiFactorAuthPresent': 'false' });
  });

  // IAM User Guide, reference_policies_variables.md: "Key names are case-insensitive".
  test('a key given in another case replaces the default; null removes it (reference_policies_variables.md)', () => {
    expect(mfa[2].request.context).toEqual({ 'aws:SourceAccount': '012345678901', 'aws:multifactorauthpresent': null });
  });

  test('resourceAccount: the entry wins over the table and the principal', () => {
    const dir = tempScenarioDir({
      'p.json': DETECT_POLICY,
      'x.iam.yaml': [
        'principals:',
        '  p:',
        '    policies: { identity: [p.json] }',
        '    resourceAccount: "111111111111"',
        '    allow:',
        '      - action: s3:GetObject',
        '        resource: arn:aws:s3:::b/k',
        '      - action: s3:GetObject',
        '        resource: arn:aws:s3:::b/k2',
        '        resourceAccount: 222222222222',
        '    table:',
        '      resourceAccount: "333333333333"',
        '      columns: { k: "arn:aws:s3:::b/k3" }',
        '      rows: { s3:GetObject: { k: allow } }',
        '',
      ].join('\n'),
    });
    const accounts = expandCells(loadScenario(path.join(dir, 'x.iam.yaml'))).map((c) => c.request.resourceAccount);
    expect(accounts).toEqual(['111111111111', '222222222222', '333333333333']);
  });
});

describe('expandCells: test names', () => {
  test('`<expectation> <action> on <resource>`', () => {
    expect(of('inference-client').map((c) => c.testName)).toEqual([
      `allow rekognition:DetectCustomLabels on ${MODEL}`,
      `implicitDeny rekognition:StartProjectVersion on ${MODEL}`,
    ]);
    expect(of('image-reader').find((c) => c.expectation === 'explicitDeny')?.testName).toBe(`explicitDeny s3:GetObject on ${PRIVATE_OBJECT}`);
  });

  test("` with k=v` only for the cell's own context, not the principal's defaults", () => {
    expect(of('mfa-manager').map((c) => c.testName)).toEqual([
      `allow rekognition:StartProjectVersion on ${MODEL}`,
      `implicitDeny rekognition:StartProjectVersion on ${MODEL} with aws:MultiFactorAuthPresent=false`,
      `implicitDeny rekognition:StopProjectVersion on ${MODEL} with aws:multifactorauthpresent=null`,
    ]);
  });

  test('multivalued context keys are shown as lists', () => {
    expect(cellTestName('allow', 's3:GetObject', '*', { 'aws:TagKeys': ['a', 'b'], 'aws:SecureTransport': 'true' })).toBe(
      'allow s3:GetObject on * with aws:TagKeys=[a, b],aws:SecureTransport=true',
    );
  });

  test('duplicate names within a principal get the YAML line, then a counter', () => {
    const file = fixture('duplicates.iam.yaml');
    const names = expandCells(loadScenario(file)).map((c) => c.testName);
    const line = (needle: string, nth = 1) => where(file, needle, nth).split(':')[1];
    const base = 'allow rekognition:DescribeProjects on *';
    expect(names).toEqual([
      `${base} (line ${line('- action', 1)})`,
      `${base} (line ${line('- action', 2)})`,
      `${base} (line ${line('- actions')}) #1`,
      `${base} (line ${line('- actions')}) #2`,
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  test('the same name under two principals stays as it is', () => {
    const dir = tempScenarioDir({
      'p.json': DETECT_POLICY,
      'x.iam.yaml':
        'principals:\n  a:\n    policies: { identity: [p.json] }\n    allow: [{ action: s3:GetObject }]\n  b:\n    policies: { identity: [p.json] }\n    allow: [{ action: s3:GetObject }]\n',
    });
    expect(expandCells(loadScenario(path.join(dir, 'x.iam.yaml'))).map((c) => c.testName)).toEqual(['allow s3:GetObject on *', 'allow s3:GetObject on *']);
  });
});
