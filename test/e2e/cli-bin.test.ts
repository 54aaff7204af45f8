import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The built `jest-iam` bin (package.json "bin": dist/src/cli/main.js) run as a user runs it, on
 * the examples: a cross-account set (IAM User Guide, reference_policies_evaluation-logic-cross-account.md:
 * both the identity policy and the bucket policy must allow), an organisation set (AWS
 * Organizations User Guide, orgs_manage_policies_scps_evaluation.md: every SCP level must allow;
 * a boundary caps the identity policy), given as flags and as a policy-set file.
 */
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const ORG = 'examples/organisation-guardrails/policies';
const XACC = 'examples/cross-account-s3/policies';

function bin(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout.trimEnd(), err: r.stderr.trimEnd() };
}

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
}, 300_000);

describe('cross-account S3: --resource-policy, --principal, --resource-account, --context', () => {
  const trainer = 'arn:aws:iam::444455556666:role/ModelTrainer';
  const args = [
    '--resource-policy',
    `${XACC}/training-data-bucket-policy.json`,
    '--principal',
    trainer,
    '--resource-account',
    '111122223333',
    '--context',
    'aws:SecureTransport=true',
  ];

  test('matrix: GetObject and ListBucket allowed by both sides; PutObject only by the identity side, so denied', () => {
    const r = bin('matrix', ...args, `${XACC}/model-trainer-identity.json`);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/allow\s+s3:GetObject on arn:aws:s3:::ml-training-data\/\S+\n\s+by .*ReadAndWriteTrainingData.*ReadForMlAccountRole/);
    expect(r.out).toMatch(/allow\s+s3:ListBucket on arn:aws:s3:::ml-training-data\n/);
    expect(r.out).not.toMatch(/allow\s+s3:PutObject/);
  });

  test('without --resource-account the cross-account request asks for it by its flag name', () => {
    const r = bin(
      'explain',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::ml-training-data/a.jpg',
      '--principal',
      trainer,
      '--resource-policy',
      `${XACC}/training-data-bucket-policy.json`,
      `${XACC}/model-trainer-identity.json`,
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('--resource-account');
  });

  test('explain: the bucket policy alone (detected by its Principal) with an insecure request: explicit deny by DenyInsecureTransport', () => {
    const r = bin(
      'explain',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::ml-training-data/a.jpg',
      '--principal',
      trainer,
      '--resource-account',
      '111122223333',
      '--context',
      'aws:SecureTransport=false',
      `${XACC}/training-data-bucket-policy.json`,
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: explicit Deny');
    expect(r.out).toContain('DenyInsecureTransport');
  });

  test('diff of a bucket policy: the edit that drops ListBucket is access lost', () => {
    const r = bin(
      'diff',
      '--principal',
      trainer,
      '--resource-account',
      '111122223333',
      '--context',
      'aws:SecureTransport=true',
      '--identity',
      `${XACC}/model-trainer-identity.json`,
      `${XACC}/training-data-bucket-policy.json`,
      'test/fixtures/cli/bucket-policy-without-list.json',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/No longer allowed \(1\):\n\s+- s3:ListBucket on arn:aws:s3:::ml-training-data/);
    expect(r.out).toContain('Now allowed: nothing');
  });
});

describe('organisation guardrails: --boundary and --scp LEVEL=FILE, or --set', () => {
  const flags = [
    '--boundary',
    `${ORG}/developer-boundary.json`,
    '--scp',
    `root=${ORG}/FullAWSAccess.json`,
    '--scp',
    `ou-prod=${ORG}/ou-prod-guardrails.json`,
    '--scp',
    `account=${ORG}/account-ml-only.json`,
    '--principal',
    'arn:aws:iam::111122223333:role/Developer',
  ];

  test('explain: ec2 is allowed by identity and ou-prod but not by the account-level SCP', () => {
    const r = bin(
      'explain',
      '--action',
      'ec2:RunInstances',
      '--resource',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-1',
      '--context',
      'aws:RequestedRegion=us-east-1',
      ...flags,
      `${ORG}/developer-identity.json`,
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: implicit Deny');
    expect(r.out).toContain('no allow in SCP at level account: an SCP of that level must allow ec2:RunInstances');
  });

  test('--set gives the same decisions as the flags', () => {
    const common = [
      '--actions',
      'ec2:RunInstances,s3:DeleteObject,s3:GetObject,iam:CreateRole',
      '--context',
      'aws:RequestedRegion=us-east-1',
      '--principal',
      'arn:aws:iam::111122223333:role/Developer',
      '--format',
      'json',
    ];
    const withFlags = JSON.parse(bin('matrix', ...common, ...flags.slice(0, -2), `${ORG}/developer-identity.json`).out);
    const withSet = JSON.parse(bin('matrix', ...common, '--set', 'test/fixtures/cli/developer.policy-sets.yaml').out);
    const outcomes = (m: { cells: { action: string; resource: string; outcome: string }[] }) =>
      m.cells.map((c) => `${c.action} ${c.resource} ${c.outcome}`).sort();
    expect(outcomes(withSet)).toEqual(outcomes(withFlags));
    expect(outcomes(withSet).some((x) => x.endsWith('allow'))).toBe(true);
    expect(outcomes(withSet).some((x) => x.startsWith('iam:CreateRole') && x.endsWith('explicit-deny'))).toBe(true);
  });

  test('diff of a boundary: OLD and NEW read as boundaries with --type boundary', () => {
    const r = bin(
      'diff',
      '--type',
      'boundary',
      '--identity',
      `${ORG}/developer-identity.json`,
      '--actions',
      's3:DeleteObject',
      '--resources',
      'arn:aws:s3:::ml-training-data/a.jpg',
      `${ORG}/developer-boundary.json`,
      'test/fixtures/cli/boundary-with-delete.json',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Now allowed \(1\):\n\s+\+ s3:DeleteObject on arn:aws:s3:::ml-training-data\/a\.jpg/);
  });

  test('a policy-set file with a misspelt key is an error with its line and column', () => {
    const r = bin('matrix', '--set', 'test/fixtures/cli/bad.policy-sets.yaml', '--actions', 's3:GetObject');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.policy-sets\.yaml:4:5: error: unknown key "bondary"; did you mean "boundary"\?/);
  });
});

describe('mistakes in the command line: one line, with "did you mean"', () => {
  test('an unknown command', () => {
    const r = bin('matrx');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'jest-iam: unknown command "matrx"; did you mean "matrix"? (commands: validate, matrix, diff, explain, report, live; see jest-iam --help)',
    );
  });

  test('an unknown option', () => {
    const r = bin('matrix', '--bondary', 'x.json', 'y.json');
    expect(r.code).toBe(2);
    expect(r.err).toBe('jest-iam matrix: unknown option "--bondary"; did you mean --boundary? (see jest-iam matrix --help)');
  });

  test('an option without its value', () => {
    const r = bin('explain', '--action');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain('--action');
  });
});

