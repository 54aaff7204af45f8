import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RUN_DIR_ENV } from '../../src/coverage/run-records';
import { resetDecisionRecorder } from '../../src/coverage/record-decision';
import { policySet } from '../../src/engine/build-policy-set';
import '../../matchers';

/**
 * The `$ npx jest-iam ...` blocks of README.md as transcripts: each command with the output the
 * README shows, and the folder its `<!-- readme-run: ... -->` marker names (`cwd=` a folder of the
 * repository, or `setup=` one of {@link SETUPS}; `exit=` the exit code, one for every command or
 * one per command). A line `...` stands for any number of lines, so a long output can be shown
 * in part; every other line must match exactly.
 */
export const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

export interface Transcript {
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

export function transcripts(): Transcript[] {
  const out: Transcript[] = [];
  const block = /(?:<!-- readme-run:([^>]*)-->\n)?```[a-z]*\n([\s\S]*?)```/g;
  for (let m = block.exec(README); m; m = block.exec(README)) {
    const body = m[2];
    if (!/^\$ npx jest-iam /m.test(body)) continue;
    const line = README.slice(0, m.index).split('\n').length;
    if (m[1] === undefined) throw new Error(`README.md:${line}: a transcript block needs a <!-- readme-run: cwd=... --> marker on the line before it`);
    const options = Object.fromEntries(
      m[1]
        .trim()
        .split(/\s+/)
        .map((kv) => kv.split('=') as [string, string]),
    );
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
export function matches(expected: string[], actual: string[]): boolean {
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
export const SETUPS: Record<string, (dir: string) => void> = {
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

/** The exit code the README's marker gives the i-th command of a transcript. */
export function expectedExit(t: Transcript, i: number): number {
  const exits = (t.options.exit ?? '0').split(',');
  return Number(exits.length > 1 ? exits[i] : exits[0]);
}

/** The folder a transcript runs in: made by its setup (removed by the caller), or a folder of the repository. */
export function transcriptFolder(t: Transcript): { dir: string; temporary: boolean } {
  if (!t.options.setup) return { dir: path.join(ROOT, t.options.cwd ?? '.'), temporary: false };
  if (!(t.options.setup in SETUPS)) throw new Error(`README.md:${t.line}: unknown setup ${t.options.setup} (known: ${Object.keys(SETUPS).join(', ')})`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-readme-'));
  SETUPS[t.options.setup](dir);
  return { dir, temporary: true };
}
