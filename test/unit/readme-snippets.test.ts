import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandCells, loadScenario } from '../../src/scenario';
import { checkCell } from '../../src/scenario/cell-failure';

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

// The README's public-access example is the file the example suite runs, word for word.
test('the README public-access example is examples/public-bucket/no-public-bucket.test.ts', () => {
  const root = path.join(__dirname, '..', '..');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Public access and what services enforce on their own'));
  const ts = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(ts).toBe(fs.readFileSync(path.join(root, 'examples', 'public-bucket', 'no-public-bucket.test.ts'), 'utf8'));
});
