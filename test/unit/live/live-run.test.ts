import * as fs from 'node:fs';
import * as path from 'node:path';
import { IamLiveError } from '../../../src/live/aws-errors';
import { runLive } from '../../../src/live/live-run';
import { countOutcomes } from '../../../src/live/cross-check-counts';
import { CROSS_CHECK_RUN_DIR_ENV, recordFileCounts } from '../../../src/live/cross-check-run';
import { tempDir } from './live-helpers';

/** Runs `jest-iam live` with Jest and the credential check replaced by recorders. */
type Status = 'agree' | 'diverge' | 'skipped' | 'failed';
/** One test file's cross-check outcomes, as its afterAll hands them to the run. */
const file = (...statuses: Status[]) => countOutcomes(statuses.map((status) => ({ status, ...(status === 'skipped' ? { skipReason: 'RCPs' } : {}) })));

async function live(argv: string[], opts: { credentialsFail?: boolean; files?: ReturnType<typeof file>[]; jestCode?: number } = {}) {
  const cwd = tempDir('jest-iam-live-');
  fs.writeFileSync(path.join(cwd, 'jest.config.js'), 'module.exports = {};\n');
  const log: string[] = [];
  const runs: { bin: string; args: string[]; env: NodeJS.ProcessEnv }[] = [];
  const code = await runLive(argv, {
    cwd,
    env: { PATH: process.env.PATH },
    log: (l) => log.push(l),
    runJest: async (bin, args, env) => {
      runs.push({ bin, args, env });
      // Each test file's afterAll writes its counts into the run's directory.
      for (const f of opts.files ?? [file('agree')]) recordFileCounts(f, undefined, { [CROSS_CHECK_RUN_DIR_ENV]: env[CROSS_CHECK_RUN_DIR_ENV] });
      return opts.jestCode ?? 0;
    },
    checkCredentials: async () => {
      if (opts.credentialsFail) throw new IamLiveError('No AWS credentials found for the IAM cross-check: set AWS_PROFILE ...', 'CredentialsProviderError');
    },
  });
  return { code, log, runs, cwd };
}

describe('jest-iam live: runs the Jest suites with the cross-check on, using the AWS SDK settings', () => {
  test('turns the cross-check and progress on, maps --profile/--region/--endpoint to AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_IAM', async () => {
    const { code, runs, log, cwd } = await live([
      '--config',
      'jest.config.js',
      '--profile',
      'audit',
      '--region',
      'eu-west-1',
      '--endpoint',
      'http://127.0.0.1:9',
      '--refresh',
      '--',
      '--runInBand',
      'rekognition',
    ]);
    expect(code).toBe(0);
    expect(runs).toHaveLength(1);
    expect(runs[0].bin).toMatch(/jest[\\/]bin[\\/]jest(\.js)?$/);
    expect(runs[0].args).toEqual(['--config', path.join(cwd, 'jest.config.js'), '--runInBand', 'rekognition']);
    expect(runs[0].env).toMatchObject({
      JEST_IAM_CROSS_CHECK: '1',
      JEST_IAM_CROSS_CHECK_PROGRESS: '1',
      JEST_IAM_CROSS_CHECK_REFRESH: '1',
      AWS_PROFILE: 'audit',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9',
    });
    expect(log[0]).toMatch(
      /^jest-iam live: cross-checking every decision with IAM \(profile audit, region eu-west-1, endpoint http:\/\/127\.0\.0\.1:9\); results cached in .*\.jest-iam-cache \(refreshing\)$/,
    );
    expect(log[1]).toBe('jest-iam cross-check, run of 1 file: 1 cell: 1 compared, 0 skipped, 0 failed');
  });

  test("the run's summary line adds up every test file; a run where IAM compared no cell exits 1 even when Jest passed", async () => {
    const mixed = await live([], { files: [file('agree', 'diverge', 'skipped'), file('skipped', 'failed')], jestCode: 1 });
    expect(mixed.log[1]).toBe('jest-iam cross-check, run of 2 files: 5 cells: 2 compared (1 diverge), 2 skipped (2 RCPs), 1 failed');
    expect(mixed.code).toBe(1);
    const passing = await live([], { files: [file('agree'), file('skipped')] });
    expect(passing.code).toBe(0);
    const nothing = await live([], { files: [file('skipped', 'skipped'), file('skipped')] });
    expect(nothing.code).toBe(1);
    expect(nothing.log.slice(1)).toEqual([
      'jest-iam cross-check, run of 2 files: 3 cells: 0 compared, 3 skipped (3 RCPs), 0 failed',
      'jest-iam cross-check, run of 2 files: 3 cells: 0 compared, 3 skipped (3 RCPs), 0 failed. IAM compared no cell of this run, so the cross-check cannot pass: give the cells parts the simulator can take (see "What a green run means" in the README), or turn the cross-check off.',
    ]);
    const none = await live([], { files: [] });
    expect(none.code).toBe(1);
    expect(none.log[1]).toBe('jest-iam live: no test cross-checked a cell (no jest-iam matcher or scenario cell ran)');
    // The run's directory is removed afterwards.
    expect(fs.existsSync(String(none.runs[0].env[CROSS_CHECK_RUN_DIR_ENV]))).toBe(false);
  });

  test('missing credentials stop the run before Jest starts, with the clear message', async () => {
    const { code, runs, log } = await live([], { credentialsFail: true });
    expect(code).toBe(1);
    expect(runs).toHaveLength(0);
    expect(log).toEqual(['No AWS credentials found for the IAM cross-check: set AWS_PROFILE ...']);
  });

  test('a missing Jest config, an unknown option or a bad setting is a usage error', async () => {
    expect((await live(['--config', 'nope.js'])).log[0]).toMatch(/^jest-iam live: no Jest config at .*nope\.js\.$/);
    const unknown = await live(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.log[0]).toMatch(/^jest-iam live: Unknown option '--bogus'/);
    const bad = await live(['--concurrency', 'many']);
    expect(bad.code).toBe(1);
    expect(bad.log[0]).toBe('JEST_IAM_CROSS_CHECK_CONCURRENCY must be a positive whole number, not "many".');
  });

  test('--help prints the usage and exits 0 without running Jest', async () => {
    const printed: string[] = [];
    const code = await runLive(['--help'], {
      out: (l) => printed.push(l),
      runJest: async () => {
        throw new Error('Jest must not run');
      },
    });
    expect(code).toBe(0);
    expect(printed.join('\n')).toContain('jest-iam live [--config JEST_CONFIG]');
  });
});
