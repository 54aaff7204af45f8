/**
 * The cross-check's summary is the run's, not only each file's: every test file hands its counts
 * (compared, skipped by reason, failed) to the run, and the run prints one line over all files
 * and fails when IAM compared no cell of it. End to end: `jest-iam live` runs Jest in a child
 * process on two scenario files, against the local IAM Query endpoint, with the real SDK.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import JestIamReporter from '../../../src/reporter/index';
import { countOutcomes } from '../../../src/live/cross-check-counts';
import { recordFileCounts } from '../../../src/live/cross-check-run';
import { RUN_DIR_ENV } from '../../../src/coverage/run-records';
import { runLive } from '../../../src/live/live-run';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { tempDir } from './live-helpers';

const ROOT = path.join(__dirname, '..', '..', '..');
const js = (p: string) => JSON.stringify(p);

describe("the jest-iam reporter prints the run's cross-check line and fails a run that compared nothing", () => {
  const saved = process.env[RUN_DIR_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[RUN_DIR_ENV];
    else process.env[RUN_DIR_ENV] = saved;
  });

  function runReporter(files: ReturnType<typeof countOutcomes>[]): { error?: Error; printed: string[] } {
    const reporter = new JestIamReporter({ rootDir: tempDir('jest-iam-reporter-') }, { silent: true });
    reporter.onRunStart();
    // Each test file's afterAll, in whatever worker ran it, writes into the reporter's run directory.
    for (const f of files) recordFileCounts(f, undefined, { [RUN_DIR_ENV]: process.env[RUN_DIR_ENV] });
    const printed: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      reporter.onRunComplete();
    } finally {
      write.mockRestore();
    }
    const error = reporter.getLastError();
    return { ...(error ? { error } : {}), printed };
  }

  test('two files, one compared: the line adds both up and the run passes', () => {
    const r = runReporter([countOutcomes([{ status: 'agree' }, { status: 'diverge' }]), countOutcomes([{ status: 'skipped', skipReason: 'RCPs' }])]);
    expect(r.printed).toContain('jest-iam cross-check, run of 2 files: 3 cells: 2 compared (1 diverge), 1 skipped (1 RCPs), 0 failed\n');
    expect(r.error).toBeUndefined();
  });

  test('two files, none compared (one skipped, one failed): the run fails with the reason', () => {
    const r = runReporter([countOutcomes([{ status: 'skipped', skipReason: 'session policies' }]), countOutcomes([{ status: 'failed' }])]);
    expect(r.error?.message).toBe(
      'jest-iam: jest-iam cross-check, run of 2 files: 2 cells: 0 compared, 1 skipped (1 session policies), 1 failed. IAM compared no cell of this run, so the cross-check cannot pass: give the cells parts the simulator can take (see "What a green run means" in the README), or turn the cross-check off.',
    );
  });

  test('no file cross-checked a cell (cross-check off): no line, no error', () => {
    const r = runReporter([]);
    expect(r.printed.filter((l) => l.includes('cross-check'))).toEqual([]);
    expect(r.error).toBeUndefined();
  });
});

/** A project of two scenario files: one IAM can compare, one whose only cell an RCP decides (skipped). */
function writeProject(dir: string): string {
  fs.mkdirSync(path.join(dir, 'policies'));
  fs.writeFileSync(
    path.join(dir, 'policies', 'app.json'),
    JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::reports/*' }] },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(dir, 'policies', 'no-reads.json'),
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'NoReads', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }, null, 2),
  );
  fs.writeFileSync(
    path.join(dir, 'compared.iam.yaml'),
    `name: the app reads reports
principals:
  app:
    arn: arn:aws:iam::111122223333:user/app
    policies: { identity: [policies/app.json] }
    allow:
      - action: s3:GetObject
        resource: arn:aws:s3:::reports/q1
    implicitDeny:
      - action: s3:PutObject
        resource: arn:aws:s3:::reports/q1
`,
  );
  fs.writeFileSync(
    path.join(dir, 'rcp-only.iam.yaml'),
    `name: an RCP stops reads
policySets:
  fenced:
    identity: [policies/app.json]
    rcps:
      - { name: root, policies: [policies/no-reads.json] }
principals:
  app:
    arn: arn:aws:iam::111122223333:user/app
    policies: fenced
    explicitDeny:
      - action: s3:GetObject
        resource: arn:aws:s3:::reports/q1
`,
  );
  // Jest loads transformers untransformed: this one compiles the TypeScript sources on require,
  // as dist/src/scenario/jest-transform.js (the preset's) is compiled.
  fs.writeFileSync(
    path.join(dir, 'transform.js'),
    `const ts = require(${js(path.join(ROOT, 'node_modules', 'typescript'))});
const fs = require('node:fs');
require.extensions['.ts'] = (m, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  m._compile(out.outputText, filename);
};
module.exports = require(${js(path.join(ROOT, 'src', 'scenario', 'jest-transform.ts'))});
`,
  );
  const config = path.join(dir, 'jest.config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      rootDir: dir,
      roots: [dir],
      testMatch: ['**/*.iam.yaml'],
      testEnvironment: 'node',
      moduleFileExtensions: ['js', 'ts', 'json', 'yaml'],
      transform: {
        '\\.iam\\.yaml$': path.join(dir, 'transform.js'),
        '^.+\\.ts$': [require.resolve('ts-jest'), { tsconfig: path.join(ROOT, 'tsconfig.json'), diagnostics: false }],
      },
      cacheDirectory: path.join(dir, 'jest-cache'),
    }),
  );
  return config;
}

