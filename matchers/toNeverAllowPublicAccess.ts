import type { SyncExpectationResult } from 'expect';
import type { IamMatcherContext } from './matcher-context';
import { assertReadableContext } from './context-check';
import { PolicyValidationError } from '../src/diagnostics/policy-issue';
import { isPolicySet } from '../src/engine/build-policy-set';
import { explainDecision } from '../src/explain/explain-decision';
import { formatStatementRef } from '../src/explain/decision-wording';
import { checkPublicAccess, OUTSIDE_CALLER_POLICY, type PublicAccessOptions, type PublicAccessReport } from '../src/analysis/public-access';
import { recordDecision } from '../src/coverage/record-decision';
import { toPolicy, type PolicyInput } from '../src/policy/policy-input';
import type { PolicySet } from '../src/policy/policy-set';
import { IamUsageError } from './assert-decision';

/** What `toNeverAllowPublicAccess` checks; `resourceAccount` (the owner) is required. */
export type PublicAccessMatcherOptions = PublicAccessOptions;

const OPTION_KEYS = ['actions', 'resource', 'resourceAccount', 'context'];

/** A policy set, or one resource-based policy (a bucket policy, a key policy) on its own. */
function received(x: unknown): PolicySet {
  if (isPolicySet(x)) return x;
  const list = Array.isArray(x) ? x : [x];
  return { identity: [], resource: list.map((p) => toPolicy(p as PolicyInput, { policyType: 'resource' })) };
}

/**
 * Passes when no caller outside `resourceAccount` (an anonymous caller, or a principal of another
 * account with every permission of its own) can be allowed any matching action under any
 * request context, with the set's resource-based policies, RCPs and S3 Block Public Access
 * settings taking part. "Public" follows the Amazon S3 User Guide's Block Public Access pages.
 *
 * @example
 * expect(policySet({ resource: 'bucket.json', blockPublicAccess: { account: { RestrictPublicBuckets: true } } }))
 *   .toNeverAllowPublicAccess({ resourceAccount: '111122223333' });
 */
export function toNeverAllowPublicAccess(this: IamMatcherContext, policies: unknown, options: PublicAccessMatcherOptions): SyncExpectationResult {
  let report: PublicAccessReport;
  try {
    if (typeof options !== 'object' || options === null) throw new PolicyValidationError([{ severity: 'error', code: 'bad-options', message: 'options { resourceAccount, actions?, resource?, context? } are required: public access is access from outside the owner\'s account' }], 'options');
    const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
    if (unknown.length) throw new PolicyValidationError([{ severity: 'error', code: 'bad-options', message: `unknown option ${JSON.stringify(unknown[0])} (options: ${OPTION_KEYS.join(', ')})` }], 'options');
    const set = received(policies);
    assertReadableContext('toNeverAllowPublicAccess', options.context, [set]);
    report = checkPublicAccess(set, options);
    for (const d of report.decisions) recordDecision(d, { synthetic: new Set([OUTSIDE_CALLER_POLICY]) });
  } catch (e) {
    if (e instanceof PolicyValidationError || e instanceof TypeError) throw new IamUsageError(`toNeverAllowPublicAccess: ${e.message}`);
    throw e;
  }
  const pass = report.findings.length === 0;
  const hint = this.utils.matcherHint('toNeverAllowPublicAccess', 'policies', 'options', { isNot: this.isNot });
  const scope = `${report.patterns.join(', ') || 'no action (no resource-based policy grants any)'} from outside account ${options.resourceAccount} (${report.callers.join(', ')}), ${report.cellsChecked} requests`;
  const message = () => {
    if (this.isNot) return `${hint}\n\nExpected some public access, but none of ${scope} is ever allowed.`;
    const shown = report.findings.slice(0, 10).map((f, i) => {
      const lines = [`${i + 1}/${report.findings.length} ${f.kind === 'possible' ? 'possibly allowed' : f.kind === 'conditional' ? 'allowed under condition' : 'allowed'}: ${f.action} on ${f.resource} as ${f.principal}`];
      if (f.conditions) lines.push(`  if ${f.conditions}`);
      for (const s of f.statements) lines.push(`  by ${formatStatementRef(s)}`);
      if (f.note) lines.push(`  ${f.note}`);
      if (f.decision && i < 3) lines.push(explainDecision(f.decision, { indent: '    ' }));
      return lines.join('\n');
    });
    return `${hint}\n\nExpected no public access to ${scope}; found ${report.findings.length}:\n\n${shown.join('\n\n')}`;
  };
  return { pass, message };
}
