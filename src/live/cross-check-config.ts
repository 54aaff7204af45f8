import { IamLiveError } from './aws-errors';
import { DEFAULT_PRINCIPAL_TTL_SECONDS } from './simulate-cache';

/**
 * When the cross-check runs, and how. Three levels, most specific first:
 * 1. `JEST_IAM_CROSS_CHECK=0` (or `false`/`off`) turns it off everywhere, whatever files and
 *    assertions ask (a CI job without AWS credentials stays offline);
 * 2. an assertion's option `{ crossCheck: true | false }`;
 * 3. a scenario file's top-level `crossCheck: true | false` (or `setFileCrossCheck()` in a test file);
 * 4. `JEST_IAM_CROSS_CHECK=1` (or `true`/`on`) turns it on for every decision of the run.
 * Unset, only opted-in files and assertions are checked.
 *
 * AWS settings are the SDK's own (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_IAM, ...); the
 * variables below are jest-iam's.
 */
export interface CrossCheckSettings {
  /** `JEST_IAM_CROSS_CHECK`: on (1), off (0) or unset (opt-in per file or assertion). */
  mode: 'on' | 'off' | 'opt-in';
  /** `JEST_IAM_CROSS_CHECK_REFRESH=1`: ignore cached results and ask IAM again. */
  refresh: boolean;
  /** `JEST_IAM_CACHE_DIR`: where results are cached (default: node_modules/.cache/jest-iam). */
  cacheDir?: string;
  /**
   * `JEST_IAM_CACHE_TTL`: seconds a cached SimulatePrincipalPolicy answer is reused (default 86400,
   * 24 hours; 0 never reuses them). IAM reads that principal's policies and the organization's SCPs
   * from the account, which the cache key cannot see. SimulateCustomPolicy answers never expire.
   */
  cacheTtlSeconds: number;
  /** `JEST_IAM_CROSS_CHECK_CONCURRENCY`: IAM calls in flight at once (default 4). */
  concurrency: number;
  /** `JEST_IAM_CROSS_CHECK_PROGRESS=1`: print progress lines to stderr (the `jest-iam live` command sets it). */
  progress: boolean;
  /** `JEST_IAM_CROSS_CHECK_TIMEOUT`: milliseconds a test's or file's cross-check may take (default 300000). */
  timeoutMs: number;
}

const TRUE = new Set(['1', 'true', 'on', 'yes']);
const FALSE = new Set(['0', 'false', 'off', 'no']);

function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new IamLiveError(`${name} must be 1 or 0 (true/false, on/off), not ${JSON.stringify(raw)}.`, 'BadSetting');
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new IamLiveError(`${name} must be a positive whole number, not ${JSON.stringify(raw)}.`, 'BadSetting');
  return n;
}

function seconds(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new IamLiveError(`${name} must be a whole number of seconds (0 or more), not ${JSON.stringify(raw)}.`, 'BadSetting');
  return n;
}

/** Reads jest-iam's cross-check variables; a malformed value is an error naming the variable. */
export function readCrossCheckSettings(env: NodeJS.ProcessEnv = process.env): CrossCheckSettings {
  const on = flag(env, 'JEST_IAM_CROSS_CHECK');
  const settings: CrossCheckSettings = {
    mode: on === undefined ? 'opt-in' : on ? 'on' : 'off',
    refresh: flag(env, 'JEST_IAM_CROSS_CHECK_REFRESH') ?? false,
    cacheTtlSeconds: seconds(env, 'JEST_IAM_CACHE_TTL', DEFAULT_PRINCIPAL_TTL_SECONDS),
    concurrency: positiveInt(env, 'JEST_IAM_CROSS_CHECK_CONCURRENCY', 4),
    progress: flag(env, 'JEST_IAM_CROSS_CHECK_PROGRESS') ?? false,
    timeoutMs: positiveInt(env, 'JEST_IAM_CROSS_CHECK_TIMEOUT', 300_000),
  };
  const dir = env.JEST_IAM_CACHE_DIR?.trim();
  if (dir) settings.cacheDir = dir;
  return settings;
}

/** Whether one decision is cross-checked, from the run's mode, the file's setting and the assertion's option. */
export function resolveCrossCheck(mode: CrossCheckSettings['mode'], file?: boolean, assertion?: boolean): boolean {
  if (mode === 'off') return false;
  if (assertion !== undefined) return assertion;
  if (file !== undefined) return file;
  return mode === 'on';
}
