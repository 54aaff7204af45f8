/**
 * Options of the jest-iam reporter, as written in a Jest config:
 * `reporters: ['default', ['jest-iam/reporter', { coverageThreshold: 80, html: 'iam-report.html', markdown: 'iam-summary.md', policies: ['policies/*.json'] }]]`.
 */
export interface IamReporterOptions {
  /** Fail the run when fewer than this percentage (0-100) of the statements decided a request. */
  coverageThreshold?: number;
  /** Write the HTML access-matrix report here (relative to Jest's rootDir). */
  html?: string;
  /** Write the Markdown run summary here (relative to Jest's rootDir). */
  markdown?: string;
  /** Also append the Markdown summary to the file named by `$GITHUB_STEP_SUMMARY`, when set (default true). */
  githubStepSummary?: boolean;
  /** Do not print the coverage summary to the console. */
  silent?: boolean;
  /**
   * Policy files that count for coverage even when no test loads them (then with every statement
   * uncovered), like Jest's `collectCoverageFrom`: globs relative to rootDir, `**` for any
   * directories, `!` to exclude, e.g. `['policies/**\/*.json', '!policies/fixtures/**']`.
   */
  policies?: string[];
  /**
   * Keep this run's decision records in this folder (relative to rootDir), one file per Jest
   * process, so runs of `jest --shard` on several machines merge into one report with
   * `jest-iam report merge FOLDER...`.
   */
  records?: string;
}

const KEYS: Record<keyof IamReporterOptions, 'number' | 'string' | 'boolean' | 'string[]'> = {
  coverageThreshold: 'number',
  html: 'string',
  markdown: 'string',
  githubStepSummary: 'boolean',
  silent: 'boolean',
  policies: 'string[]',
  records: 'string',
};

function hasType(v: unknown, want: (typeof KEYS)[keyof typeof KEYS]): boolean {
  if (want === 'string[]') return Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim() !== '');
  return typeof v === want;
}

/**
 * Checks the options a Jest config gives the reporter. Throws an Error that names the option and
 * what is wrong (Jest shows it as "An error occurred while adding the reporter").
 */
export function readReporterOptions(raw: unknown): IamReporterOptions {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new Error(`jest-iam/reporter: options must be an object such as { coverageThreshold: 80 }, not ${JSON.stringify(raw)}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const want = KEYS[k as keyof IamReporterOptions];
    if (!want) throw new Error(`jest-iam/reporter: unknown option "${k}"; the options are ${Object.keys(KEYS).join(', ')}`);
    if (!hasType(v, want))
      throw new Error(
        `jest-iam/reporter: option "${k}" must be ${want === 'string[]' ? 'a list of glob strings such as ["policies/**/*.json"]' : `a ${want}`}, not ${JSON.stringify(v)}`,
      );
    out[k] = v;
  }
  const t = out.coverageThreshold as number | undefined;
  if (t !== undefined && (!Number.isFinite(t) || t < 0 || t > 100))
    throw new Error(`jest-iam/reporter: coverageThreshold must be a percentage from 0 to 100, not ${t}`);
  return out as IamReporterOptions;
}
