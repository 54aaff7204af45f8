/**
 * The words for a proof: the verdict, each counterexample request with the statements that allow
 * it and the evaluator's usual explanation, and why parts were left UNKNOWN.
 */

import { explainDecision } from '../explain/explain-decision';
import { statementRef } from '../explain/statement-ref';
import { formatStatementRef } from '../explain/decision-wording';
import type { ProofResult, ProofWitness } from './prove';

/** `s3:GetObject on arn:aws:s3:::lake/x with aws:PrincipalTag/team=data` */
export function formatWitnessRequest(w: ProofWitness): string {
  const r = w.request;
  const ctx = Object.entries(r.context ?? {}).filter(([, v]) => v !== null && v !== undefined);
  const context = ctx.length ? ` with ${ctx.map(([k, v]) => `${k}=${Array.isArray(v) ? JSON.stringify(v) : JSON.stringify(String(v))}`).join(', ')}` : '';
  return `${r.action} on ${r.resource}${r.principal ? ` as ${r.principal}` : ''}${context}`;
}

/**
 * One counterexample: the request, the allowing statements of the set that allows it, and the
 * full explanation of each set's decision. `labels` names the sets (e.g. candidate, baseline).
 */
export function formatWitness(w: ProofWitness, labels: readonly string[], indent = '  '): string {
  const lines = [`${formatWitnessRequest(w)}`];
  w.decisions.forEach((d, i) => {
    lines.push(`${indent}${labels[i] ?? `set ${i + 1}`}: ${d.result}`);
    if (d.result === 'Allow')
      for (const t of d.deciding.filter((t) => t.statement.effect === 'Allow')) lines.push(`${indent}  allowed by ${formatStatementRef(statementRef(t))}`);
  });
  for (const d of w.decisions) lines.push(explainDecision(d, { indent: `${indent}  ` }));
  return lines.join('\n');
}

/** The reasons of an UNKNOWN verdict, one line per action and principal (the first `max`). */
export function formatUnknown(r: ProofResult, max = 10): string {
  const shown = r.unknown.slice(0, max).map((u) => `  ${u.action}${u.principal ? ` as ${u.principal}` : ''}: ${u.reason}`);
  if (r.unknown.length > max) shown.push(`  ... and ${r.unknown.length - max} more`);
  return shown.join('\n');
}
