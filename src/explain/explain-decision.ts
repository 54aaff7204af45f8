import type { Decision, DecisionResult, StatementTrace } from '../engine/decision';
import { resourcePolicyRequired } from '../engine/evaluate';
import { formatPositionIn } from '../diagnostics/source-position';
import {
  describeCheck,
  describeDecision,
  describeNote,
  describeStatement,
  describeTraceReason,
  REQUIRED_POLICY_WORDING,
  ruleWording,
} from './decision-wording';

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
function closeness(t: StatementTrace, service: string): number {
  const weight: Partial<Record<string, number>> = { Action: 100, NotAction: 100, Principal: 30, NotPrincipal: 30, Resource: 20, NotResource: 20, Condition: 5 };
  let score = 0;
  for (const c of t.checks) if (c.matched) score += weight[c.element] ?? 1;
  // A statement about the request's service concerns the request more than one about another
  // service, even when its action pattern missed (kms:Decrypt vs kms:Encrypt, not dynamodb:*).
  if ((t.statement.elements.Action ? (t.statement.action ?? []) : []).some((a) => a.value.toLowerCase().startsWith(`${service}:`))) score += 50;
  return score + t.conditions.filter((c) => c.matched).length;
}

/** Where a statement comes from, as the set keys of policySet() and scenario files name it. */
const SET_KEY: Record<string, string> = {
  identity: 'identity:',
  resource: 'resource:',
  boundary: 'boundary:',
  scp: 'scps:',
  rcp: 'rcps:',
  session: 'session:',
  endpoint: 'endpoint:',
};

/**
 * For an implicit deny, the layers of the policy set that have no allow for the request and what
 * to add: every one of them must allow (IAM User Guide, reference_policies_evaluation-logic.md;
 * orgs_manage_policies_scps_evaluation.md for SCP levels; a resource-based policy across
 * accounts, reference_policies_evaluation-logic-cross-account.md, and for KMS keys,
 * key-policies.md, "every KMS key must have exactly one key policy").
 */
export function missingLayers(d: Decision): string[] {
  if (d.result !== 'ImplicitDeny') return [];
  const action = d.request.action;
  const allowsIn = (role: string, level?: string) =>
    d.trace.some((t) => t.role === role && (level === undefined || t.level === level) && t.applies && t.statement.effect === 'Allow');
  const has = (role: string) => d.trace.some((t) => t.role === role);
  const out: string[] = [];
  const levels = [...new Set(d.trace.filter((t) => t.role === 'scp').map((t) => t.level ?? ''))];
  for (const level of levels)
    if (!allowsIn('scp', level)) out.push(`no allow in SCP at level ${level}: an SCP of that level must allow ${action} (${SET_KEY.scp} level ${level})`);
  // From the request, not the reason: the reason names only the first layer that failed, and a
  // key policy (or a cross-account bucket policy) is still missing when an SCP level also is.
  const reason = d.reason;
  const requiredKind = resourcePolicyRequired(d.request);
  const required = requiredKind ? REQUIRED_POLICY_WORDING[requiredKind] : undefined;
  const principalAccount = d.request.principal?.account;
  const crossAccount = !!principalAccount && !!d.request.resourceAccount && principalAccount !== d.request.resourceAccount;
  if ((required || crossAccount) && !allowsIn('resource')) {
    const what = required ?? "the resource-based policy of the resource (its account differs from the caller's)";
    out.push(
      has('resource')
        ? `${what} must allow the request: add an Allow for ${action} whose Principal names the caller`
        : `${what} must allow the request: give it as \`${SET_KEY.resource}\` (--resource-policy on the command line)`,
    );
  }
  // Every layer present in the trace must allow; a layer absent from it did not apply (an SCP of
  // the management account, a session policy of a role's own credentials).
  const lacks = (role: string) => has(role) && !allowsIn(role);
  if (lacks('boundary') || reason.code === 'boundary-no-allow' || reason.code === 'trust-user-boundary')
    out.push(`the permissions boundary must allow ${action} too: add it to an Allow statement of the boundary (${SET_KEY.boundary})`);
  if (lacks('endpoint') || reason.code === 'endpoint-policy-no-allow')
    out.push(`the VPC endpoint policy must allow ${action} for this caller (${SET_KEY.endpoint} --endpoint-policy on the command line)`);
  if (lacks('session') || reason.code === 'session-no-allow') out.push(`a session policy must allow ${action} too (${SET_KEY.session})`);
  if ((reason.code === 'no-allow' || reason.code === 'no-identity-policies' || reason.code === 'cross-account-no-identity-allow') && !allowsIn('identity'))
    out.push(`no identity-based policy allows ${action}: add an Allow statement for it on ${d.request.resource} (${SET_KEY.identity})`);
  return out;
}

export function explainDecision(d: Decision, options: ExplainOptions = {}): string {
  const ind = options.indent ?? '';
  const lines: string[] = [];
  lines.push(`${ind}Request:  ${formatRequest(d)}`);
  lines.push(`${ind}Decision: ${RESULT_LABEL[d.result]} (${describeDecision(d)})`);
  const rule = ruleWording(d.rule);
  if (rule) lines.push(`${ind}Rule:     ${rule}`);
  for (const n of d.notes) lines.push(`${ind}Note:     ${describeNote(n)}`);
  for (const t of d.deciding) {
    lines.push(`${ind}Deciding: ${describeStatement(t)}`);
    lines.push(statementSource(t, ind));
  }
  // An explicit deny cannot be overridden by any allow, so near-miss allows would only be noise.
  if (d.result === 'ImplicitDeny') {
    const missing = missingLayers(d);
    if (missing.length) {
      lines.push(`${ind}Missing:`);
      for (const m of missing) lines.push(`${ind}  - ${m}`);
    }
    // The allows that did apply: the layers that already say yes.
    const granted = d.trace.filter((t) => t.applies && t.statement.effect === 'Allow');
    if (granted.length) {
      lines.push(`${ind}Allowed by (not enough on their own):`);
      for (const t of granted) lines.push(`${ind}  - ${describeStatement(t)}`);
    }
    const service = d.request.action.slice(0, d.request.action.indexOf(':')).toLowerCase();
    const misses = d.trace
      .filter((t) => !t.applies && t.statement.effect === 'Allow')
      .sort((a, b) => closeness(b, service) - closeness(a, service))
      .slice(0, options.closest ?? 3);
    if (misses.length) {
      lines.push(`${ind}Closest allow statements that did not apply:`);
      for (const t of misses) {
        lines.push(`${ind}  - ${describeStatement(t)}`);
        for (const c of t.checks.filter((x) => !x.matched)) {
          const at =
            c.element === 'Condition' ? '' : t.statement.elements[c.element] ? ` [${formatPositionIn(t.statement.elements[c.element], t.policy.name)}]` : '';
          lines.push(`${ind}      ${c.element}: ${describeCheck(c)}${at}`);
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
  return d.trace.map((t) => `${t.applies ? 'applies ' : 'skipped '} ${t.statement.effect.padEnd(5)} ${describeStatement(t)}: ${describeTraceReason(t.reason)}`);
}
