/**
 * Statement coverage over a test run, like `opa test --coverage` for Rego: a statement is
 * covered when it decided at least one checked request (it was the explicit Deny that denied it,
 * or an Allow that granted it). A statement no test exercised is either untested or dead.
 */

import type { CellRecord, PolicyRecord, RecordedStatement, RunRecord } from './run-records';

export interface CoveredStatement extends RecordedStatement {
  policy: string;
  file?: string;
  /** Requests this statement decided. */
  hits: number;
}

export interface PolicyCoverage {
  key: string;
  name: string;
  file?: string;
  statements: CoveredStatement[];
  /** Named by the reporter's `policies` option, and loaded by no test. */
  unloaded?: boolean;
}

export interface StatementCoverage {
  policies: PolicyCoverage[];
  total: number;
  covered: number;
  /** 0..100; 100 when there is nothing to cover. */
  percent: number;
  uncovered: CoveredStatement[];
  /** Every cell recorded (after removing duplicates from repeated assertions). */
  cells: CellRecord[];
}

/** Computes coverage from a run's records. Policies are listed by file (or name), then version. */
export function statementCoverage(records: readonly RunRecord[]): StatementCoverage {
  const policies = new Map<string, PolicyRecord>();
  const cells: CellRecord[] = [];
  const seenCells = new Set<string>();
  for (const r of records) {
    if (r.t === 'policy') policies.set(r.key, r);
    else {
      const id = `${r.principal}\0${r.request}\0${r.outcome}\0${r.deciding.join(',')}\0${r.test ?? ''}`;
      if (!seenCells.has(id)) {
        seenCells.add(id);
        cells.push(r);
      }
    }
  }
  const hits = new Map<string, number>();
  for (const c of cells) for (const d of c.deciding) hits.set(d, (hits.get(d) ?? 0) + 1);
  const list: PolicyCoverage[] = [...policies.values()]
    .sort((a, b) => ((a.file ?? a.name) < (b.file ?? b.name) ? -1 : (a.file ?? a.name) > (b.file ?? b.name) ? 1 : a.key < b.key ? -1 : 1))
    .map((p) => ({
      key: p.key,
      name: p.name,
      ...(p.file !== undefined ? { file: p.file } : {}),
      ...(p.unloaded ? { unloaded: true } : {}),
      statements: p.statements.map((s) => ({ ...s, policy: p.name, ...(p.file !== undefined ? { file: p.file } : {}), hits: hits.get(`${p.key}#${s.index}`) ?? 0 })),
    }));
  const all = list.flatMap((p) => p.statements);
  const covered = all.filter((s) => s.hits > 0).length;
  return {
    policies: list,
    total: all.length,
    covered,
    percent: all.length ? (covered / all.length) * 100 : 100,
    uncovered: all.filter((s) => s.hits === 0),
    cells,
  };
}

/** `policies/role.json:12:5 (Sid SpecificProject)` or `role.json statement #3` */
export function formatCoveredStatement(s: CoveredStatement): string {
  const where = s.line !== undefined ? `${s.file ?? s.policy}:${s.line}:${s.column}` : `${s.file ?? s.policy}`;
  return `${where} ${s.sid ? `(Sid ${s.sid})` : `(statement #${s.index + 1})`} ${s.effect}`;
}

/** `80.0%` */
export function formatPercent(p: number): string {
  return `${(Math.floor(p * 10) / 10).toFixed(1)}%`;
}

/** The console summary: a percentage line and the uncovered statements. */
export function formatCoverageText(c: StatementCoverage, threshold?: number): string {
  const lines = [`jest-iam statement coverage: ${c.covered}/${c.total} statements (${formatPercent(c.percent)})${threshold !== undefined ? `, threshold ${threshold}%` : ''}`];
  if (!c.total) lines.push('  no policy statements were evaluated by jest-iam matchers or scenario files in this run');
  for (const p of c.policies) {
    const n = p.statements.filter((s) => s.hits > 0).length;
    lines.push(`  ${p.file ?? p.name}: ${n}/${p.statements.length}${p.unloaded ? ' (no test loads this policy)' : ''}`);
  }
  if (c.uncovered.length) {
    lines.push('Statements no test exercised:');
    for (const s of c.uncovered) lines.push(`  ${formatCoveredStatement(s)}`);
  }
  return lines.join('\n');
}
