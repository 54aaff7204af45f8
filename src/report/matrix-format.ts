import { markdownCode, markdownText } from './markdown-escape';
import { conditionsText, serviceOf, variablesText, type AccessCell, type AccessMatrix } from '../analysis/access-matrix';
import { CELL_OUTCOMES, OUTCOME_LABEL } from '../analysis/cell-outcome';
import { explainDecision, formatRequest } from '../explain/explain-decision';
import { renderHtmlReport, type ReportCell } from './html-report';
import { fitMarkdown } from './markdown-limit';
import { statementRef } from '../explain/statement-ref';
import { describeDecision, formatStatementRef } from '../explain/decision-wording';

/** Output formats of `jest-iam matrix`. */
export type MatrixFormat = 'text' | 'json' | 'markdown' | 'html';

/** The statements that decide a cell, as `file:line:col, statement Sid (...)`. */
function decidedBy(c: AccessCell): string {
  if (c.outcome === 'conditional') return c.conditionalAllows.map((t) => formatStatementRef(statementRef(t))).join('; ');
  // A refusal of the service itself (Block Public Access, an AWS-protected resource) has no statement: its summary says which rule.
  if (c.decision.serviceDenial) return describeDecision(c.decision);
  return c.decision.deciding.map((t) => formatStatementRef(statementRef(t))).join('; ');
}

function request(c: AccessCell): string {
  const v = variablesText(c.variables);
  return `${c.action} on ${c.resource}${v ? ` with ${v}` : ''}`;
}

const order = (a: AccessCell, b: AccessCell) =>
  (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0) ||
  (serviceOf(a.action) < serviceOf(b.action) ? -1 : serviceOf(a.action) > serviceOf(b.action) ? 1 : 0) ||
  CELL_OUTCOMES.indexOf(a.outcome) - CELL_OUTCOMES.indexOf(b.outcome) ||
  (a.action < b.action ? -1 : a.action > b.action ? 1 : 0) ||
  (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0);

/**
 * Text table: per principal and service, the allowed, conditionally allowed and explicitly
 * denied cells with their deciding statements, then a count of the implicit denies.
 */
export function formatMatrixText(m: AccessMatrix): string {
  const lines = [`Access matrix: ${m.cells.length} cells (${m.scope.description})`];
  const cells = [...m.cells].sort(order);
  for (const principal of m.principals) {
    lines.push('', `== ${principal} ==`);
    const mine = cells.filter((c) => c.principal === principal);
    for (const service of [...new Set(mine.map((c) => serviceOf(c.action)))]) {
      const here = mine.filter((c) => serviceOf(c.action) === service);
      lines.push(`[${service}]`);
      for (const c of here) {
        if (c.outcome === 'implicit-deny') continue;
        const cond = c.outcome === 'conditional' ? ` if ${conditionsText(c)}` : '';
        lines.push(`  ${OUTCOME_LABEL[c.outcome].padEnd(22)} ${request(c)}${cond}`, `  ${''.padEnd(22)}   by ${decidedBy(c)}`);
      }
      const implicit = here.filter((c) => c.outcome === 'implicit-deny');
      // The reason once per group of cells denied for it, most cells first.
      const reasons = new Map<string, number>();
      for (const c of implicit) {
        const reason = describeDecision(c.decision);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      const groups = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const count = `${implicit.length} other cell${implicit.length === 1 ? '' : 's'}`;
      if (!implicit.length) continue;
      if (groups.length === 1) lines.push(`  ${'implicit deny'.padEnd(22)} ${count}: ${groups[0][0]}`);
      else lines.push(`  ${'implicit deny'.padEnd(22)} ${count}`, ...groups.map(([why, n]) => `  ${''.padEnd(22)}   ${n}: ${why}`));
    }
  }
  return lines.join('\n');
}

/** JSON: every cell with its outcome and deciding statements. */
export function formatMatrixJson(m: AccessMatrix): string {
  return JSON.stringify(
    {
      scope: m.scope.description,
      principals: m.principals,
      cells: [...m.cells].sort(order).map((c) => ({
        principal: c.principal,
        action: c.action,
        resource: c.resource,
        ...(Object.keys(c.variables).length ? { variables: c.variables } : {}),
        outcome: c.outcome,
        ...(c.outcome === 'conditional' ? { conditions: conditionsText(c) } : {}),
        statements: (c.outcome === 'conditional' ? c.conditionalAllows : c.decision.deciding).map(statementRef),
      })),
    },
    null,
    2,
  );
}

/** Markdown: one table per principal of the cells that are not implicit denies. */
export function formatMatrixMarkdown(m: AccessMatrix): string {
  const esc = markdownText;
  const lines = [`### IAM access matrix`, '', `${m.cells.length} cells (${esc(m.scope.description)}).`];
  const cells = [...m.cells].sort(order);
  for (const principal of m.principals) {
    const mine = cells.filter((c) => c.principal === principal);
    lines.push('', `#### ${esc(principal)}`, '', '| Decision | Action | Resource | Statement |', '| --- | --- | --- | --- |');
    for (const c of mine.filter((x) => x.outcome !== 'implicit-deny')) {
      const cond = c.outcome === 'conditional' ? ` if ${esc(conditionsText(c))}` : '';
      lines.push(`| ${OUTCOME_LABEL[c.outcome]}${cond} | ${markdownCode(c.action)} | ${markdownCode(c.resource)} | ${esc(decidedBy(c))} |`);
    }
    lines.push('', `${mine.filter((c) => c.outcome === 'implicit-deny').length} other cells are implicitly denied.`);
  }
  return lines.join('\n');
}

/** The cells of a matrix for the HTML page, each with its explanation. */
export function matrixReportCells(m: AccessMatrix): ReportCell[] {
  return m.cells.map((c) => ({
    principal: c.principal,
    action: c.action,
    resource: c.resource,
    outcome: c.outcome,
    request: formatRequest(c.decision),
    explanation:
      c.outcome === 'conditional' ? `${explainDecision(c.decision)}\nAllowed if ${conditionsText(c)} (${decidedBy(c)}).` : explainDecision(c.decision),
    ...(c.outcome === 'conditional' ? { condition: conditionsText(c) } : {}),
  }));
}

/** The matrix in the requested format. */
export function formatMatrix(m: AccessMatrix, format: MatrixFormat): string {
  switch (format) {
    case 'json':
      return formatMatrixJson(m);
    case 'markdown':
      return fitMarkdown(formatMatrixMarkdown(m), { fullReport: 'in `jest-iam matrix --format html` (or json) of the same inputs' });
    case 'html':
      return renderHtmlReport(matrixReportCells(m), { title: 'IAM access matrix' });
    default:
      return formatMatrixText(m);
  }
}