describe('report merge: the records of two shards make one report', () => {
  test('coverage over both folders, and one HTML page', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const os = require('node:os') as typeof import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-merge-'));
    const policy = {
      t: 'policy',
      key: 'p.json#1',
      name: 'p.json',
      file: 'p.json',
      statements: [
        { index: 0, sid: 'A', effect: 'Allow', line: 3, column: 5 },
        { index: 1, sid: 'B', effect: 'Allow', line: 9, column: 5 },
      ],
    };
    const cell = (action: string, stmt: number) => ({
      t: 'cell',
      principal: 'reader',
      action,
      resource: '*',
      request: `action ${action}`,
      outcome: 'allow',
      deciding: [`p.json#1#${stmt}`],
      explanation: 'Decision: Allow',
    });
    for (const [shard, c] of [
      ['1', cell('s3:GetObject', 0)],
      ['2', cell('s3:ListBucket', 1)],
    ] as const) {
      fs.mkdirSync(path.join(dir, shard));
      fs.writeFileSync(path.join(dir, shard, 'w.jsonl'), `${JSON.stringify(policy)}\n${JSON.stringify(c)}\n`);
    }
    const one = bin('report', 'merge', path.join(dir, '1'));
    const both = bin('report', 'merge', '--html', path.join(dir, 'all.html'), '--coverage-threshold', '100', path.join(dir, '1'), path.join(dir, '2'));
    expect(one.out).toContain('1/2 statements');
    expect(both.code).toBe(0);
    expect(both.out).toContain('2/2 statements');
    expect(fs.readFileSync(path.join(dir, 'all.html'), 'utf8')).toContain('2 runs merged');
    expect(bin('report', 'merge', '--coverage-threshold', '100', path.join(dir, '1')).code).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

// The README's transcripts (test/unit/readme-commands.test.ts runs them in-process) through the
// built bin: its stdout and stderr share one file, so the lines come in the order printed.
describe('README.md transcripts through the built bin', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const { expectedExit, matches, transcriptFolder, transcripts } = require('../support/readme-transcripts') as typeof import('../support/readme-transcripts');
  for (const t of transcripts()) {
    test(`README.md:${t.line}: ${t.commands.map((c) => `jest-iam ${c.argv.slice(0, 2).join(' ')}`).join(', ')}`, () => {
      const { dir, temporary } = transcriptFolder(t);
      const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-bin-')), 'output');
      try {
        t.commands.forEach((c, i) => {
          const fd = fs.openSync(log, 'w');
          const r = spawnSync(process.execPath, [BIN, ...c.argv], { cwd: dir, stdio: ['ignore', fd, fd], timeout: 60_000 });
          fs.closeSync(fd);
          const actual = fs
            .readFileSync(log, 'utf8')
            .replace(/\n$/, '')
            .split('\n')
            .map((l) => l.split(dir).join('.'));
          // `...` lines of the README stand for any lines: compare as written when they match, else show the real output.
          expect((matches(c.expected, actual) ? c.expected : actual).join('\n')).toBe(c.expected.join('\n'));
          expect(r.status).toBe(expectedExit(t, i));
        });
      } finally {
        fs.rmSync(path.dirname(log), { recursive: true, force: true });
        if (temporary) fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
