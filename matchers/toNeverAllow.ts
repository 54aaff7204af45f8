import type { SyncExpectationResult } from 'expect';
import type { IamMatcherContext } from './matcher-context';
import { assertReadableContext } from './kit/context-check';
import type { ContextInput } from '../src/request/request-context';
import { PolicyValidationError } from '../src/diagnostics/policy-issue';
import { checkNeverAllow } from '../src/analysis/never-allow';
import { formatUnknown, formatWitness, proveNeverAllows, type ProofResult } from '../src/proof';
import { asUsageErrors } from './kit/usage-error';
import { checkOptions, type OptionKeys } from './kit/check-options';
import { receivedPolicySet } from './kit/received-policies';
import { recordDecisions } from './kit/record-decisions';
import { describeFinding } from './kit/describe-finding';

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

const OPTION_KEYS: OptionKeys<NeverAllowMatcherOptions> = ['principal', 'context', 'resourceAccount', 'crossCheck'];

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
export function toNeverAllow(
  this: IamMatcherContext,
  received: unknown,
  actionPattern: string,
  resourcePattern?: string,
  options?: NeverAllowMatcherOptions,
): SyncExpectationResult {
  const { crossCheck, ...check } = checkOptions<NeverAllowMatcherOptions>('toNeverAllow', options, OPTION_KEYS);
  const { set, report } = asUsageErrors('toNeverAllow', () => {
    const set = receivedPolicySet(received);
    assertReadableContext('toNeverAllow', check.context, [set]);
    const report = checkNeverAllow(set, actionPattern, resourcePattern, check);
    recordDecisions(set, report.decisions, { crossCheck, ...(check.principal !== undefined ? { principal: check.principal } : {}) });
    return { set, report };
  });
  // The search settles most checks; when all it has are `possible` findings, the decision
  // procedure (src/proof) decides every request: PROVED passes, a counterexample fails with the
  // request, UNKNOWN keeps the search's findings (a check never passes on a guess).
  let proof: ProofResult | undefined;
  if (report.findings.length && report.findings.every((f) => f.kind === 'possible')) {
    try {
      proof = proveNeverAllows(set, actionPattern, { ...check, ...(resourcePattern !== undefined ? { resource: resourcePattern } : {}) });
    } catch (e) {
      if (!(e instanceof PolicyValidationError)) throw e;
    }
  }
  const pass = report.findings.length === 0 || proof?.verdict === 'PROVED';
  const hint = this.utils.matcherHint('toNeverAllow', 'policy', resourcePattern === undefined ? 'actionPattern' : 'actionPattern, resourcePattern', {
    isNot: this.isNot,
  });
  const asked = report.principals.filter((p) => p !== undefined).length;
  const scope = `${report.actions.length} action${report.actions.length === 1 ? '' : 's'} matching ${actionPattern}${resourcePattern ? ` on ${resourcePattern}` : ''}, ${report.cellsChecked} requests${check.principal === undefined && asked ? ` (no principal, and ${asked} the policies name)` : ''}`;
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
