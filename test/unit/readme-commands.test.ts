import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli/main';
import { RUN_DIR_ENV } from '../../src/coverage/run-records';
import { resetDecisionRecorder } from '../../src/coverage/record-decision';
import { policySet } from '../../src/engine/build-policy-set';
import '../../matchers';

/**
 * Every `$ npx jest-iam ...` block of README.md is a transcript: each command is run with the
 * CLI's own entry point (the `run` that the bin calls, same argv) in the folder the block's
 * `<!-- readme-run: ... -->` marker names, and its output (stdout and stderr in the order
 * written) must be the lines of the block. A line `...` stands for any number of lines, so a
 * long output can be shown in part; every other line must match exactly.
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

interface Transcript {
  /** Line of README.md where the block starts. */
  line: number;
  options: Record<string, string>;
  commands: { argv: string[]; expected: string[] }[];
}

/** Splits a command line as a POSIX shell would for these simple cases: quotes, no expansion. */
function shellWords(line: string, where: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'" || ch === '"') {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`${where}: unbalanced ${ch}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (/[$*?|<>;&`]/.test(ch)) {
      throw new Error(`${where}: "${ch}" outside quotes needs a shell; write README transcripts without it`);
    } else word = (word ?? '') + ch;
  }
  if (word !== undefined) words.push(word);
  return words;
}

function transcripts(): Transcript[] {
  const out: Transcript[] = [];
  const block = /(?:<!-- readme-run:([^>]*)-->\n)?```[a-z]*\n([\s\S]*?)```/g;
  for (let m = block.exec(README); m; m = block.exec(README)) {
    const body = m[2];
    if (!/^\$ npx jest-iam /m.test(body)) continue;
    const line = README.slice(0, m.index).split('\n').length;
    if (m[1] === undefined) throw new Error(`README.md:${line}: a transcript block needs a <!-- readme-run: cwd=... --> marker on the line before it`);
    const options = Object.fromEntries(m[1].trim().split(/\s+/).map((kv) => kv.split('=') as [string, string]));
    const lines = body.replace(/\n$/, '').split('\n');
    const commands: Transcript['commands'] = [];
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith('$ ')) {
        if (!commands.length) throw new Error(`README.md:${line + 1 + i}: a transcript starts with a "$ npx jest-iam" line`);
        commands[commands.length - 1].expected.push(lines[i]);
        continue;
      }
      let text = lines[i].slice(2);
      while (text.endsWith('\\')) text = `${text.slice(0, -1)} ${lines[++i].trim()}`;
      const words = shellWords(text, `README.md:${line + 1 + i}`);
      expect(words.slice(0, 2)).toEqual(['npx', 'jest-iam']);
      commands.push({ argv: words.slice(2), expected: [] });
    }
    out.push({ line, options, commands });
  }
  return out;
}

/** True when `actual` is `expected` with each `...` line standing for any number of lines. */
function matches(expected: string[], actual: string[]): boolean {
  const go = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e].trim() === '...') {
      for (let k = a; k <= actual.length; k++) if (go(e + 1, k)) return true;
      return false;
    }
    return a < actual.length && expected[e].trimEnd() === actual[a].trimEnd() && go(e + 1, a + 1);
  };
  return go(0, 0);
}

/**
 * The folders some transcripts run in, built as the README describes them:
 * - `git-edit`: the Rekognition example in a git repository, with the model-manager policy edited
 *   after the commit (a new statement DeleteOwnModels, DescribeProjectVersions removed);
 * - `shards`: the decision records two shards of a Jest run keep (`records` option), written by
 *   the matchers themselves with the recorder on.
 */
