import type { Decision, DecisionResult, StatementTrace } from '../engine/decision';
import { describe } from '../engine/evaluate';
import { formatPositionIn } from '../diagnostics/source-position';
import { ruleWording } from './rule-wording';

/**
 * Plain-text explanation of a decision, readable in a CI log without colour: the request, the
 * decision, the deciding statements with their source, and for a deny the statements that came
 * closest and exactly which element or condition key failed.
 */

export const RESULT_LABEL: Record<DecisionResult, string> = {
  Allow: 'Allow',
  ExplicitDeny: 'explicit Deny',
  ImplicitDeny: 'implicit Deny',
};

export interface ExplainOptions {
  /** How many near-miss statements to show for a deny (default 3). */
  closest?: number;
  /** Indent every line by this (default ''). */
  indent?: string;
}

export function formatRequest(d: Decision): string {
  const r = d.request;
  const parts = [`action ${r.action}`, `resource ${r.resource}`];
  if (r.principal) parts.push(`principal ${r.principal.given}`);
  // The request context says which keys the test gave; derived keys are not the test's words.
  const given = r.context.given();
  if (given.length) parts.push(`context {${given.map((c) => `${c.key}: ${c.multi ? `[${c.values.join(', ')}]` : c.values[0]}`).join(', ')}}`);
  return parts.join(', ');
}

/** Indents a statement's source text for display under a heading. */
function statementSource(t: StatementTrace, indent: string): string {
  return t.statement.text
    .split('\n')
    .map((l) => `${indent}    | ${l}`)
    .join('\n');
}

/**
 * How close a statement came, for ranking near misses: a statement that names the action
 * is closer than one that only matches the resource; then principal, resource, conditions.
 */
function closeness(t: StatementTrace): number {
  const weight: Partial<Record<string, number>> = { Action: 100, NotAction: 100, Principal: 30, NotPrincipal: 30, Resource: 20, NotResource: 20, Condition: 5 };
  let score = 0;
  for (const c of t.checks) if (c.matched) score += weight[c.element] ?? 1;
  return score + t.conditions.filter((c) => c.matched).length;
}

export function explainDecision(d: Decision, options: ExplainOptions = {}): string {
  const ind = options.indent ?? '';
  const lines: string[] = [];
  lines.push(`${ind}Request:  ${formatRequest(d)}`);
  lines.push(`${ind}Decision: ${RESULT_LABEL[d.result]} (${d.summary})`);
  const rule = ruleWording(d.rule);
  if (rule) lines.push(`${ind}Rule:     ${rule}`);
  for (const n of d.notes) lines.push(`${ind}Note:     ${n}`);
  for (const t of d.deciding) {
    lines.push(`${ind}Deciding: ${describe(t)}`);
    lines.push(statementSource(t, ind));
  }
  // An explicit deny cannot be overridden by any allow, so near-miss allows would only be noise.
  if (d.result === 'ImplicitDeny') {
    const misses = d.trace
      .filter((t) => !t.applies && t.statement.effect === 'Allow')
      .sort((a, b) => closeness(b) - closeness(a))
      .slice(0, options.closest ?? 3);
    if (misses.length) {
      lines.push(`${ind}Closest allow statements that did not apply:`);
      for (const t of misses) {
        lines.push(`${ind}  - ${describe(t)}`);
        for (const c of t.checks.filter((x) => !x.matched)) {
          const at = c.element === 'Condition' ? '' : t.statement.elements[c.element] ? ` [${formatPositionIn(t.statement.elements[c.element], t.policy.name)}]` : '';
          lines.push(`${ind}      ${c.element}: ${c.detail}${at}`);
        }
        for (const o of t.conditions.filter((x) => !x.matched)) {
          if (o.clause.keyPos) lines.push(`${ind}      condition key ${o.clause.key} at ${formatPositionIn(o.clause.keyPos, t.policy.name)}`);
        }
      }
    } else if (!d.trace.some((t) => t.statement.effect === 'Allow')) {
      lines.push(`${ind}No policy in the set has an Allow statement.`);
    }
  }
  return lines.join('\n');
}

/** One line per statement: why it did or did not apply. */
export function traceLines(d: Decision): string[] {
  return d.trace.map((t) => `${t.applies ? 'applies ' : 'skipped '} ${t.statement.effect.padEnd(5)} ${describe(t)}: ${t.reason}`);
}
