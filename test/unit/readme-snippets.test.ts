import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandCells, loadScenario } from '../../src/scenario';
import { checkCell } from '../../src/scenario/cell-failure';
import { policySet } from '../../src/engine/build-policy-set';
import '../../matchers';

// The README's scenario snippet is a working scenario: it loads, validates and every cell holds.
test('the README scenario example runs against the bundled example policies', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### YAML access matrices'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  expect(yaml).toBeDefined();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-readme-'));
  try {
    fs.cpSync(path.join(__dirname, '..', '..', 'examples', 'rekognition-custom-labels', 'policies'), path.join(dir, 'policies'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'readme.iam.yaml'), yaml!);
    const cells = expandCells(loadScenario(path.join(dir, 'readme.iam.yaml')));
    expect(cells.length).toBeGreaterThan(6);
    expect(cells.some((c) => c.request.action === 'rekognition:DeleteProject')).toBe(true);
    for (const c of cells) expect(() => checkCell(c)).not.toThrow();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The README's matcher example is the file the example suite runs, word for word.
test('the README matcher example is examples/rekognition-custom-labels/readme-snippet.test.ts', () => {
  const root = path.join(__dirname, '..', '..');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Matchers'));
  const ts = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(ts).toBe(fs.readFileSync(path.join(root, 'examples', 'rekognition-custom-labels', 'readme-snippet.test.ts'), 'utf8'));
});

// The README's proof snippet runs as written, against two versions of a policy that allow the same requests.
test('the README proof example passes on a refactored policy', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Proofs'));
  const ts = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(ts).toBeDefined();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-readme-'));
  try {
    const lake = ['arn:aws:s3:::lake', 'arn:aws:s3:::lake/*'];
    fs.writeFileSync(
      path.join(dir, 'lake-v1.json'),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: lake }] }),
    );
    fs.writeFileSync(
      path.join(dir, 'lake-v2.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: lake },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: lake },
        ],
      }),
    );
    const body = ts!.replace(/^import .*$/m, '').replace(/'policies\//g, `'${dir.replace(/\\/g, '/')}/`);
    new Function('expect', 'policySet', body)(expect, policySet);
    fs.writeFileSync(
      path.join(dir, 'lake-v2.json'),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: lake }] }),
    );
    expect(() => new Function('expect', 'policySet', body)(expect, policySet)).toThrow(/counterexample/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The README's public-access example is the file the example suite runs, word for word.
test('the README public-access example is examples/public-bucket/no-public-bucket.test.ts', () => {
  const root = path.join(__dirname, '..', '..');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Public access and what services enforce on their own'));
  const ts = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(ts).toBe(fs.readFileSync(path.join(root, 'examples', 'public-bucket', 'no-public-bucket.test.ts'), 'utf8'));
});

// The README's `never:` snippet is a working scenario: through defineScenarioSuite, every proof
// passes; with a policy that allows a delete, the same file fails with the counterexample.
test('the README never: example proves every entry against the bundled example policies', () => {
  const { defineScenarioSuite } = require('../../src/scenario') as typeof import('../../src/scenario');
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('#### `never:` entries'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  expect(yaml).toBeDefined();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-readme-'));
  const run = () => {
    const tests: { name: string; body: () => void }[] = [];
    defineScenarioSuite(path.join(dir, 'never.iam.yaml'), { describe: (_n, body) => body(), test: (name, body) => tests.push({ name, body }) });
    return tests.map((t) => {
      try {
        t.body();
        return `${t.name}: pass`;
      } catch (e) {
        return `${t.name}: ${(e as Error).message}`;
      }
    });
  };
  try {
    fs.cpSync(path.join(__dirname, '..', '..', 'examples', 'rekognition-custom-labels', 'policies'), path.join(dir, 'policies'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'never.iam.yaml'), yaml!);
    expect(run()).toEqual([
      'never rekognition:Delete* on *: pass',
      'never rekognition:Create* on *: pass',
      'never s3:* on *: pass',
      'never rekognition:StartProjectVersion on arn:aws:rekognition:*:*:project/MyProject/*: pass',
      'never rekognition:StopProjectVersion on arn:aws:rekognition:*:*:project/MyProject/*: pass',
      'never rekognition:Delete* on * with aws:SourceIp=203.0.113.7: pass',
    ]);
    fs.writeFileSync(
      path.join(dir, 'policies', 'detect-custom-labels-only.json'),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rekognition:*', Resource: '*' }] }),
    );
    const failed = run();
    expect(failed[0]).toMatch(
      /^never rekognition:Delete\* on \*: Expected never to allow arn:aws:iam::111122223333:role\/InferenceClient reaching rekognition:Delete\* on \*, but this request is allowed \(.*never\.iam\.yaml:\d+:\d+, principals\.inference-client\.never\[0\]\)/,
    );
    expect(failed[0]).toContain('allowed by');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
