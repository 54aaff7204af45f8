import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandCells, loadScenario } from '../../../src/scenario';
import { checkCell } from '../../../src/scenario/cell-failure';

// Scenario files take S3 Block Public Access in a policy set (schema/scenario.schema.json).
const example = path.join(__dirname, '..', '..', '..', 'examples', 'public-bucket');

function withScenario(edit: (text: string) => string, run: (file: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-bpa-'));
  try {
    fs.cpSync(path.join(example, 'policies'), path.join(dir, 'policies'), { recursive: true });
    const file = path.join(dir, 'public-bucket.iam.yaml');
    fs.writeFileSync(file, edit(fs.readFileSync(path.join(example, 'public-bucket.iam.yaml'), 'utf8')));
    run(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the example scenario decides every cell with Block Public Access taking part', () => {
  const cells = expandCells(loadScenario(path.join(example, 'public-bucket.iam.yaml')));
  expect(cells.map((c) => `${c.principal} ${c.expectation} ${c.request.action}`)).toEqual([
    'visitor-open allow s3:GetObject',
    'visitor-restricted explicitDeny s3:GetObject',
    'deployer allow s3:PutObject',
    'deployer explicitDeny s3:PutObject',
  ]);
  for (const c of cells) expect(() => checkCell(c)).not.toThrow();
});

test('a misspelt setting is reported once, at its line and column', () => {
  withScenario(
    (t) => t.replace('RestrictPublicBuckets: true', 'RestrictPublicBucket: true'),
    (file) => {
      expect(() => loadScenario(file)).toThrow(
        /public-bucket\.iam\.yaml:18:18: error: unknown key "RestrictPublicBucket"; did you mean "RestrictPublicBuckets"\?/,
      );
      expect(() => loadScenario(file)).toThrow(/1 problem:/);
    },
  );
});

test('a setting that is not true or false is refused with its place', () => {
  withScenario(
    (t) => t.replace('BlockPublicAcls: true', 'BlockPublicAcls: "yes"'),
    (file) => expect(() => loadScenario(file)).toThrow(/public-bucket\.iam\.yaml:19:\d+: error: .*BlockPublicAcls/),
  );
});
