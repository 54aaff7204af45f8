import '../../../matchers';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../../src/cli/main';
import { PolicyValidationError, formatIssue, formatPath } from '../../../src/diagnostics/policy-issue';
import { policySet } from '../../../src/engine/build-policy-set';
import { describeAwsError } from '../../../src/live/aws-errors';
import { redactEndpoint, redactUserinfo } from '../../../src/live/redact-endpoint';
import { runLive } from '../../../src/live/live-run';
import { formatRunSummaryMarkdown } from '../../../src/report/run-summary-markdown';
import { checkCell, expandCells, loadScenario } from '../../../src/scenario';
import { shortTestName } from '../../../src/scenario/expand-cells';
import { API_CASES, CLI_SETUPS } from './bad-input-generators';

/**
 * The hostile half of the bad-input corpus (manifest test/fixtures/bad/hostile.json, issue 13):
 * inputs that meet another language or system (git arguments, Markdown, URLs, file paths,
 * devices), values the library API cannot hold, and nonsense request values that would argue a
 * Deny away. Every case states what the user sees: the exit code and the one-line error of the
 * CLI, the error with its file, line and key, no file written, no stack trace.
 */

interface CliCase {
  name: string;
  class: string;
  setup?: string[];
  files?: Record<string, string | object>;
  env?: Record<string, string>;
  argv: string[];
  exit: number;
  /** The whole standard error, exactly (after `<dir>` is replaced by the case's folder). */
  err?: string;
  errIncludes?: string[];
  outIncludes?: string[];
  /** Patterns the standard output must not match (live Markdown, a leaked secret). */
  outExcludes?: string[];
  notWritten?: string[];
  /** Files the command must write (the control cases). */
  written?: string[];
}

interface ContextRow {
  operator: string;
  key: string;
  policyValue: string;
  value: string;
  expects: string;
}

interface Manifest {
  cli: CliCase[];
  context: ContextRow[];
  api: { name: string; class: string; issue: string }[];
  endpoints: { text: string; shown: string; endpoint?: boolean }[];
  markdownNames: string[];
  liveEndpoints: { endpoint: string; shown: string }[];
  requests: { name: string; action: string; resource: string; options: Record<string, unknown>; error: string }[];
  scenarios: { name: string; class: string; env?: Record<string, string>; lines: string[]; error?: string; at?: string; testNameMax?: number }[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'bad', 'hostile.json'), 'utf8')) as Manifest;

const READ = { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] };
/** Files every CLI case finds in its folder; none may change. */
const BASE_FILES: Record<string, string> = { 'pol.json': `${JSON.stringify(READ, null, 2)}\n` };

