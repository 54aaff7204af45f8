import { spawn } from 'node:child_process';
import { redactEndpoint, redactUserinfo } from './redact-endpoint';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { IamLiveError } from './aws-errors';
import { readCrossCheckSettings } from './cross-check-config';
import { checkLiveCredentials } from './live-credentials';
import { CROSS_CHECK_RUN_DIR_ENV, readRunCounts, runSummary } from './cross-check-run';
import { defaultCacheDir } from './simulate-cache';

/**
 * `jest-iam live`: runs a project's Jest suites (matcher tests and `*.iam.yaml` scenarios) with
 * the IAM cross-check on, against the account of the usual AWS SDK settings, with progress lines
 * on stderr. The same as `JEST_IAM_CROSS_CHECK=1 JEST_IAM_CROSS_CHECK_PROGRESS=1 npx jest`, plus
 * the run's summary line over all test files (compared / skipped by reason / failed); a run in
 * which IAM compared no cell at all exits 1 even when Jest passed.
 */
export const LIVE_USAGE = `  jest-iam live [--config JEST_CONFIG] [--profile NAME] [--region REGION] [--endpoint URL]
                [--refresh] [--cache-dir DIR] [--concurrency N] [-- JEST_ARGS...]
      Runs the Jest suites with every decision cross-checked by IAM's policy simulator
      (needs iam:SimulateCustomPolicy, and iam:SimulatePrincipalPolicy plus read calls for
      live principals). --profile/--region/--endpoint set AWS_PROFILE, AWS_REGION and
      AWS_ENDPOINT_URL_IAM; --refresh ignores cached results.`;

export interface LiveRunIo {
  /** Runs Jest; resolves with its exit code. */
  runJest?: (jestBin: string, args: string[], env: NodeJS.ProcessEnv) => Promise<number>;
  /** Checks that credentials resolve before Jest starts; throws an IamLiveError when not. */
  checkCredentials?: (env: NodeJS.ProcessEnv) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  log?: (line: string) => void;
  /** Where --help goes (default: stdout). */
  out?: (line: string) => void;
}

function defaultRunJest(jestBin: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jestBin, ...args], { stdio: 'inherit', env });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

function findJest(cwd: string): string {
  try {
    return require.resolve('jest/bin/jest', { paths: [cwd, __dirname] });
  } catch {
    throw new IamLiveError('jest-iam live runs your Jest suites: install jest in this project (npm install --save-dev jest).', 'NoJest');
  }
}

/**
 * Runs `jest-iam live` with the given arguments; resolves with the exit code (Jest's, or 2 for
 * a usage error, 1 when credentials or settings are missing).
 */
export async function runLive(argv: string[], io: LiveRunIo = {}): Promise<number> {
  const log = io.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const cwd = io.cwd ?? process.cwd();
  let values: Record<string, string | boolean | undefined>;
  let rest: string[];
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        config: { type: 'string' },
        profile: { type: 'string' },
        region: { type: 'string' },
        endpoint: { type: 'string' },
        refresh: { type: 'boolean' },
        'cache-dir': { type: 'string' },
        concurrency: { type: 'string' },
      },
    });
    values = parsed.values;
    rest = parsed.positionals;
    if (values.help) {
      (io.out ?? ((l: string) => process.stdout.write(`${l}\n`)))(LIVE_USAGE);
      return 0;
    }
  } catch (e) {
    log(`jest-iam live: ${(e as Error).message}\n${LIVE_USAGE}`);
    return 2;
  }
  const env: NodeJS.ProcessEnv = { ...(io.env ?? process.env), JEST_IAM_CROSS_CHECK: '1', JEST_IAM_CROSS_CHECK_PROGRESS: '1' };
  if (values.profile) env.AWS_PROFILE = String(values.profile);
  if (values.region) env.AWS_REGION = String(values.region);
  if (values.endpoint) env.AWS_ENDPOINT_URL_IAM = String(values.endpoint);
  if (values.refresh) env.JEST_IAM_CROSS_CHECK_REFRESH = '1';
  if (values['cache-dir']) env.JEST_IAM_CACHE_DIR = path.resolve(cwd, String(values['cache-dir']));
  if (values.concurrency) env.JEST_IAM_CROSS_CHECK_CONCURRENCY = String(values.concurrency);
  try {
    readCrossCheckSettings(env);
    const jestBin = findJest(cwd);
    const args: string[] = [];
    const config = values.config ? path.resolve(cwd, String(values.config)) : undefined;
    if (config) {
      if (!fs.existsSync(config)) throw new IamLiveError(`jest-iam live: no Jest config at ${config}.`, 'NoConfig');
      args.push('--config', config);
    }
    args.push(...rest);
    await (io.checkCredentials ?? checkLiveCredentials)(env);
    const where = [
      env.AWS_PROFILE ? `profile ${env.AWS_PROFILE}` : 'default credentials',
      env.AWS_REGION ? `region ${env.AWS_REGION}` : '',
      env.AWS_ENDPOINT_URL_IAM ? `endpoint ${redactEndpoint(env.AWS_ENDPOINT_URL_IAM)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    log(
      `jest-iam live: cross-checking every decision with IAM (${where}); results cached in ${env.JEST_IAM_CACHE_DIR ?? defaultCacheDir(cwd)}${env.JEST_IAM_CROSS_CHECK_REFRESH ? ' (refreshing)' : ''}`,
    );
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-cross-check-'));
    try {
      const code = await (io.runJest ?? defaultRunJest)(jestBin, args, { ...env, [CROSS_CHECK_RUN_DIR_ENV]: runDir });
      const run = readRunCounts(runDir);
      if (!run) {
        log('jest-iam live: no test cross-checked a cell (no jest-iam matcher or scenario cell ran)');
        return code || 1;
      }
      const summary = runSummary(run);
      log(summary.line);
      if (summary.error) {
        log(summary.error);
        return code || 1;
      }
      return code;
    } finally {
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  } catch (e) {
    if (e instanceof IamLiveError) {
      log(redactUserinfo(e.message));
      return 1;
    }
    throw e;
  }
}
