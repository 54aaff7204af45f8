import { CELL_OUTCOMES, OUTCOME_LABEL, type CellOutcome } from '../analysis/cell-outcome';
import { formatCoveredStatement, formatPercent, type StatementCoverage } from '../coverage/statement-coverage';

/**
 * A self-contained HTML page of an access matrix: one table per principal, actions down,
 * resources across, each cell coloured by its decision and linking to the decision's
 * explanation further down the page. No script and no external resource, so it opens from a CI
 * artifact as it is.
 */

/** One cell of the page. Several cells may share principal, action and resource (other contexts). */
export interface ReportCell {
  principal: string;
  action: string;
  resource: string;
  outcome: CellOutcome;
  /** The request in one line. */
  request: string;
  explanation: string;
  /** Tests that checked it. */
  tests?: string[];
}

export interface HtmlReportOptions {
  title?: string;
  coverage?: StatementCoverage;
  /** Coverage threshold to show next to the percentage. */
  threshold?: number;
}

const COLOURS: Record<CellOutcome, { bg: string; fg: string }> = {
  allow: { bg: '#c8e6c9', fg: '#1b5e20' },
  conditional: { bg: '#fff3c4', fg: '#7a5c00' },
  'explicit-deny': { bg: '#ffcdd2', fg: '#b71c1c' },
  'implicit-deny': { bg: '#e0e0e0', fg: '#424242' },
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The part of an ARN after the fifth colon, for a narrow column heading. */
function shortResource(arn: string): string {
  let at = -1;
  for (let i = 0; i < 5; i++) {
    at = arn.indexOf(':', at + 1);
    if (at < 0) return arn;
  }
  return arn.slice(at + 1) || arn;
}

function group<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

const sorted = (xs: Iterable<string>) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem;color:#212121}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
.legend span{display:inline-block;padding:.15rem .5rem;margin-right:.5rem;border-radius:3px}
.scroll{overflow-x:auto}
table.matrix{border-collapse:collapse;font-size:.85rem}
table.matrix th,table.matrix td{border:1px solid #bdbdbd;padding:.25rem .4rem;text-align:left;vertical-align:top}
table.matrix thead th{font-weight:600;max-width:14rem;word-break:break-all}
table.matrix tbody th{font-family:ui-monospace,monospace;font-weight:500;white-space:nowrap}
td.cell a{display:block;text-decoration:none;font-weight:600;color:inherit}
td.empty{background:#fafafa}
${CELL_OUTCOMES.map((o) => `td.${o},span.${o}{background:${COLOURS[o].bg};color:${COLOURS[o].fg}}`).join('\n')}
article.explanation{border-left:4px solid #bdbdbd;padding:.25rem 1rem;margin:1rem 0}
article.explanation:target{border-left-color:#1565c0;background:#e3f2fd}
${CELL_OUTCOMES.map((o) => `article.${o}{border-left-color:${COLOURS[o].fg}}`).join('\n')}
pre{white-space:pre-wrap;font-size:.8rem}
table.coverage{border-collapse:collapse}table.coverage td,table.coverage th{border:1px solid #bdbdbd;padding:.2rem .5rem}
`;

/** Renders the page. Cells are numbered in principal, action, resource order (`#cell-1`, ...). */
export function renderHtmlReport(cells: readonly ReportCell[], options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'IAM access matrix';
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
  ];
  const counts = CELL_OUTCOMES.map((o) => `${cells.filter((c) => c.outcome === o).length} ${OUTCOME_LABEL[o]}`).join(', ');
  out.push(`<p class="summary">${cells.length} decisions: ${escapeHtml(counts)}.</p>`);
  out.push(`<p class="legend">${CELL_OUTCOMES.map((o) => `<span class="${o}">${escapeHtml(OUTCOME_LABEL[o])}</span>`).join('')}</p>`);
  if (options.coverage) out.push(coverageSection(options.coverage, options.threshold));

  const explanations: string[] = [];
  let n = 0;
  const byPrincipal = group(cells, (c) => c.principal);
  for (const principal of sorted(byPrincipal.keys())) {
    const list = byPrincipal.get(principal)!;
    const resources = sorted(new Set(list.map((c) => c.resource)));
    const actions = sorted(new Set(list.map((c) => c.action)));
    const at = group(list, (c) => `${c.action}\0${c.resource}`);
    out.push(`<section class="principal"><h2>${escapeHtml(principal)}</h2><div class="scroll"><table class="matrix">`);
    out.push(`<thead><tr><th scope="col">Action \\ Resource</th>${resources.map((r) => `<th scope="col" title="${escapeHtml(r)}">${escapeHtml(shortResource(r))}</th>`).join('')}</tr></thead><tbody>`);
    for (const action of actions) {
      const row = [`<tr><th scope="row">${escapeHtml(action)}</th>`];
      for (const resource of resources) {
        const here = at.get(`${action}\0${resource}`);
        if (!here) {
          row.push('<td class="empty"></td>');
          continue;
        }
        // Several contexts for one action and resource: the cell shows each, worst first.
        const ordered = [...here].sort((a, b) => CELL_OUTCOMES.indexOf(b.outcome) - CELL_OUTCOMES.indexOf(a.outcome));
        const links = ordered.map((c) => {
          const id = `cell-${++n}`;
          explanations.push(
            `<article class="explanation ${c.outcome}" id="${id}"><h3>${escapeHtml(principal)}: ${escapeHtml(OUTCOME_LABEL[c.outcome])}</h3>` +
              `<p>${escapeHtml(c.request)}</p>` +
              (c.tests?.length ? `<p>Checked by: ${c.tests.map(escapeHtml).join('; ')}</p>` : '') +
              `<pre>${escapeHtml(c.explanation)}</pre></article>`,
          );
          return `<a href="#${id}" title="${escapeHtml(c.request)}">${escapeHtml(OUTCOME_LABEL[c.outcome])}</a>`;
        });
        row.push(`<td class="cell ${ordered[0].outcome}">${links.join('')}</td>`);
      }
      row.push('</tr>');
      out.push(row.join(''));
    }
    out.push('</tbody></table></div></section>');
  }
  if (!cells.length) out.push('<p>No decisions were recorded.</p>');
  out.push('<section id="explanations"><h2>Explanations</h2>', ...explanations, '</section>');
  out.push('</body></html>');
  return out.join('\n');
}

function coverageSection(c: StatementCoverage, threshold?: number): string {
  const rows = c.uncovered.map((s) => `<tr><td>${escapeHtml(formatCoveredStatement(s))}</td></tr>`).join('');
  const limit = threshold !== undefined ? ` (threshold ${threshold}%)` : '';
  return (
    `<section id="coverage"><h2>Statement coverage</h2><p>${c.covered} of ${c.total} statements decided at least one request: ${formatPercent(c.percent)}${limit}.</p>` +
    (rows ? `<table class="coverage"><thead><tr><th>Statements no test exercised</th></tr></thead><tbody>${rows}</tbody></table>` : '') +
    '</section>'
  );
}
