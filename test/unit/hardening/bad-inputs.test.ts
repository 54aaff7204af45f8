import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkPolicy } from '../../../src/policy/parse-policy';
import { loadPolicyFile } from '../../../src/policy/load-policy-file';
import { formatIssue, formatPath, PolicyValidationError, type PolicyIssue } from '../../../src/diagnostics/policy-issue';
import { loadScenario } from '../../../src/scenario';
import type { PolicyType } from '../../../src/policy/policy-type';
import { GENERATED, GENERATED_SCENARIOS } from './bad-input-generators';

/**
 * The bad-input corpus (test/fixtures/bad, manifest expected.json): every input must give
 * exactly the errors listed, each with its file, line:column, code, message and JSON path.
 * No crash (anything but a PolicyValidationError), no silent accept, and no message that
 * floods the output. What AWS rejects comes from the IAM User Guide: reference_policies_grammar.md
 * (the policy grammar), reference_policies_elements_*.md (each element) and
 * reference_policies_elements_condition_operators.md (operators and their values).
 */

interface ExpectedError {
  file?: string;
  at: string;
  code: string;
  message: string;
  path?: string;
}

interface Entry {
  file: string;
  policyType?: PolicyType;
  generated?: string;
  errors: ExpectedError[] | null;
}

interface GeneratedEntry {
  name: string;
  format: 'json' | 'yaml';
  policyType?: PolicyType;
  errors?: ExpectedError[];
  /** Warnings that must be given (code and message fragment), for inputs AWS may or may not take. */
  warnings?: { code: string; message: string }[];
  accepts?: { statements: number };
}

interface Manifest {
  maxMessageLength: number;
  policies: Entry[];
  scenarios: Entry[];
  generated: GeneratedEntry[];
}

const BAD = path.join(__dirname, '..', '..', 'fixtures', 'bad');
const manifest = JSON.parse(fs.readFileSync(path.join(BAD, 'expected.json'), 'utf8')) as Manifest;

