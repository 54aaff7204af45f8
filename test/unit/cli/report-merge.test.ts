import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../../src/cli/main';
import { GITHUB_COMMENT_LIMIT } from '../../../src/report/markdown-limit';

/**
 * `jest-iam report merge` over the records two `jest --shard` machines kept: one coverage figure,
 * one HTML page, and a Markdown summary for the pull request that fits a GitHub comment and names
 * each principal once, whether a shard recorded it under its scenario name or its ARN.
 */
const READER = 'arn:aws:iam::111122223333:role/Reader';
const policy = {
  t: 'policy',
  key: 'p.json#1',
  name: 'p.json',
  file: 'p.json',
  statements: [
    { index: 0, sid: 'Read', effect: 'Allow', line: 4, column: 5 },
    { index: 1, sid: 'List', effect: 'Allow', line: 10, column: 5 },
  ],
};
const cell = (principal: string, action: string, stmt: number, arn = `arn:aws:iam::111122223333:role/${principal}`) => ({
  t: 'cell',
  principal,
  action,
  resource: '*',
  request: `action ${action}, resource *, principal ${arn}`,
  outcome: 'allow',
  deciding: [`p.json#1#${stmt}`],
  explanation: 'Decision: Allow',
});

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-merge-'));
  // Shard 1: a scenario names the role "reader"; shard 2: a matcher gives only its ARN.
  // 3,000 other principals make the summary far longer than a comment may be.
  const shards: Record<string, object[]> = {
    'iam-records-1': [
      policy,
      cell('reader', 's3:GetObject', 0, READER),
      ...Array.from({ length: 1500 }, (_, i) => cell(`role-${String(i).padStart(4, '0')}`, 's3:GetObject', 0)),
    ],
    'iam-records-2': [
      policy,
      cell(READER, 's3:ListBucket', 1, READER),
      ...Array.from({ length: 1500 }, (_, i) => cell(`role-${String(1500 + i).padStart(4, '0')}`, 's3:ListBucket', 1)),
    ],
  };
  for (const [folder, records] of Object.entries(shards)) {
    fs.mkdirSync(path.join(dir, folder));
    fs.writeFileSync(path.join(dir, folder, 'worker-1.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function merge(...args: string[]) {
  const out: string[] = [];
  const code = run(['report', 'merge', ...args], { out: (t) => out.push(t), err: (t) => out.push(t), cwd: dir });
  return { code, out: out.join('\n') };
}

test('two shards: coverage counts a statement either shard covered; one HTML page says both runs were merged', () => {
  expect(merge('iam-records-1').out).toContain('1/2 statements');
  const r = merge('--html', 'iam-report.html', '--markdown', 'iam-summary.md', '--coverage-threshold', '100', 'iam-records-1', 'iam-records-2');
  expect(r.code).toBe(0);
  expect(r.out).toContain('jest-iam statement coverage: 2/2 statements (100.0%)');
  expect(r.out).toContain('merged 3002 decisions from 2 folders');
  const html = fs.readFileSync(path.join(dir, 'iam-report.html'), 'utf8');
  expect(html).toContain('2 runs merged');
  expect(html).toContain('3002 decisions');
});

test('the Markdown summary fits a GitHub comment, says what was cut and where the full report is, and names the role once', () => {
  merge('--html', 'iam-report.html', '--markdown', 'iam-summary.md', 'iam-records-1', 'iam-records-2');
  const md = fs.readFileSync(path.join(dir, 'iam-summary.md'), 'utf8');
  expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(md).toMatch(/Cut to fit a GitHub comment \(65536 characters\):\*\* \d+ of \d+ lines left out/);
  expect(md).toContain('the full report is the HTML report iam-report.html');
  // Both shards' decisions of the role are one row, under the scenario's name.
  const rows = md.split('\n').filter((l) => /^\| (reader|arn\S*Reader) \|/.test(l.replace(/\\/g, '')));
  expect(rows).toEqual(['| reader | 2 | 0 | 0 | 0 |']);
});
