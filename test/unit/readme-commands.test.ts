import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../../src/cli/main';
import { expectedExit, matches, ROOT, transcriptFolder, transcripts } from '../support/readme-transcripts';

/**
 * Every `$ npx jest-iam ...` block of README.md is run with the CLI's own entry point (the `run`
 * the bin calls, same argv) in the folder its marker names, and its output (stdout and stderr in
 * the order written) must be the lines of the block (test/support/readme-transcripts.ts). The
 * built bin runs the same transcripts in test/e2e/cli-bin.test.ts.
 */
const all = transcripts();

test('README.md shows every command with its output: validate, matrix, diff, diff --prove, explain, report merge, and the organisation and cross-account flags', () => {
  const shown = all.flatMap((t) => t.commands.map((c) => c.argv.join(' ')));
  for (const command of ['validate ', 'matrix ', 'diff ', 'diff --prove ', 'explain ', 'report merge '])
    expect(shown.filter((c) => c.startsWith(command)).length).toBeGreaterThan(0);
  for (const flag of ['--scp', '--rcp', '--boundary', '--resource-policy', '--principal', '--resource-account', '--set', '--context'])
    expect(shown.some((c) => c.split(' ').includes(flag))).toBe(true);
  // Every command is shown with output to compare, not only an elision.
  for (const t of all)
    for (const c of t.commands)
      expect({ at: `README.md:${t.line}`, command: c.argv.join(' '), lines: c.expected.some((l) => l.trim() !== '...') }).toEqual({
        at: `README.md:${t.line}`,
        command: c.argv.join(' '),
        lines: true,
      });
});

describe.each(all.map((t) => [`README.md:${t.line}: ${t.commands.map((c) => `jest-iam ${c.argv.slice(0, 2).join(' ')}`).join(', ')}`, t] as const))(
  '%s',
  (_name, t) => {
    let folder: { dir: string; temporary: boolean };
    beforeAll(() => {
      folder = transcriptFolder(t);
    });
    afterAll(() => {
      if (folder.temporary) fs.rmSync(folder.dir, { recursive: true, force: true });
    });

    test.each(t.commands.map((c) => [c.argv.join(' '), c] as const))('$ npx jest-iam %s', (_cmd, c) => {
      const dir = folder.dir;
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
      // `...` lines of the README stand for any lines: compare as written when they match, else show the real output.
      expect((matches(c.expected, actual) ? c.expected : actual).join('\n')).toBe(c.expected.join('\n'));
      expect(code).toBe(expectedExit(t, t.commands.indexOf(c)));
    });
  },
);

// The summary of invocations at the top of "Command line" names files a user has, not the
// examples, so it is not run; its options must still be ones the commands take (a renamed
// flag fails here): with --help appended, the CLI checks every option and prints the help.
test('the Command line summary uses only options its commands take', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Command line'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  const lines = block.split('\n').filter((l) => l.startsWith('npx jest-iam '));
  expect(lines.length).toBeGreaterThan(5);
  for (const line of lines) {
    // The shell parts (a comment, a redirection, a variable) are the shell's, not the CLI's.
    const words = line
      .replace(/\s+(#|>>?).*$/, '')
      .replace(/"\$\w+"/g, 'VALUE')
      .replace(/'/g, '')
      .split(/\s+/)
      .slice(2);
    const err: string[] = [];
    const code = run([...words, '--help'], { out: () => undefined, err: (t) => err.push(t), cwd: ROOT });
    expect({ line, code, err }).toEqual({ line, code: 0, err: [] });
  }
});