function withEnv<T>(env: Record<string, string> | undefined, f: () => T): T {
  const saved = Object.fromEntries(Object.keys(env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env ?? {});
  try {
    return f();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Stack frames, raw errno codes, or a JavaScript error name: what a user's mistake must never print. */
const CRASH = /\n\s+at .+:\d+:\d+\)?|\bE(?:NOENT|ISDIR|NOTDIR|ACCES)\b:|\b(?:TypeError|RangeError|SyntaxError|ReferenceError)\b/;

describe('CLI: each hostile input gives its exit code and one-line error, writes nothing and changes no input (hostile.json, cli)', () => {
  test('every setup a case names exists', () => {
    const named = new Set(manifest.cli.flatMap((c) => c.setup ?? []));
    expect([...named].filter((s) => !CLI_SETUPS[s])).toEqual([]);
  });

  for (const c of manifest.cli) {
    test(`[${c.class}] ${c.name}: exit ${c.exit}`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-hostile-cli-'));
      try {
        for (const [f, text] of Object.entries(BASE_FILES)) fs.writeFileSync(path.join(dir, f), text);
        for (const s of c.setup ?? []) CLI_SETUPS[s](dir);
        for (const [f, content] of Object.entries(c.files ?? {})) {
          fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
          fs.writeFileSync(path.join(dir, f), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
        }
        const out: string[] = [];
        const err: string[] = [];
        const argv = c.argv.map((a) => a.replace('<dir>', dir));
        const code = withEnv(c.env, () => run(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir }));
        const stderr = err.join('\n').split(dir).join('<dir>');
        const stdout = out.join('\n');
        expect({ code, stderr: c.err !== undefined ? stderr : undefined }).toEqual({ code: c.exit, stderr: c.err });
        for (const want of c.errIncludes ?? []) expect(stderr).toContain(want);
        for (const want of c.outIncludes ?? []) expect(stdout).toContain(want);
        for (const bad of c.outExcludes ?? []) expect(stdout).not.toMatch(new RegExp(bad));
        expect(`${stderr}\n${stdout}`).not.toMatch(CRASH);
        // A usage error or unreadable input is one line.
        expect(stderr.split('\n').length).toBeLessThanOrEqual(c.exit === 2 ? 1 : Infinity);
        for (const f of c.notWritten ?? []) expect(fs.existsSync(path.join(dir, f))).toBe(false);
        for (const f of c.written ?? []) expect(fs.existsSync(path.join(dir, f))).toBe(true);
        for (const [f, text] of Object.entries(BASE_FILES)) expect(fs.readFileSync(path.join(dir, f), 'utf8')).toBe(text);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

/**
 * IAM User Guide, reference_policies_elements_condition_operators.md: a context value the
 * operator cannot read as its type matches nothing. In a test that is the test's mistake, and it
 * is reported at the test's own line in every front end (matcher, scenario cell, CLI --context).
 */
describe('nonsense request context values are test mistakes in every front end (hostile.json, context)', () => {
  const guarded = (row: ContextRow) => ({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Sid: 'Guard', Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { [row.operator]: { [row.key]: row.policyValue } } },
    ],
  });
  const said = (row: ContextRow) => `${row.key} = ${JSON.stringify(row.value)} is not ${row.expects}, which ${row.operator} needs`;

  for (const row of manifest.context) {
    const label = `${row.operator} ${row.key} = ${JSON.stringify(row.value)}`;

    test(`matcher toAllow: ${label}`, () => {
      const set = policySet({ identity: [guarded(row)] });
      expect(() => expect(set).toAllow('s3:GetObject', 'arn:aws:s3:::bucket/key', { context: { [row.key]: row.value } })).toThrow(
        `toAllow: request context ${said(row)} (inline policy`,
      );
    });

    test(`matchers toMatchAccessSnapshot, toGrantNoNewAccessOver, toNeverAllowPublicAccess: ${label}`, () => {
      const set = policySet({ identity: [guarded(row)] });
      const context = { [row.key]: row.value };
      expect(() => expect(set).toMatchAccessSnapshot({ actions: ['s3:GetObject'], context })).toThrow(`toMatchAccessSnapshot: request context ${said(row)}`);
      expect(() => expect(set).toGrantNoNewAccessOver(set, { context })).toThrow(`toGrantNoNewAccessOver: request context ${said(row)}`);
      const bucket = policySet({
        resource: [{ Version: '2012-10-17', Statement: [{ ...guarded(row).Statement[1], Principal: '*', Resource: 'arn:aws:s3:::bucket/*' }] }],
      });
      expect(() => expect(bucket).toNeverAllowPublicAccess({ resourceAccount: '111122223333', context })).toThrow(
        `toNeverAllowPublicAccess: request context ${said(row)}`,
      );
    });

    test(`matcher toNeverAllow: ${label}`, () => {
      const set = policySet({ identity: [guarded(row)] });
      expect(() => expect(set).toNeverAllow('s3:GetObject', 'arn:aws:s3:::bucket/key', { context: { [row.key]: row.value } })).toThrow(
        `toNeverAllow: request context ${said(row)}`,
      );
    });

    test(`scenario cell: ${label}`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-hostile-ctx-'));
      try {
        const file = path.join(dir, 'ctx.iam.yaml');
        fs.writeFileSync(
          file,
          [
            'name: nonsense context',
            'principals:',
            '  reader:',
            '    arn: arn:aws:iam::111122223333:user/reader',
            `    policies: { identity: [${JSON.stringify(guarded(row))}] }`,
            '    allow:',
            '      - action: s3:GetObject',
            '        resource: "arn:aws:s3:::bucket/key"',
            `        context: { ${JSON.stringify(row.key)}: ${JSON.stringify(row.value)} }`,
            '',
          ].join('\n'),
        );
        const cells = expandCells(loadScenario(file));
        expect(cells).toHaveLength(1);
        expect(() => checkCell(cells[0])).toThrow(`Test mistake in this cell (${file}:7:9, principals.reader.allow[0]): request context ${said(row)}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    for (const command of ['explain', 'matrix', 'diff']) {
      test(`jest-iam ${command} --context: ${label}`, () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-hostile-ctx-'));
        try {
          fs.writeFileSync(path.join(dir, 'guard.json'), `${JSON.stringify(guarded(row), null, 2)}\n`);
          const files = command === 'diff' ? ['guard.json', 'guard.json'] : ['guard.json'];
          const extra = command === 'explain' ? ['--action', 's3:GetObject'] : [];
          const err: string[] = [];
          const code = run([command, ...extra, '--context', `${row.key}=${row.value}`, ...files], { out: () => undefined, err: (t) => err.push(t), cwd: dir });
          expect(code).toBe(2);
          // Warnings about the policy may come first; the one error is the context value.
          expect(err.filter((l) => !/^jest-iam \w+: \S+: warning: /.test(l))).toHaveLength(1);
          const flag = command === 'explain' ? 'request context' : '--context';
          expect(err[err.length - 1]).toContain(`jest-iam ${command}: ${flag} ${said(row)} (guard.json:17:11, statement Guard)`);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }
});

describe('the library API: values no JSON document holds are errors with their path (hostile.json, api)', () => {
  test('every case has a generator and every generator a case', () => {
    expect(Object.keys(API_CASES).sort()).toEqual(manifest.api.map((a) => a.name).sort());
  });
  for (const c of manifest.api) {
    test(`[${c.class}] ${c.name}`, () => {
      let issues: string[] = ['accepted'];
      try {
        API_CASES[c.name]();
      } catch (e) {
        if (!(e instanceof PolicyValidationError)) throw new Error(`crashed: ${e instanceof Error ? e.stack : String(e)}`);
        issues = e.issues.map((i) => `${i.path ? formatPath(i.path) : '-'}: ${formatIssue(i)}`);
      }
      expect(issues).toEqual(expect.arrayContaining([expect.stringContaining(c.issue)]));
    });
  }
});

describe('account ids in every field of a matcher request are 12 digits (hostile.json, requests)', () => {
  const set = policySet({ identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }] });
  for (const r of manifest.requests) {
    test(`${r.name}`, () => {
      const numbers: Record<string, number> = { __NaN__: NaN, __Infinity__: Infinity, '__-Infinity__': -Infinity };
      const options = JSON.parse(JSON.stringify(r.options), (_, v: unknown) => (typeof v === 'string' && v in numbers ? numbers[v] : v)) as never;
      expect(() => expect(set).toAllow(r.action, r.resource, options)).toThrow(r.error);
    });
  }
});

describe('credentials in endpoint URLs are never printed (hostile.json, endpoints)', () => {
  for (const e of manifest.endpoints) {
    test(`${e.endpoint ? 'endpoint' : 'text'} ${JSON.stringify(e.text)}`, () => {
      expect(e.endpoint ? redactEndpoint(e.text) : redactUserinfo(e.text)).toBe(e.shown);
      // Entries of the manifest are either endpoints (also printed in connection errors) or plain text.
      if (e.endpoint) {
        const message = describeAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), {
          operation: 'SimulateCustomPolicy',
          endpoint: e.text,
        });
        // eslint-disable-next-line jest/no-conditional-expect -- the branch is over the manifest entry's kind, not over a result
        expect(message).toContain(`Cannot reach ${e.shown} (`);
      }
    });
  }
});

describe('jest-iam live --endpoint: the start line never prints credentials (hostile.json, liveEndpoints)', () => {
  for (const e of manifest.liveEndpoints) {
    test(`${e.endpoint}`, async () => {
      const lines: string[] = [];
      const code = await runLive(['--endpoint', e.endpoint], {
        log: (l) => lines.push(l),
        env: {},
        checkCredentials: async () => undefined,
        runJest: async () => 0,
      });
      // No test cross-checked anything, and a run that compared no cell fails (issue 16); the point here is the start line.
      expect(code).toBe(1);
      expect(lines.join('\n')).toContain(e.shown);
      expect(lines.join('\n')).not.toMatch(/secret|pa\/ss|AKIA/);
    });
  }
});

describe('terminal escape sequences from a policy never reach the terminal (cli-io.ts)', () => {
  test('a bucket policy whose Sid and Resource hold ESC sequences: explain prints them as U+FFFD', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-hostile-esc-'));
    const written: string[] = [];
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const cwd = jest.spyOn(process, 'cwd').mockReturnValue(dir);
    try {
      const sid = 'Read\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u001b[2J';
      fs.writeFileSync(
        path.join(dir, 'bucket.json'),
        JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: sid,
                Effect: 'Allow',
                Principal: { AWS: 'arn:aws:iam::111122223333:root' },
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::b/\u001b[31mred\rover',
              },
            ],
          },
          null,
          2,
        ),
      );
      const code = run([
        'explain',
        '--resource-policy',
        'bucket.json',
        '--principal',
        'arn:aws:iam::111122223333:user/u',
        '--resource-account',
        '111122223333',
        '--action',
        's3:GetObject',
        '--resource',
        'arn:aws:s3:::b/\u001b[31mred\rover',
      ]);
      const text = written.join('');
      expect(code).toBe(0);
      expect(text).toContain('Read\uFFFD]8;;https://evil.example\uFFFDclick');
      // eslint-disable-next-line no-control-regex -- what must not be printed
      expect(text).not.toMatch(/[\u001b\u0007]|\r(?!\n)/);
    } finally {
      out.mockRestore();
      err.mockRestore();
      cwd.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Markdown injection: principal names in the reporter's summary stay text (hostile.json, markdownNames)", () => {
  for (const name of manifest.markdownNames) {
    test(`${JSON.stringify(name)}`, () => {
      const md = formatRunSummaryMarkdown({ cells: [{ principal: name, outcome: 'allow' }], covered: 0, total: 0, percent: 100, uncovered: [] } as never);
      const row = md.split('\n').find((l) => l.startsWith('| ') && !l.startsWith('| Principal') && !/^\|[\s\-:|]+\|$/.test(l)) ?? '';
      const cell = row.replace(/^\| /, '').split(/ (?<!\\)\| /)[0];
      // No tag, link, image, mention, autolink, emphasis or new cell opens in the name's cell.
      expect(cell).not.toMatch(/<[a-z!/?]|(?<!\\)\]\(|(?<!\\)\||https?:\/\/|(?<![\\\w])@\w|(?<!\\)\*\*|[\n\r]/i);
      expect(row.split(/(?<!\\)\|/).length).toBe(
        md
          .split('\n')
          .find((l) => l.startsWith('| Principal'))
          ?.split('|').length,
      );
    });
  }
});

describe('scenario files: caps, accounts and names (hostile.json, scenarios)', () => {
  for (const s of manifest.scenarios) {
    test(`[${s.class}] ${s.name}: ${s.at ?? `test names at most ${s.testNameMax} characters`}`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-hostile-scn-'));
      try {
        const file = path.join(dir, 's.iam.yaml');
        const text = CLI_SETUPS[`scenario:${s.name}`]
          ? (CLI_SETUPS[`scenario:${s.name}`](dir), fs.readFileSync(file, 'utf8'))
          : `${s.lines.map((l) => l.replace(/\{\{(.)\*(\d+)\}\}/g, (_, c: string, n: string) => c.repeat(Number(n)))).join('\n')}\n`;
        fs.writeFileSync(file, text);
        let messages: string[] = ['accepted'];
        withEnv(s.env, () => {
          try {
            for (const cell of expandCells(loadScenario(file))) checkCell(cell);
          } catch (e) {
            if (!(e instanceof PolicyValidationError) && !(e instanceof Error && e.name === 'ScenarioFailure'))
              throw new Error(`crashed: ${e instanceof Error ? e.stack : String(e)}`);
            // A cell's failure names its position in the stack line Jest reads (`at file:line:col`).
            const at = e instanceof Error ? /:(\d+:\d+)$/.exec(e.stack ?? '')?.[1] : undefined;
            messages =
              e instanceof PolicyValidationError
                ? e.issues.map((i) => `${i.pos ? `${i.pos.line}:${i.pos.column}` : '-'} ${i.message}`)
                : [`${at ?? '-'} ${(e as Error).message}`];
          }
        });
        // A manifest entry is either a name-length case or an error case: the branch is over the entry, not over a result.
        if (s.testNameMax !== undefined) {
          // eslint-disable-next-line jest/no-conditional-expect
          expect(messages).toEqual(['accepted']);
          const scenario = loadScenario(file);
          const names = [
            shortTestName(scenario.name),
            ...scenario.principals.map((p) => shortTestName(p.name)),
            ...expandCells(scenario).map((cell) => cell.testName),
          ];
          // eslint-disable-next-line jest/no-conditional-expect
          expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(s.testNameMax);
          return;
        }
        expect(messages.map((m) => m.split(`${dir}${path.sep}`).join(''))).toEqual(expect.arrayContaining([expect.stringContaining(`${s.at} ${s.error}`)]));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
