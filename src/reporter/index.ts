/**
 * `jest-iam/reporter`: statement coverage of the policies a Jest run tested, with an optional
 * threshold that fails the run, and the HTML access-matrix and Markdown reports.
 *
 * How decisions reach it: in `onRunStart` (which Jest calls before it starts its worker
 * processes) the reporter creates a fresh directory and names it in `JEST_IAM_RUN_DIR`; workers
 * inherit the variable, and every decision a jest-iam matcher or scenario cell checks is
 * appended as a JSON line to a file of that process in the directory (`recordDecision`). In
 * `onRunComplete` the reporter reads the directory, reports, and removes it. With the IAM
 * cross-check on, each test file leaves its cross-check counts there too: the reporter prints the
 * run's cross-check line and fails the run when IAM compared no cell of it (unless `jest-iam
 * live` runs Jest, which does both itself).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderHtmlReport } from '../report/html-report';
import { readRunRecords, RUN_DIR_ENV } from '../coverage/run-records';
import { unifyPrincipalNames } from '../coverage/principal-names';
import { reportCells } from './report-cells';
import { formatRunSummaryMarkdown } from '../report/run-summary-markdown';
import { markdownText } from '../report/markdown-escape';
import { formatCoverageText, formatPercent, statementCoverage, type StatementCoverage } from '../coverage/statement-coverage';
import { expandPolicyGlobs } from './policy-glob';
import { readReporterOptions, type IamReporterOptions } from './reporter-options';
import { partialRun, taggedReportPath, type PartialRun, type SelectingConfig } from './partial-run';
import { unloadedPolicyRecords } from './unloaded-policies';
import { CROSS_CHECK_RUN_DIR_ENV, readRunCounts, runSummary } from '../live/cross-check-run';

export type { IamReporterOptions };

/** The parts of Jest's global config the reporter reads. */
interface GlobalConfigLike extends SelectingConfig {
  rootDir?: string;
}

/** The parts of Jest's aggregated results the reporter reads. */
interface AggregatedResultsLike {
  numPassedTests?: number;
  numFailedTests?: number;
  numTotalTests?: number;
}

export default class JestIamReporter {
  private readonly options: IamReporterOptions;
  private readonly rootDir: string;
  /** Set when the run tests only a selection (-t, paths, watch, --onlyChanged, --shard). */
  private readonly partial: PartialRun | undefined;
  private dir: string | undefined;
  private error: Error | undefined;
  /** The last run's coverage (for tests and wrappers). */
  lastCoverage: StatementCoverage | undefined;

  constructor(globalConfig: GlobalConfigLike = {}, options?: unknown) {
    this.options = readReporterOptions(options);
    this.rootDir = globalConfig.rootDir ?? process.cwd();
    this.partial = partialRun(globalConfig);
  }

  onRunStart(): void {
    this.error = undefined;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-run-'));
    process.env[RUN_DIR_ENV] = this.dir;
  }