/** Runs Jest in a child process without blocking this one (the local IAM endpoint answers from here). */
function jestChild(bin: string, args: string[], env: NodeJS.ProcessEnv, output: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => output.push(String(d)));
    child.stderr.on('data', (d) => output.push(String(d)));
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', (e) => (output.push(`spawn error: ${e.message}`), resolve(1)));
  });
}

describe('`jest-iam live` on two scenario files (real Jest, real SDK, local IAM endpoint)', () => {
  let server: IamQueryServer;
  let dir: string;
  let config: string;
  beforeAll(async () => {
    server = await startIamQueryServer();
    dir = tempDir('jest-iam-two-files-');
    config = writeProject(dir);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function live(...jestArgs: string[]): Promise<{ code: number; log: string[]; output: string }> {
    const log: string[] = [];
    const output: string[] = [];
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' };
    for (const k of ['JEST_WORKER_ID', RUN_DIR_ENV, 'AWS_PROFILE', 'JEST_IAM_CROSS_CHECK', 'GITHUB_STEP_SUMMARY']) delete env[k];
    const code = await runLive(
      ['--config', config, '--endpoint', server.endpoint, '--cache-dir', path.join(dir, 'iam-cache'), '--', '--maxWorkers=2', ...jestArgs],
      {
        cwd: dir,
        env,
        log: (l) => log.push(l),
        // The SDK reads credentials from this process's environment, not the child's: the child gets the fake keys above.
        checkCredentials: async () => undefined,
        runJest: (bin, args, childEnv) => jestChild(bin, args, childEnv, output),
      },
    );
    return { code, log, output: output.join('') };
  }

  test('one file compared, one only skipped: the run line counts both files and the run passes; the skipped file alone fails the run', async () => {
    const both = await live();
    // Each file's line names its file (Jest runs files in parallel).
    expect(both.output).toMatch(/jest-iam cross-check: \S*compared\.iam\.yaml: 2 cells: 2 compared, 0 skipped, 0 failed/);
    expect(both.output).toMatch(/jest-iam cross-check: \S*rcp-only\.iam\.yaml: 1 cell: 0 compared, 1 skipped \(1 RCPs\), 0 failed/);
    expect(both.log).toContain('jest-iam cross-check, run of 2 files: 3 cells: 2 compared, 1 skipped (1 RCPs), 0 failed');
    expect(server.count('SimulateCustomPolicy')).toBeGreaterThan(0);
    expect({ code: both.code, output: both.code ? both.output : '' }).toEqual({ code: 0, output: '' });

    const alone = await live('rcp-only');
    expect(alone.log).toContain('jest-iam cross-check, run of 1 file: 1 cell: 0 compared, 1 skipped (1 RCPs), 0 failed');
    expect(alone.log.join('\n')).toContain('IAM compared no cell of this run, so the cross-check cannot pass');
    expect(alone.code).toBe(1);
  }, 240_000);

  test('InvalidInput on every call: the run is red, the bisecting stays within its bound, and a rerun asks IAM again (rejections are not cached)', async () => {
    const saved = server;
    server = await startIamQueryServer({
      failWith: (a) =>
        a === 'SimulateCustomPolicy' ? { code: 'InvalidInput', message: 'The policy simulator is not available for this account.' } : undefined,
    });
    try {
      const first = await live('compared');
      expect(first.log).toContain('jest-iam cross-check, run of 1 file: 2 cells: 0 compared, 0 skipped, 2 failed');
      expect(first.output).toContain('IAM rejected the input of a call holding this cell (InvalidInput)');
      expect(first.code).toBe(1);
      // One planned call of 2 actions x 1 resource, halved once: at most 1 + 2 * (1 + 0) = 3 calls.
      expect(server.count('SimulateCustomPolicy')).toBe(3);
      const again = await live('compared');
      expect(again.code).toBe(1);
      expect(server.count('SimulateCustomPolicy')).toBe(6);
    } finally {
      await server.close();
      server = saved;
    }
  }, 240_000);
});
