import '../../../matchers';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../../src/cli/main';
import { PolicyValidationError, formatIssue, formatPath } from '../../../src/diagnostics/policy-issue';
import { policySet } from '../../../src/engine/build-policy-set';
import { describeAwsError } from '../../../src/live/aws-errors';
import { redactUserinfo } from '../../../src/live/redact-endpoint';
import { toPolicy } from '../../../src/policy/policy-input';
import { markdownCode, markdownText } from '../../../src/report/markdown-escape';
import { formatRunSummaryMarkdown } from '../../../src/report/run-summary-markdown';

/**
 * Hostile input (issue 13): strings that meet another language (git arguments, Markdown, URLs,
 * file paths), values the library API cannot hold, files that never end, and nonsense that
 * would argue a Deny away. Each class has the issue's cases and new ones; every case must give
 * a clear error (or escaped output), never a crash, a hang or a silent accept.
 */

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-hostile-'));
}

function cliIn(cwd: string, ...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const READ = { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] };

/** Issues of the PolicyValidationError `f` throws; any other throw fails the test as a crash. */
function rejection(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof PolicyValidationError) return e.issues.map((i) => `${i.path ? formatPath(i.path) : '-'}: ${formatIssue(i)}`);
    throw new Error(`crashed: ${e instanceof Error ? e.stack : String(e)}`);
  }
  return ['accepted'];
}

describe('security: a git: revision never reaches git as an option', () => {
  let repo: string;
  beforeAll(() => {
    repo = tmp();
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'pol.json'), JSON.stringify(READ));
    git('add', '.');
    git('commit', '-q', '-m', 'one');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  const cases: [string, string][] = [
    ['--output writes a file', `git:--output=${'OUT'}:pol.json`],
    ['-o short option', 'git:-oOUT:pol.json'],
    ['--ext-diff runs a program', 'git:--ext-diff:pol.json'],
    ['--textconv', 'git:--textconv:pol.json'],
    ['a lone dash', 'git:-:pol.json'],
    ['--end-of-options itself', 'git:--end-of-options:pol.json'],
  ];
  for (const [label, ref] of cases) {
    test(`refused: ${label}`, () => {
      const out = path.join(repo, 'pwned');
      const r = cliIn(repo, 'diff', ref.replace('OUT', out), 'pol.json');
      expect(r.code).toBe(2);
      expect(r.err).toContain('a git revision cannot start with "-"');
      expect(fs.existsSync(out)).toBe(false);
    });
  }

  test('a revision that is not a commit (an option-like path, a range, a blob) is refused by git rev-parse --verify', () => {
    for (const rev of ['HEAD..HEAD', 'HEAD^{tree}', 'no-such-branch', 'HEAD@{-1}']) {
      const r = cliIn(repo, 'diff', `git:${rev}:pol.json`, 'pol.json');
      expect(r.code).toBe(2);
      expect(r.err).toContain(`cannot read pol.json at revision ${rev} with git show`);
    }
    // A good revision still reads.
    expect(cliIn(repo, 'diff', 'git:HEAD:pol.json', 'pol.json').code).toBe(0);
  });
});

