import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

// The dependency rule of docs/architecture.md, run on the real tree and on small trees that
// break it, so the check is known to be able to fail.
const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface CruiseOutput {
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

/** Runs the project's own rule file over `targets` in `cwd` (a tree of ours or a small broken one). */
async function violations(cwd: string, targets: string[]): Promise<string[]> {
  const config = path.join(root, '.dependency-cruiser.cjs');
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, '--config', config, '--output-type', 'json', '--', ...targets], { cwd, encoding: 'utf8' });
  } catch (e) {
    // depcruise exits non-zero when it finds violations; its JSON is still on stdout.
    out = (e as { stdout: string }).stdout;
  }
  const result = JSON.parse(out) as CruiseOutput;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-layers-'));
  made.push(dir);
  const all = { 'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n', ...files };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('layering (docs/architecture.md)', () => {
  it('the source tree has no upward import and no cycle', async () => {
    expect(await violations(root, ['src', 'matchers'])).toEqual([]);
  }, 60_000);

  it('an import from a lower folder into a higher one is reported', async () => {
    const dir = tree({
      'src/engine/evaluate.ts': 'export const evaluate = 1;\n',
      'src/match/glob.ts': "import { evaluate } from '../engine/evaluate';\nexport const g = evaluate;\n",
    });
    expect(await violations(dir, ['src'])).toEqual(['layer-match: src/match/glob.ts -> src/engine/evaluate.ts']);
  }, 60_000);

  it('a cycle made only of type imports is reported', async () => {
    const dir = tree({
      'src/policy/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
      'src/policy/b.ts': "import type { A } from './a';\nexport interface B { a?: A }\n",
    });
    const found = await violations(dir, ['src']);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^no-circular: src\/policy\/a\.ts -> src\/policy\/b\.ts$/)]));
  }, 60_000);

  it('src/ importing matchers/ is reported', async () => {
    const dir = tree({
      'matchers/index.ts': 'export const m = 1;\n',
      'src/engine/evaluate.ts': "import { m } from '../../matchers';\nexport const e = m;\n",
    });
    expect(await violations(dir, ['src', 'matchers'])).toEqual(['src-not-matchers: src/engine/evaluate.ts -> matchers/index.ts']);
  }, 60_000);
});