  onRunComplete(_contexts?: unknown, results: AggregatedResultsLike = {}): void {
    const dir = this.dir;
    if (!dir) return;
    const records = unifyPrincipalNames(readRunRecords(dir));
    const crossCheck = process.env[CROSS_CHECK_RUN_DIR_ENV] ? undefined : readRunCounts(dir);
    if (this.options.records) this.keepRecords(dir, this.partial?.tag);
    fs.rmSync(dir, { recursive: true, force: true });
    if (process.env[RUN_DIR_ENV] === dir) delete process.env[RUN_DIR_ENV];
    this.dir = undefined;
    // Policy files no test loaded count too, every statement uncovered (option `policies`).
    const unloaded = this.options.policies
      ? unloadedPolicyRecords(expandPolicyGlobs(this.options.policies, this.rootDir), records)
      : { records: [], errors: [] };
    const coverage = statementCoverage([...records, ...unloaded.records]);
    this.lastCoverage = coverage;
    if (unloaded.errors.length) {
      this.error = new Error(
        `jest-iam/reporter: option "policies" names files that are not valid policies:\n${unloaded.errors.map((e) => `  ${e}`).join('\n')}`,
      );
      process.stderr.write(`${this.error.message}\n`);
    }

    // A partial run reached only the statements its selection exercises: no threshold applies,
    // and its reports go beside the full run's (name.partial.html, name.shard-1-of-3.html).
    const partial = this.partial;
    const threshold = partial ? undefined : this.options.coverageThreshold;
    if (!this.options.silent) {
      process.stderr.write(`\n${formatCoverageText(coverage, threshold)}\n`);
      if (partial) {
        const skipped = this.options.coverageThreshold !== undefined ? `; coverage threshold (${this.options.coverageThreshold}%) not checked` : '';
        process.stderr.write(`jest-iam: partial run (${partial.reason}): coverage counts only the tests that ran${skipped}\n`);
      }
    }
    const tests = { passed: results.numPassedTests ?? 0, failed: results.numFailedTests ?? 0, total: results.numTotalTests ?? 0 };
    const reportFile = (file: string) => (partial ? taggedReportPath(file, partial.tag) : file);
    const partialNote = partial ? ` - partial run (${partial.reason})` : '';
    if (this.options.html) {
      const html = renderHtmlReport(reportCells(coverage), { title: `IAM access matrix (jest-iam)${partialNote}`, coverage, threshold });
      this.write(reportFile(this.options.html), html, 'HTML report');
    }
    const fullReport = this.options.html
      ? `the HTML report ${reportFile(this.options.html)}`
      : this.options.markdown
        ? `the Markdown summary ${reportFile(this.options.markdown)}`
        : undefined;
    const summaryText = formatRunSummaryMarkdown(coverage, { threshold, tests, ...(fullReport ? { fullReport } : {}) });
    const markdown = partial
      ? summaryText.replace(
          /\n\n/,
          () => `\n\n_Partial run (${markdownText(partial.reason)}): coverage counts only the tests that ran; no threshold checked._\n\n`,
        )
      : summaryText;
    if (this.options.markdown) this.write(reportFile(this.options.markdown), markdown, 'Markdown summary');
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (summary && this.options.githubStepSummary !== false) {
      try {
        fs.appendFileSync(summary, `${markdown}\n`);
      } catch (e) {
        process.stderr.write(`jest-iam: cannot append to $GITHUB_STEP_SUMMARY (${summary}): ${(e as Error).message}\n`);
      }
    }
    if (crossCheck) {
      const run = runSummary(crossCheck);
      process.stderr.write(`${run.line}\n`);
      if (run.error) {
        this.error = new Error(`jest-iam: ${run.error}`);
        process.stderr.write(`${this.error.message}\n`);
      }
    }
    if (threshold !== undefined && coverage.total > 0 && coverage.percent < threshold) {
      this.error = new Error(
        `jest-iam: statement coverage ${formatPercent(coverage.percent)} is below the threshold of ${threshold}% (${coverage.uncovered.length} statements no test exercised)`,
      );
      process.stderr.write(`${this.error.message}\n`);
    }
  }

  /** Jest fails the run when a reporter returns an error here. */
  getLastError(): Error | undefined {
    return this.error;
  }

  /** Copies the run's record files to the `records` folder, named so that shards and machines never collide. */
  private keepRecords(dir: string, tag?: string): void {
    const target = path.resolve(this.rootDir, this.options.records!);
    try {
      fs.mkdirSync(target, { recursive: true });
      const stamp = `${tag ?? 'run'}-${process.pid}-${Date.now().toString(36)}`;
      for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) fs.copyFileSync(path.join(dir, f), path.join(target, `${stamp}-${f}`));
      if (!this.options.silent)
        process.stderr.write(
          `jest-iam: decision records kept in ${path.relative(process.cwd(), target) || target} (merge shards with jest-iam report merge)\n`,
        );
    } catch (e) {
      this.error = new Error(`jest-iam: cannot keep the decision records in ${target}: ${(e as Error).message}`);
      process.stderr.write(`${this.error.message}\n`);
    }
  }

  private write(file: string, text: string, what: string): void {
    const target = path.resolve(this.rootDir, file);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
      if (!this.options.silent) process.stderr.write(`jest-iam: ${what} written to ${path.relative(process.cwd(), target) || target}\n`);
    } catch (e) {
      this.error = new Error(`jest-iam: cannot write the ${what} to ${target}: ${(e as Error).message}`);
      process.stderr.write(`${this.error.message}\n`);
    }
  }
}