describe('security: Markdown reports show user text as text (markdown-escape.ts, GFM spec)', () => {
  const payloads = [
    '<img src=x onerror=alert(1)>',
    '[click](https://evil.example/x)',
    '![img](https://evil.example/i.png)',
    'a|b|c',
    'tick`s ``double``',
    'line one\nline two\r\n| x | y |',
    '**bold** _it_ ~~strike~~ $math$',
    'https://evil.example and www.evil.example',
    '<script>alert(1)</script>',
    '&lt;img&gt; entity',
    'right\u202Eleft',
  ];
  /** What GitHub would parse as markup: a tag, a link or image, an unescaped pipe, a bare URL. */
  function live(md: string): string[] {
    const found: string[] = [];
    if (/<[a-z!/]/i.test(md)) found.push('html tag');
    if (/(^|[^\\])\[[^\]]*(^|[^\\])\]\(/.test(md)) found.push('link');
    if (/(^|[^\\])\|/.test(md)) found.push('pipe');
    if (/https?:\/\/|(^|\W)www\./i.test(md)) found.push('autolink');
    if (/[\n\r\u202E]/.test(md)) found.push('line break or bidi override');
    if (/(^|[^\\])(\*\*|~~|\$)/.test(md)) found.push('emphasis or math');
    return found;
  }
  for (const p of payloads) {
    test(`text ${JSON.stringify(p)}`, () => {
      expect(live(markdownText(p))).toEqual([]);
    });
    test(`code span ${JSON.stringify(p)}`, () => {
      const c = markdownCode(p);
      // The fence is longer than any backtick run inside, so the span cannot close early.
      const fence = /^`+/.exec(c)?.[0] ?? '';
      expect(c.endsWith(fence)).toBe(true);
      expect(c.slice(fence.length, -fence.length)).not.toContain(fence);
      expect(c).not.toMatch(/[\n\r]/);
      expect(c).not.toMatch(/(^|[^\\])\|/);
    });
  }

  test("the reporter's iam-summary.md: a principal named with HTML and a link stays text", () => {
    const name = 'evil <img src=x onerror=alert(1)> [click](https://evil.example)';
    const md = formatRunSummaryMarkdown({ cells: [{ principal: name, outcome: 'allow' }], covered: 0, total: 0, percent: 100, uncovered: [] } as never);
    const row = md.split('\n').find((l) => l.includes('evil')) ?? '';
    expect(row).toContain('&lt;img src=x onerror=alert\\(1\\)>');
    expect(row).toContain('\\[click\\]\\(https:\\/\\/evil.example\\)');
    expect(live(row.replace(/^\| | \|$/g, '').replace(/ \| /g, ' '))).toEqual([]);
  });

  test('diff --format markdown: a Resource with | and a link stays inside its code span and cell', () => {
    const dir = tmp();
    try {
      const res = 'arn:aws:s3:::b/x|[click](https://evil.example)![i](https://evil.example/i.png)`';
      fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify(READ));
      fs.writeFileSync(
        path.join(dir, 'new.json'),
        JSON.stringify({ ...READ, Statement: [...READ.Statement, { Sid: 'New', Effect: 'Allow', Action: 's3:PutObject', Resource: res }] }),
      );
      const r = cliIn(dir, 'diff', '--format', 'markdown', '--resources', res, '--actions', 's3:PutObject', 'old.json', 'new.json');
      expect(r.code).toBe(0);
      const row = r.out.split('\n').find((l) => l.startsWith('| ') && l.includes('s3:PutObject')) ?? '';
      expect(row).toContain('`` arn:aws:s3:::b/x\\|[click](https://evil.example)![i](https://evil.example/i.png)` ``');
      // Four columns: principal-less table of Action | Resource | Granted by.
      expect(row.split(/(?<!\\)\|/).length).toBe(5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('matrix --format markdown escapes principal names, resources and statements', () => {
    const dir = tmp();
    try {
      const file = 'p|[x](https:__e)<b>.json';
      fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...READ, Statement: [{ ...READ.Statement[0], Resource: 'arn:aws:s3:::b/<img onerror=1>|x' }] }));
      const r = cliIn(dir, 'matrix', '--format', 'markdown', '--actions', 's3:GetObject', '--resources', 'arn:aws:s3:::b/<img onerror=1>|x', file);
      expect(r.code).toBe(0);
      expect(r.out).toContain('#### p\\|\\[x\\]\\(https:\\_\\_e\\)&lt;b>.json');
      expect(r.out).toContain('`arn:aws:s3:::b/<img onerror=1>\\|x`');
      // Outside code spans no tag opens.
      expect(r.out.replace(/`[^`]*`/g, '')).not.toMatch(/<[a-z]/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('security: an endpoint URL never prints its userinfo', () => {
  test.each([
    ['http://user:secret@127.0.0.1:9', 'http://***@127.0.0.1:9'],
    ['https://AKIAEXAMPLE:s3cr3t%40x@iam.example.com/path', 'https://***@iam.example.com/path'],
    ['http://token@host', 'http://***@host'],
    ['no url here user:pw@host', 'no url here user:pw@host'],
  ])('%s', (url, shown) => {
    expect(redactUserinfo(url)).toBe(shown);
  });

  test('connection errors name the endpoint without its credentials', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED http://user:secret@127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const message = describeAwsError(err, { operation: 'SimulateCustomPolicy', endpoint: 'http://user:secret@127.0.0.1:9' });
    expect(message).toContain('http://***@127.0.0.1:9');
    expect(message).not.toContain('secret');
  });
});

describe('crashes: --output to a missing folder or a directory is one line, exit 2', () => {
  for (const command of ['validate', 'matrix', 'diff']) {
    for (const [label, output] of [
      ['a missing folder', 'no/such/dir/out.txt'],
      ['a directory', '.'],
      ['a path through a file', 'pol.json/out.txt'],
    ]) {
      test(`${command} --output to ${label}`, () => {
        const dir = tmp();
        try {
          fs.writeFileSync(path.join(dir, 'pol.json'), JSON.stringify(READ));
          const inputs = command === 'diff' ? ['pol.json', 'pol.json'] : ['pol.json'];
          const r = cliIn(dir, command, '--output', output, ...inputs);
          expect(r.code).toBe(2);
          expect(r.err.split('\n')).toHaveLength(1);
          expect(r.err).toMatch(
            new RegExp(
              `^jest-iam ${command}: --output .*: cannot write the file: (its folder does not exist|it is a directory|a part of the path is not a directory)$`,
            ),
          );
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }
});

describe('crashes: the library API with values JSON cannot hold', () => {
  const base = () => JSON.parse(JSON.stringify(READ)) as { Version: string; Statement: Record<string, unknown>[] };
  const cases: [string, () => unknown, RegExp][] = [
    [
      'a statement referring to its policy',
      () => {
        const d = base();
        d.Statement[0].Policy = d;
        return toPolicy(d as never);
      },
      /^Statement\[0\]\.Policy: .*contains itself \(it refers to the policy document itself\)/,
    ],
    [
      'a Condition containing itself',
      () => {
        const d = base();
        const c: Record<string, unknown> = { StringEquals: { 'aws:username': 'a' } };
        c.Self = c;
        d.Statement[0].Condition = c;
        return toPolicy(d as never);
      },
      /^Statement\[0\]\.Condition\.Self: .*contains itself/,
    ],
    [
      'a self-containing Action list',
      () => {
        const d = base();
        const a: unknown[] = ['s3:GetObject'];
        a.push(a);
        d.Statement[0].Action = a;
        return toPolicy(d as never);
      },
      /^Statement\[0\]\.Action\[1\]: .*contains itself/,
    ],
    [
      'a self-referencing policySet() input',
      () => {
        const s: { identity: unknown[] } = { identity: [] };
        s.identity.push(s);
        return policySet(s as never);
      },
      /^identity\[0\]: .*contains itself/,
    ],
    [
      'a BigInt condition value',
      () => {
        const d = base();
        d.Statement[0].Condition = { NumericLessThan: { 's3:max-keys': 10n } };
        return toPolicy(d as never);
      },
      /^Statement\[0\]\.Condition\.NumericLessThan\.s3:max-keys: .*10n is a BigInt/,
    ],
    [
      'NaN as a condition value',
      () => {
        const d = base();
        d.Statement[0].Condition = { NumericLessThan: { 's3:max-keys': NaN } };
        return toPolicy(d as never);
      },
      /NaN is not a JSON number/,
    ],
    [
      '-Infinity in a list',
      () => {
        const d = base();
        d.Statement[0].Condition = { NumericLessThan: { 's3:max-keys': [1, -Infinity] } };
        return toPolicy(d as never);
      },
      /\[1\]: .*-Infinity is not a JSON number/,
    ],
    [
      'a function as the Resource',
      () => {
        const d = base();
        d.Statement[0].Resource = () => '*';
        return toPolicy(d as never);
      },
      /^Statement\[0\]\.Resource: .*a function is not a policy value/,
    ],
  ];
  for (const [label, f, want] of cases) {
    test(`${label}`, () => {
      const issues = rejection(f);
      expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(want)]));
    });
  }

  test('a Buffer passed to toPolicy is read as the UTF-8 text of the file', () => {
    const p = toPolicy(Buffer.from(JSON.stringify(READ)) as never);
    expect(p.statements.map((s) => s.sid)).toEqual(['Read']);
    expect(rejection(() => toPolicy(Buffer.from('{"Version": "2012-10-17", "Statement": ') as never)).join('\n')).toMatch(
      /expected a value but found the end of the text/,
    );
  });
});

describe('silent accepts: a request value the operator cannot read is a test mistake, never a quiet non-match', () => {
  const denyWith = (operator: string, key: string, value: string) => ({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Sid: 'Guard', Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { [key]: value } } },
    ],
  });
  const cases: [string, string, string, string, string][] = [
    ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', 'yesterday', 'a date'],
    ['NumericGreaterThan', 's3:max-keys', '10', '1e309', 'a number'],
    ['NumericLessThan', 's3:max-keys', '10', 'ten', 'a number'],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', '999.999.1.1', 'an IP address'],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', '10.0.0.1/99', 'an IP address'],
    ['Bool', 'aws:SecureTransport', 'false', 'nope', 'true or false'],
    ['DateLessThanIfExists', 'aws:EpochTime', '1700000000', 'now', 'a date'],
  ];
  for (const [operator, key, policyValue, requestValue, expects] of cases) {
    test(`toDeny/toAllow: ${operator} ${key} with ${JSON.stringify(requestValue)}`, () => {
      const set = policySet({ identity: [denyWith(operator, key, policyValue)] });
      let message = '';
      try {
        expect(set).toAllow('s3:GetObject', 'arn:aws:s3:::bucket/key', { context: { [key]: requestValue } });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(`request context ${key} = ${JSON.stringify(requestValue)} is not ${expects}, which ${operator} needs (inline policy`);
      expect(message).toContain('statement Guard');
    });
  }

  test('jest-iam explain --context aws:SourceIp=999.999.1.1 exits 2 naming the condition', () => {
    const dir = tmp();
    try {
      fs.writeFileSync(path.join(dir, 'pol.json'), JSON.stringify(denyWith('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8'), null, 2));
      const r = cliIn(dir, 'explain', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k', '--context', 'aws:SourceIp=999.999.1.1', 'pol.json');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /request context aws:SourceIp = "999\.999\.1\.1" is not an IP address, which NotIpAddress needs \(pol\.json:\d+:\d+, statement Guard\)/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a scenario cell with aws:CurrentTime: yesterday fails at its line', () => {
    const { loadScenario, expandCells, checkCell } = jest.requireActual('../../../src/scenario') as typeof import('../../../src/scenario');
    const dir = tmp();
    try {
      const file = path.join(dir, 's.iam.yaml');
      fs.writeFileSync(
        file,
        [
          'name: nonsense context',
          'principals:',
          '  reader:',
          '    arn: arn:aws:iam::111122223333:user/reader',
          `    policies: { identity: [${JSON.stringify(denyWith('DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z'))}] }`,
          '    allow:',
          '      - action: s3:GetObject',
          '        resource: "arn:aws:s3:::bucket/key"',
          '        context: { aws:CurrentTime: yesterday }',
          '',
        ].join('\n'),
      );
      const cells = expandCells(loadScenario(file));
      expect(cells).toHaveLength(1);
      expect(() => checkCell(cells[0])).toThrow(
        /^Test mistake in this cell \(.*s\.iam\.yaml:7:9, principals\.reader\.allow\[0\]\): request context aws:CurrentTime = "yesterday" is not a date, which DateGreaterThan needs/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