/** Runs `load`; returns the issues of the PolicyValidationError it throws (any other throw is a crash). */
function issuesOf(load: () => unknown): PolicyIssue[] | 'accepted' {
  try {
    load();
    return 'accepted';
  } catch (e) {
    if (e instanceof PolicyValidationError) return e.issues;
    throw new Error(`crashed instead of reporting the input: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

/** The actual errors in the manifest's shape, for a readable diff. */
function describeActual(issues: PolicyIssue[], ownFile: string): ExpectedError[] {
  return issues
    .filter((i) => i.severity === 'error')
    .map((i) => {
      const out: ExpectedError = { at: i.pos ? `${i.pos.line}:${i.pos.column}` : '-', code: i.code, message: i.message.slice(0, 120) };
      const file = i.pos?.file;
      if (file && !file.replace(/\\/g, '/').endsWith(ownFile)) out.file = file;
      if (i.path?.length) out.path = formatPath(i.path).slice(0, 120);
      return out;
    });
}

/** Asserts the errors match the manifest one for one, in order. */
function expectErrors(issues: PolicyIssue[], expected: ExpectedError[], ownFile: string): void {
  const errors = issues.filter((i) => i.severity === 'error');
  const mismatch = errors.length !== expected.length || expected.some((want, k) => !matches(errors[k], want, ownFile));
  if (mismatch) {
    // Show both sides in the manifest's shape.
    expect(describeActual(issues, ownFile)).toEqual(expected);
  }
  expect(mismatch).toBe(false);
}

function matches(issue: PolicyIssue, want: ExpectedError, ownFile: string): boolean {
  const file = (issue.pos?.file ?? '').replace(/\\/g, '/');
  const at = issue.pos ? `${issue.pos.line}:${issue.pos.column}` : '-';
  const pathOk = want.path === undefined || (issue.path !== undefined && formatPath(issue.path) === want.path);
  return file.endsWith(want.file ?? ownFile) && at === want.at && issue.code === want.code && issue.message.includes(want.message) && pathOk;
}

/** No message, path included, may flood a terminal or CI log (a 1 MB value must be cut short). */
function expectBoundedMessages(issues: PolicyIssue[]): void {
  const long = issues.map(formatIssue).filter((m) => m.length > manifest.maxMessageLength);
  expect(long.map((m) => `${m.length} characters: ${m.slice(0, 160)}...`)).toEqual([]);
}

function expectNoErrors(issues: PolicyIssue[]): void {
  expect(issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([]);
}

afterEach(() => {
  // `__proto__` / `constructor` keys must stay plain keys: nothing may reach Object.prototype.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
});

describe('IAM User Guide, reference_policies_grammar.md: bad policy files give their exact errors (test/fixtures/bad/policies)', () => {
  test('the corpus holds every policy file the manifest lists, and nothing unlisted', () => {
    const listed = manifest.policies.map((e) => e.file).sort();
    const onDisk = fs
      .readdirSync(path.join(BAD, 'policies'))
      .map((f) => `policies/${f}`)
      .sort();
    expect(onDisk).toEqual(listed);
  });

  for (const entry of manifest.policies) {
    const want = entry.errors ?? [];
    test(`${entry.file} (${entry.policyType ?? 'identity'}): ${want.map((e) => `${e.code} at ${e.at}`).join(', ') || 'accepted'}`, () => {
      const result = issuesOf(() =>
        loadPolicyFile(path.join(BAD, entry.file), { policyType: entry.policyType ?? 'identity', displayPath: `test/fixtures/bad/${entry.file}` }),
      );
      expect(result).not.toBe('accepted');
      if (result === 'accepted') return;
      expectErrors(result, want, entry.file);
      expectBoundedMessages(result);
    });
  }
});

describe('bad scenario files (*.iam.yaml) give their exact errors, including includes and policy files outside their folder and var expansion bombs (test/fixtures/bad/scenarios)', () => {
  test('every scenario generator has a manifest entry and every generated entry a generator', () => {
    const named = manifest.scenarios.flatMap((e) => (e.generated ? [e.generated] : []));
    expect(Object.keys(GENERATED_SCENARIOS).sort()).toEqual(named.sort());
  });

  // A scenario may name any path; what it must never do is read a file outside its folder or
  // echo more than a short prefix of a file that is not a policy (a password, a key).
  test('no error quotes a file outside the folder, nor more than the first characters of a file that is not a policy', () => {
    const messages = [
      path.join(BAD, 'scenarios', 'policy-outside', 'scenario.iam.yaml'),
      path.join(BAD, 'scenarios', 'not-a-policy', 'scenario.iam.yaml'),
    ].flatMap((f) => {
      const r = issuesOf(() => loadScenario(f));
      return r === 'accepted' ? ['accepted'] : r.map(formatIssue);
    });
    expect(messages).toHaveLength(4);
    for (const leaked of ['root:x:0', 'from outside the scenario folder', 'correct-horse', 'hunter2', 'DB_USER', 'admin']) {
      expect(messages.filter((m) => m.includes(leaked))).toEqual([]);
    }
  });

  for (const entry of manifest.scenarios) {
    const want = entry.errors ?? [];
    test(`${entry.file}: ${want.map((e) => `${e.code} at ${e.at}`).join(', ')}`, () => {
      let file = path.join(BAD, entry.file);
      let own = entry.file;
      let root: string | undefined;
      if (entry.generated) {
        root = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-bad-'));
        own = GENERATED_SCENARIOS[entry.generated](root);
        file = path.join(root, own);
      }
      try {
        const result = issuesOf(() => loadScenario(file));
        expect(result).not.toBe('accepted');
        if (result === 'accepted') return;
        expectErrors(result, want, own);
        expectBoundedMessages(result);
      } finally {
        if (root) fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

describe('generated inputs: 10,000 statements, 1 MB strings, deep nesting, size quotas per policy type (bad-input-generators.ts)', () => {
  test('every generator has a manifest entry and every entry a generator', () => {
    expect(Object.keys(GENERATED).sort()).toEqual(manifest.generated.map((g) => g.name).sort());
  });

  for (const entry of manifest.generated) {
    const label = entry.accepts
      ? `valid: parses with ${entry.accepts.statements} statements`
      : (entry.errors ?? []).map((e) => `${e.code} at ${e.at}`).join(', ');
    test(`${entry.name} (${entry.format}, ${entry.policyType ?? 'identity'}): ${label}`, () => {
      const { text, format } = GENERATED[entry.name]();
      const own = `generated/${entry.name}`;
      const { policy, issues } = checkPolicy(text, { format, file: own, policyType: entry.policyType ?? 'identity' });
      expectBoundedMessages(issues);
      const warnings = issues.filter((i) => i.severity === 'warning').map((i) => ({ code: i.code, message: i.message }));
      for (const w of entry.warnings ?? []) expect(warnings).toContainEqual({ code: w.code, message: expect.stringContaining(w.message) });
      // A valid entry parses with no error and its statements; an invalid one gives no policy and its errors.
      expect(policy?.statements.length).toBe(entry.accepts?.statements);
      if (entry.accepts) expectNoErrors(issues);
      else expectErrors(issues, entry.errors ?? [], own);
    });
  }
});
