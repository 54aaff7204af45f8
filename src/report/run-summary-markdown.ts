import { CELL_OUTCOMES, OUTCOME_LABEL } from '../analysis/cell-outcome';
import { markdownCode, markdownText } from './markdown-escape';
import { fitMarkdown } from './markdown-limit';
import { formatCoveredStatement, formatPercent, type StatementCoverage } from '../coverage/statement-coverage';

/** Test counts of a run, as Jest's aggregated results give them. */
export interface RunTestCounts {
  passed: number;
  failed: number;
  total: number;
}

/** Principal names and statements come from scenario files: escaped as text (markdown-escape.ts). */
const md = markdownText;

/**
 * A Markdown summary of a jest-iam run for a pull-request comment or `$GITHUB_STEP_SUMMARY`:
 * decisions by outcome and principal, statement coverage against the threshold, and the
 * statements no test exercised.
 */
export function formatRunSummaryMarkdown(
  coverage: StatementCoverage,
  options: { threshold?: number; tests?: RunTestCounts; fullReport?: string; limit?: number } = {},
): string {
  const cells = coverage.cells;
  const lines = ['## jest-iam: IAM policy tests', ''];
  if (options.tests) lines.push(`Tests: ${options.tests.passed} passed, ${options.tests.failed} failed, ${options.tests.total} total.`, '');
  const met = options.threshold === undefined || coverage.percent >= options.threshold;
  const mark =
    options.threshold === undefined ? '' : met ? ` :white_check_mark: (threshold ${options.threshold}%)` : ` :x: below the threshold of ${options.threshold}%`;
  lines.push(`**Statement coverage: ${coverage.covered}/${coverage.total} (${formatPercent(coverage.percent)})**${mark}`, '');
  const principals = [...new Set(cells.map((c) => c.principal))].sort();
  lines.push(`| Principal | ${CELL_OUTCOMES.map((o) => OUTCOME_LABEL[o]).join(' | ')} |`, `| --- | ${CELL_OUTCOMES.map(() => '---:').join(' | ')} |`);
  for (const p of principals) {
    const mine = cells.filter((c) => c.principal === p);
    lines.push(`| ${md(p)} | ${CELL_OUTCOMES.map((o) => mine.filter((c) => c.outcome === o).length).join(' | ')} |`);
  }
  if (!principals.length) lines.push('| (no decisions recorded) | 0 | 0 | 0 | 0 |');
  if (coverage.uncovered.length) {
    lines.push('', `### Statements no test exercised (${coverage.uncovered.length})`, '', '| Statement | Effect |', '| --- | --- |');
    for (const s of coverage.uncovered) lines.push(`| ${markdownCode(formatCoveredStatement(s).replace(/ (Allow|Deny)$/, ''))} | ${s.effect} |`);
  }
  // A pull-request comment has a size limit; what does not fit is named, with where to find it.
  return fitMarkdown(lines.join('\n') + '\n', {
    ...(options.fullReport ? { fullReport: options.fullReport } : {}),
    ...(options.limit ? { limit: options.limit } : {}),
  });
}
