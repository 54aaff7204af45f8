import type { SyncExpectationResult } from 'expect';
import type { IamMatcherContext } from './matcher-context';
import { assertReadableContext } from './context-check';
import type { ContextInput } from '../src/request/request-context';
import { PolicyValidationError } from '../src/diagnostics/policy-issue';
import { explainDecision } from '../src/explain/explain-decision';
import { recordForCrossCheck } from '../src/live/cross-check-hook';
import { checkNeverAllow, type NeverAllowFinding, type NeverAllowReport } from '../src/analysis/never-allow';
import { recordDecision } from '../src/coverage/record-decision';
import { formatStatementRef } from '../src/explain/decision-wording';
import { formatUnknown, formatWitness, proveNeverAllows, type ProofResult } from '../src/proof';
import { IamUsageError } from './assert-decision';
import { receivedPolicySet } from './received-policy-set';

/** Request details a never check fixes; keys not given stay open. */
export interface NeverAllowMatcherOptions {
  /** Who asks (an ARN or account id). */
  principal?: string;
  /** Condition keys every request has; other keys are free for the search. */
  context?: ContextInput;
  /** Account that owns the resources, when their ARNs do not say. */
  resourceAccount?: string;
  /**
   * Also ask IAM's policy simulator about every request the check decided (true) or never
   * (false); default: `JEST_IAM_CROSS_CHECK` and the file's setting.
   */
  crossCheck?: boolean;
}

const KIND_LABEL: Record<NeverAllowFinding['kind'], string> = {
  allowed: 'allowed',
  conditional: 'allowed under condition',
  possible: 'possibly allowed',
};

function context(f: NeverAllowFinding): string {
  const entries = Object.entries(f.context);
  if (!entries.length) return '';
  return ` with ${entries.map(([k, v]) => (v === null ? `${k} absent` : `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)).join(', ')}`;
}

function describeFinding(f: NeverAllowFinding, i: number, total: number): string {
  const lines = [`${i + 1}/${total} ${KIND_LABEL[f.kind]}: ${f.action} on ${f.resource}${f.principal ? ` as ${f.principal}` : ''}${context(f)}`];
  if (f.moreResources.length) lines.push(`  and on ${f.moreResources.length} more resource${f.moreResources.length === 1 ? '' : 's'}: ${f.moreResources.slice(0, 5).join(', ')}${f.moreResources.length > 5 ? ', ...' : ''}`);
  if (f.conditions) lines.push(`  if ${f.conditions}`);
  for (const s of f.statements) lines.push(`  by ${formatStatementRef(s)}`);
  if (f.note) lines.push(`  ${f.note}`);
  if (f.decision && i < 3) lines.push(explainDecision(f.decision, { indent: '    ' }));
  return lines.join('\n');
}

/**
 * Passes when the received policies allow no action matching `actionPattern` (every action the
 * service reference has for it) on any resource matching `resourcePattern` (default: any), under
 * any request context, and (without `options.principal`) for no principal and every principal the
 * policies name. An allow that depends on a Condition is reported as possible under that
 * condition, with the context that makes it so, not hidden. Every request decided is recorded for
 * statement coverage and the IAM cross-check.
 *
 * @example
 * expect(policySet({ identity: 'policies/inference.json' })).toNeverAllow('rekognition:Delete*');
 * expect(adminSet).toNeverAllow('s3:DeleteObject', 'arn:aws:s3:::audit-logs/*');
 */
export function toNeverAllow(this: IamMatcherContext, received: unknown, actionPattern: string, resourcePattern?: string, options: NeverAllowMatcherOptions = {}): SyncExpectationResult {
  let report: NeverAllowReport;
  try {
    const set = receivedPolicySet(received);
    const { crossCheck, ...check } = options;
    assertReadableContext('toNeverAllow', check.context, [set]);
    report = checkNeverAllow(set, actionPattern, resourcePattern, check);
    // Every request the check decided is a real decision: it counts for statement coverage (a
    // Deny that blocks it is exercised) and is cross-checked like any matcher's decision.
    for (const d of report.decisions) {
      recordForCrossCheck(set, d.request, d, crossCheck);
      recordDecision(d, check.principal ? { principal: check.principal } : {});
    }
  } catch (e) {
    if (e instanceof PolicyValidationError || e instanceof TypeError) throw new IamUsageError(`toNeverAllow: ${e.message}`);
    throw e;
  }
  // The search settles most checks; when all it has are `possible` findings, the decision
  // procedure (src/proof) decides every request: PROVED passes, a counterexample fails with the
  // request, UNKNOWN keeps the search's findings (a check never passes on a guess).
  let proof: ProofResult | undefined;
  if (report.findings.length && report.findings.every((f) => f.kind === 'possible')) {
    try {
      const { crossCheck: _ignored, ...check } = options;
      void _ignored;
      proof = proveNeverAllows(receivedPolicySet(received), actionPattern, { ...check, ...(resourcePattern !== undefined ? { resource: resourcePattern } : {}) });
    } catch (e) {
      if (!(e instanceof PolicyValidationError)) throw e;
    }
  }
  const pass = report.findings.length === 0 || proof?.verdict === 'PROVED';
  const hint = this.utils.matcherHint('toNeverAllow', 'policy', resourcePattern === undefined ? 'actionPattern' : 'actionPattern, resourcePattern', { isNot: this.isNot });
  const asked = report.principals.filter((p) => p !== undefined).length;
  const scope = `${report.actions.length} action${report.actions.length === 1 ? '' : 's'} matching ${actionPattern}${resourcePattern ? ` on ${resourcePattern}` : ''}, ${report.cellsChecked} requests${options.principal === undefined && asked ? ` (no principal, and ${asked} the policies name)` : ''}`;
  const message = () => {
    if (this.isNot) return `${hint}\n\nExpected some request to be possibly allowed, but none of ${scope} ever is.`;
    const shown = report.findings.slice(0, 20);
    const more = report.findings.length > shown.length ? `\n... and ${report.findings.length - shown.length} more` : '';
    const unknown =
      proof?.verdict === 'UNKNOWN'
        ? `\n\nThe proof could not decide it either (UNKNOWN):\n${formatUnknown(proof)}`
        : proof?.verdict === 'COUNTEREXAMPLE'
          ? `\n\nThe proof found a request that is allowed:\n${formatWitness(proof.witnesses[0], ['policy'])}`
          : '';
    return `${hint}\n\nExpected never to allow ${scope}; found ${report.findings.length}${proof?.verdict === 'UNKNOWN' ? ' (the proof left it UNKNOWN)' : ''}:\n\n${shown.map((f, i) => describeFinding(f, i, report.findings.length)).join('\n\n')}${more}${unknown}`;
  };
  return { pass, message };
}
