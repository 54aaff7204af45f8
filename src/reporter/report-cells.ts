import type { ReportCell } from '../report/html-report';
import type { StatementCoverage } from '../coverage/statement-coverage';

/** Groups recorded cells that are the same request, listing every test that checked it. */
export function reportCells(coverage: StatementCoverage): ReportCell[] {
  const byRequest = new Map<string, ReportCell>();
  for (const c of coverage.cells) {
    const key = `${c.principal}\0${c.request}\0${c.outcome}`;
    const have = byRequest.get(key);
    if (have) {
      if (c.test && !have.tests!.includes(c.test)) have.tests!.push(c.test);
      continue;
    }
    byRequest.set(key, {
      principal: c.principal,
      action: c.action,
      resource: c.resource,
      outcome: c.outcome,
      request: c.request,
      explanation: c.explanation,
      tests: c.test ? [c.test] : [],
    });
  }
  return [...byRequest.values()];
}
