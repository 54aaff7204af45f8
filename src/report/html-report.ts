/**
 * A self-contained HTML page of an access matrix: one table per principal, actions down,
 * resources across, each cell coloured by its decision and linking to the decision's
 * explanation further down the page. No script and no external resource, so it opens from a CI
 * artifact as it is.
 */

import { CELL_OUTCOMES, OUTCOME_LABEL, type CellOutcome } from '../analysis/cell-outcome';
import { formatCoveredStatement, formatPercent, type StatementCoverage } from '../coverage/statement-coverage';

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
  /** For an allow under condition: the condition that grants it, shown once in the cell. */
  condition?: string;
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

/** The ARN without `arn:partition:`: service, region, account and resource. */
function longResource(arn: string): string {
  return arn.startsWith('arn:') ? arn.split(':').slice(2).join(':') : arn;
}

/**
 * Column headings that tell every resource apart: the short resource part, or where two
 * resources share it (`table/Orders` in two regions or accounts), service, region and account too.
 */
export function columnHeadings(resources: readonly string[]): Map<string, string> {
  const short = new Map(resources.map((r) => [r, shortResource(r)]));
  const counts = new Map<string, number>();
  for (const v of short.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
  return new Map(resources.map((r) => [r, counts.get(short.get(r)!)! > 1 ? longResource(r) : short.get(r)!]));
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

/** `rekognition` from `rekognition:DetectCustomLabels`. */
const serviceOfAction = (action: string) => action.slice(0, action.indexOf(':')).toLowerCase() || action;

/** The decision line of a cell's explanation, which says why: `explicit Deny (explicitly denied by ...)`. */
function reasonOf(c: ReportCell): string {
  const line = /^\s*Decision:\s*(.*)$/m.exec(c.explanation)?.[1];
  return line ?? OUTCOME_LABEL[c.outcome];
}

/** The Condition lines of an allow under condition, for showing the condition once in its cell. */
function conditionOf(c: ReportCell): string | undefined {
  if (c.outcome !== 'conditional') return undefined;
  return c.condition ?? /^Allowed if (.*) \(/m.exec(c.explanation)?.[1];
}

/**
 * Filters need no script: each is a checkbox, and a `:has()` rule hides what is unchecked, so
 * the page stays one file that reads the same with JavaScript off (every box starts checked, so
 * a browser without `:has()` simply shows everything).
 */
function filterRules(ids: { decisions: string[]; principals: number; services: number }): string {
  const rules: string[] = [];
  for (const o of ids.decisions)
    rules.push(`body:has(#f-${o}:not(:checked)) :is(td.cell.${o},details.fold.o-${o},details.explanations.o-${o},article.explanation.${o}){display:none}`);
  for (let i = 0; i < ids.principals; i++) rules.push(`body:has(#f-p${i}:not(:checked)) .p${i}{display:none}`);
  for (let i = 0; i < ids.services; i++) rules.push(`body:has(#f-s${i}:not(:checked)) .s${i}{display:none}`);
  return rules.join('\n');
}

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem;color:#212121}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3.service{font-size:1rem;margin:1rem 0 .3rem}
.legend span{display:inline-block;padding:.15rem .5rem;margin-right:.5rem;border-radius:3px}
fieldset.filters{border:1px solid #bdbdbd;margin:.5rem 0;padding:.3rem .6rem}fieldset.filters label{margin-right:.8rem;white-space:nowrap}
.scroll{overflow-x:auto}
table.matrix{border-collapse:collapse;font-size:.85rem;margin-bottom:.4rem}
table.matrix th,table.matrix td{border:1px solid #bdbdbd;padding:.25rem .4rem;text-align:left;vertical-align:top}
table.matrix thead th{font-weight:600;max-width:14rem;word-break:break-all}
table.matrix tbody th{font-family:ui-monospace,monospace;font-weight:500;white-space:nowrap}
td.cell a{display:block;text-decoration:none;font-weight:600;color:inherit}
td.cell a.more{display:inline;font-weight:400;font-size:.75rem;margin-right:.25rem}
td.cell .condition{display:block;font-family:ui-monospace,monospace;font-size:.75rem;font-weight:400}
td.empty{background:#fafafa}
details.fold{margin:.3rem 0 .6rem}details.fold>summary{cursor:pointer;padding:.2rem .4rem}
details.explanations{margin:.6rem 0}details.explanations>summary{cursor:pointer;padding:.2rem .4rem;font-weight:600}
${CELL_OUTCOMES.map((o) => `td.${o},span.${o},summary.${o}{background:${COLOURS[o].bg};color:${COLOURS[o].fg}}`).join('\n')}
article.explanation{border-left:4px solid #bdbdbd;padding:.25rem 1rem;margin:1rem 0}
article.explanation:target{border-left-color:#1565c0;background:#e3f2fd}
${CELL_OUTCOMES.map((o) => `article.${o}{border-left-color:${COLOURS[o].fg}}`).join('\n')}
pre{white-space:pre-wrap;font-size:.8rem}
table.coverage{border-collapse:collapse}table.coverage td,table.coverage th{border:1px solid #bdbdbd;padding:.2rem .5rem}
`;

/**
 * Renders the page. Cells are numbered in principal, action, resource order (`#cell-1`, ...).
 * Per principal and service, actions whose every cell is an implicit deny are folded into one
 * collapsed group, and actions explicitly denied everywhere for the same reason (a boundary or
 * SCP that denies a whole service) into one group under that reason, so the cells that differ
 * stand out; every cell keeps its link and its explanation.
 */
export function renderHtmlReport(cells: readonly ReportCell[], options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'IAM access matrix';
  const byPrincipal = group(cells, (c) => c.principal);
  const principalNames = sorted(byPrincipal.keys());
  const serviceNames = sorted(new Set(cells.map((c) => serviceOfAction(c.action))));
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}\n${filterRules({ decisions: [...CELL_OUTCOMES], principals: principalNames.length, services: serviceNames.length })}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
  ];
  const counts = CELL_OUTCOMES.map((o) => `${cells.filter((c) => c.outcome === o).length} ${OUTCOME_LABEL[o]}`).join(', ');
  out.push(`<p class="summary">${cells.length} decisions: ${escapeHtml(counts)}.</p>`);
  out.push(`<p class="legend">${CELL_OUTCOMES.map((o) => `<span class="${o}">${escapeHtml(OUTCOME_LABEL[o])}</span>`).join('')}</p>`);
  const box = (id: string, label: string, cls: string) => `<label><input type="checkbox" id="${id}" class="${cls}" checked> ${escapeHtml(label)}</label>`;
  out.push('<form class="filters" aria-label="filters">');
  out.push(
    `<fieldset class="filters" id="filter-decision"><legend>Decision</legend>${CELL_OUTCOMES.map((o) => box(`f-${o}`, OUTCOME_LABEL[o], 'f-decision')).join('')}</fieldset>`,
  );
  out.push(
    `<fieldset class="filters" id="filter-principal"><legend>Principal</legend>${principalNames.map((p, i) => box(`f-p${i}`, p, 'f-principal')).join('')}</fieldset>`,
  );
  out.push(
    `<fieldset class="filters" id="filter-service"><legend>Service</legend>${serviceNames.map((s, i) => box(`f-s${i}`, s, 'f-service')).join('')}</fieldset>`,
  );
  out.push('</form>');
  if (options.coverage) out.push(coverageSection(options.coverage, options.threshold));

  // Explanations grouped per principal and decision: `${pi}\0${outcome}` -> articles.
  const explanations = new Map<string, string[]>();
  let n = 0;
  principalNames.forEach((principal, pi) => {
    const list = byPrincipal.get(principal)!;
    out.push(`<section class="principal p${pi}"><h2>${escapeHtml(principal)}</h2>`);
    const byService = group(list, (c) => serviceOfAction(c.action));
    for (const service of sorted(byService.keys())) {
      const si = serviceNames.indexOf(service);
      const mine = byService.get(service)!;
      const resources = sorted(new Set(mine.map((c) => c.resource)));
      const headings = columnHeadings(resources);
      const at = group(mine, (c) => `${c.action}\0${c.resource}`);
      const head = `<thead><tr><th scope="col">Action \\ Resource</th>${resources.map((r) => `<th scope="col" title="${escapeHtml(r)}">${escapeHtml(headings.get(r)!)}</th>`).join('')}</tr></thead>`;
      const row = (action: string): string => {
        const tds: string[] = [];
        for (const resource of resources) {
          const here = at.get(`${action}\0${resource}`);
          if (!here) {
            tds.push('<td class="empty"></td>');
            continue;
          }
          // Several contexts for one action and resource: worst first, each outcome named once.
          const ordered = [...here].sort((a, b) => CELL_OUTCOMES.indexOf(b.outcome) - CELL_OUTCOMES.indexOf(a.outcome));
          const named = new Set<CellOutcome>();
          const conditions = new Set<string>();
          const links = ordered.map((c) => {
            const id = `cell-${++n}`;
            const bucket = `${pi}\0${c.outcome}`;
            if (!explanations.has(bucket)) explanations.set(bucket, []);
            explanations
              .get(bucket)!
              .push(
                `<article class="explanation ${c.outcome} p${pi} s${si}" id="${id}"><h3>${escapeHtml(principal)}: ${escapeHtml(OUTCOME_LABEL[c.outcome])}</h3>` +
                  `<p>${escapeHtml(c.request)}</p>` +
                  (c.tests?.length ? `<p>Checked by: ${c.tests.map(escapeHtml).join('; ')}</p>` : '') +
                  `<pre>${escapeHtml(c.explanation)}</pre></article>`,
              );
            const condition = conditionOf(c);
            if (condition) conditions.add(condition);
            if (named.has(c.outcome)) return `<a class="more" href="#${id}" title="${escapeHtml(c.request)}">+${named.size}</a>`;
            named.add(c.outcome);
            return `<a href="#${id}" title="${escapeHtml(c.request)}">${escapeHtml(OUTCOME_LABEL[c.outcome])}</a>`;
          });
          const condition = [...conditions].map((t) => `<span class="condition">${escapeHtml(t)}</span>`).join('');
          tds.push(`<td class="cell ${ordered[0].outcome}">${links.join('')}${condition}</td>`);
        }
        return `<tr><th scope="row">${escapeHtml(action)}</th>${tds.join('')}</tr>`;
      };
      const table = (actions: string[]) => `<div class="scroll"><table class="matrix">${head}<tbody>${actions.map(row).join('')}</tbody></table></div>`;
      // Fold the rows that say the same thing: all implicit deny, or all explicit deny for one reason.
      const plain: string[] = [];
      const folds = new Map<string, { outcome: CellOutcome; reason: string; actions: string[] }>();
      for (const action of sorted(new Set(mine.map((c) => c.action)))) {
        const rowCells = mine.filter((c) => c.action === action);
        const outcomes = new Set(rowCells.map((c) => c.outcome));
        const reasons = new Set(rowCells.map(reasonOf));
        const only = outcomes.size === 1 ? [...outcomes][0] : undefined;
        if (only === 'implicit-deny') {
          const f = folds.get('implicit') ?? { outcome: only, reason: 'implicit deny: no statement allows these requests', actions: [] };
          f.actions.push(action);
          folds.set('implicit', f);
        } else if (only === 'explicit-deny' && reasons.size === 1) {
          const reason = [...reasons][0];
          const f = folds.get(`explicit\0${reason}`) ?? { outcome: only, reason, actions: [] };
          f.actions.push(action);
          folds.set(`explicit\0${reason}`, f);
        } else plain.push(action);
      }
      // A lone explicitly denied action stays a plain row: there is nothing to fold it with.
      for (const [k, f] of folds) {
        if (f.outcome === 'explicit-deny' && f.actions.length < 2) {
          plain.push(...f.actions);
          folds.delete(k);
        }
      }
      out.push(`<div class="service s${si}"><h3 class="service">${escapeHtml(service)}</h3>`);
      if (plain.length) out.push(table(sorted(plain)));
      for (const f of folds.values()) {
        const count = f.actions.reduce((sum, a) => sum + mine.filter((c) => c.action === a).length, 0);
        out.push(
          `<details class="fold o-${f.outcome}"><summary class="${f.outcome}">${f.actions.length} action${f.actions.length === 1 ? '' : 's'}, ${count} cell${count === 1 ? '' : 's'}: ${escapeHtml(f.reason)}</summary>${table(f.actions)}</details>`,
        );
      }
      out.push('</div>');
    }
    out.push('</section>');
  });
  if (!cells.length) out.push('<p>No decisions were recorded.</p>');
  out.push('<section id="explanations"><h2>Explanations</h2>');
  // Folded per principal and decision; the implicit denies, usually most of the page, start
  // closed. A link to a cell's explanation opens its group (HTML Living Standard, "details"
  // element: ancestor details are expanded when scrolling to a fragment).
  principalNames.forEach((principal, pi) => {
    for (const o of CELL_OUTCOMES) {
      const articles = explanations.get(`${pi}\0${o}`);
      if (!articles) continue;
      out.push(
        `<details class="explanations o-${o} p${pi}"${o === 'implicit-deny' ? '' : ' open'}><summary class="${o}">${escapeHtml(principal)}: ${articles.length} ${escapeHtml(OUTCOME_LABEL[o])} explanation${articles.length === 1 ? '' : 's'}</summary>`,
        ...articles,
        '</details>',
      );
    }
  });
  out.push('</section>');
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
