import * as fs from 'node:fs';
import * as path from 'node:path';
import { unifyPrincipalNames } from '../coverage/principal-names';
import { readRunRecords, type RunRecord } from '../coverage/run-records';
import { formatCoverageText, formatPercent, statementCoverage } from '../coverage/statement-coverage';
import { InputError } from '../policy-sources/read-policy-source';
import { renderHtmlReport } from '../report/html-report';
import { formatRunSummaryMarkdown } from '../report/run-summary-markdown';
import { reportCells } from '../reporter/report-cells';
import { EXIT, UsageError, type CliIo } from './cli-io';
import { writeOutput } from './write-output';

/**
 * `jest-iam report merge DIR...`: one report from the decision records of several Jest runs
 * (the reporter's `records` option), typically the shards of `jest --shard=i/n` on several CI
 * machines: statement coverage over all of them, the HTML access matrix and the Markdown summary.
 * Each folder's files come from distinct Jest processes, so nothing is counted twice; a
 * statement covered by any shard is covered.
 */
export function reportCommand(inputs: string[], flags: Record<string, unknown>, io: CliIo): number {
  const [sub, ...dirs] = inputs;
  if (sub !== 'merge')
    throw new UsageError(
      sub === undefined ? 'report needs a subcommand: jest-iam report merge DIR...' : `unknown report subcommand ${JSON.stringify(sub)}; use merge`,
      'report',
    );
  if (!dirs.length) throw new UsageError('report merge needs the folders of decision records to merge (the reporter option records)', 'report');
  const given = flags['coverage-threshold'];
  // Number("") is 0: an empty value would pass every run.
  const threshold = given === undefined ? undefined : typeof given === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(given) ? Number(given) : NaN;
  if (threshold !== undefined && (!Number.isFinite(threshold) || threshold < 0 || threshold > 100))
    throw new UsageError(`--coverage-threshold takes a percentage from 0 to 100, got ${JSON.stringify(flags['coverage-threshold'])}`, 'report');
  const records: RunRecord[] = [];
  for (const dir of dirs) {
    const full = path.resolve(io.cwd, dir);
    const st = fs.statSync(full, { throwIfNoEntry: false });
    if (!st?.isDirectory()) throw new InputError(`${dir}: ${st ? 'not a folder' : 'no such folder'} (give the folders the reporter's records option wrote)`);
    const found = readRunRecords(full, (file, why) => {
      throw new InputError(`${path.join(dir, file)}: cannot read the record file: ${why}`);
    });
    if (!found.length) throw new InputError(`${dir}: holds no jest-iam decision records (*.jsonl)`);
    records.push(...found);
  }
  const coverage = statementCoverage(unifyPrincipalNames(records));
  const html = typeof flags.html === 'string' ? flags.html : undefined;
  const markdown = typeof flags.markdown === 'string' ? flags.markdown : undefined;
  if (html)
    writeOutput(
      io,
      html,
      renderHtmlReport(reportCells(coverage), {
        title: `IAM access matrix (jest-iam, ${dirs.length} runs merged)`,
        coverage,
        ...(threshold !== undefined ? { threshold } : {}),
      }),
    );
  if (markdown)
    writeOutput(
      io,
      markdown,
      formatRunSummaryMarkdown(coverage, {
        ...(threshold !== undefined ? { threshold } : {}),
        ...(html ? { fullReport: `the HTML report ${html}` } : {}),
      }).trimEnd(),
    );
  io.out(
    `${formatCoverageText(coverage, threshold)}\nmerged ${records.filter((r) => r.t === 'cell').length} decisions from ${dirs.length} folder${dirs.length === 1 ? '' : 's'}`,
  );
  if (threshold !== undefined && coverage.total > 0 && coverage.percent < threshold) {
    io.err(`jest-iam: statement coverage ${formatPercent(coverage.percent)} is below the threshold of ${threshold}%`);
    return EXIT.findings;
  }
  return EXIT.ok;
}