const SETUPS: Record<string, (dir: string) => void> = {
  'git-edit': (dir) => {
    fs.cpSync(path.join(ROOT, 'examples', 'rekognition-custom-labels', 'policies'), path.join(dir, 'policies'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=readme', '-c', 'user.email=readme@example.com', 'commit', '-qm', 'model manager');
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'diff', 'project-model-manager.after.json'), path.join(dir, 'policies', 'project-model-manager.json'));
  },
  shards: (dir) => {
    fs.cpSync(path.join(ROOT, 'examples', 'cross-account-s3', 'policies'), path.join(dir, 'policies'), { recursive: true });
    const cwd = process.cwd();
    const object = 'arn:aws:s3:::ml-training-data/images/cat.jpg';
    const trainer = { principal: 'arn:aws:iam::444455556666:role/ModelTrainer', resourceAccount: '111122223333', context: { 'aws:SecureTransport': true } };
    const shards: Record<string, (set: ReturnType<typeof policySet>) => void> = {
      // Shard 1 of 2: the reads.
      'iam-records-1': (set) => {
        expect(set).toAllow('s3:GetObject', object, trainer);
        expect(set).toAllow('s3:ListBucket', 'arn:aws:s3:::ml-training-data', trainer);
      },
      // Shard 2 of 2: the insecure request, denied by the bucket policy.
      'iam-records-2': (set) => {
        expect(set).toExplicitlyDeny('s3:GetObject', object, { ...trainer, context: { 'aws:SecureTransport': false } });
      },
    };
    try {
      // Policy files are named relative to the project, as Jest's rootDir makes them.
      process.chdir(dir);
      for (const [folder, runShard] of Object.entries(shards)) {
        fs.mkdirSync(path.join(dir, folder));
        process.env[RUN_DIR_ENV] = path.join(dir, folder);
        resetDecisionRecorder();
        runShard(policySet({ identity: 'policies/model-trainer-identity.json', resource: ['policies/training-data-bucket-policy.json'] }));
      }
    } finally {
      delete process.env[RUN_DIR_ENV];
      resetDecisionRecorder();
      process.chdir(cwd);
    }
  },
};

const all = transcripts();

test('README.md shows every command with its output: validate, matrix, diff, diff --prove, explain, report merge, and the organisation and cross-account flags', () => {
  const shown = all.flatMap((t) => t.commands.map((c) => c.argv.join(' ')));
  for (const command of ['validate ', 'matrix ', 'diff ', 'diff --prove ', 'explain ', 'report merge ']) expect(shown.filter((c) => c.startsWith(command)).length).toBeGreaterThan(0);
  for (const flag of ['--scp', '--rcp', '--boundary', '--resource-policy', '--principal', '--resource-account', '--set', '--context']) expect(shown.some((c) => c.split(' ').includes(flag))).toBe(true);
  // Every command is shown with output to compare, not only an elision.
  for (const t of all) for (const c of t.commands) expect({ at: `README.md:${t.line}`, command: c.argv.join(' '), lines: c.expected.some((l) => l.trim() !== '...') }).toEqual({ at: `README.md:${t.line}`, command: c.argv.join(' '), lines: true });
});

describe.each(all.map((t) => [`README.md:${t.line}: ${t.commands.map((c) => `jest-iam ${c.argv.slice(0, 2).join(' ')}`).join(', ')}`, t] as const))('%s', (_name, t) => {
  let dir: string;
  beforeAll(() => {
    if (t.options.setup) {
      expect(Object.keys(SETUPS)).toContain(t.options.setup);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-readme-'));
      SETUPS[t.options.setup](dir);
    } else dir = path.join(ROOT, t.options.cwd ?? '.');
  });
  afterAll(() => {
    if (t.options.setup) fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each(t.commands.map((c) => [c.argv.join(' '), c] as const))('$ npx jest-iam %s', (_cmd, c) => {
    const printed: string[] = [];
    const io = { out: (text: string) => printed.push(...text.split('\n')), err: (text: string) => printed.push(...text.split('\n')), cwd: dir };
    // The bin runs in the folder: paths a command prints relative to the process's folder read as a user's would.
    const cwd = process.cwd();
    let code: number;
    try {
      process.chdir(dir);
      code = run(c.argv, io);
    } finally {
      process.chdir(cwd);
    }
    // Files the command wrote (--output, --html) go to the folder, and stay out of the repository.
    const actual = printed.map((l) => l.split(dir).join('.'));
    if (!matches(c.expected, actual)) expect(actual.join('\n')).toBe(c.expected.join('\n'));
    // exit=1 for every command of the block, or exit=0,1 one per command.
    const exits = (t.options.exit ?? '0').split(',');
    expect(code).toBe(Number(exits.length > 1 ? exits[t.commands.indexOf(c)] : exits[0]));
  });
});
