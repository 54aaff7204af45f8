import type { SyncExpectationResult } from 'expect';
import type { IamMatcherContext } from './matcher-context';
import { assertReadableContext } from './kit/context-check';
import { checkPublicAccess, OUTSIDE_CALLER_POLICY, type PublicAccessOptions } from '../src/analysis/public-access';
import { asUsageErrors, IamUsageError } from './kit/usage-error';
import { checkOptions, type OptionKeys } from './kit/check-options';
import { receivedPolicySet } from './kit/received-policies';
import { recordDecisions } from './kit/record-decisions';
import { describeFinding } from './kit/describe-finding';

/** What `toNeverAllowPublicAccess` checks; `resourceAccount` (the owner) is required. */
export type PublicAccessMatcherOptions = PublicAccessOptions;

const OPTION_KEYS: OptionKeys<PublicAccessMatcherOptions> = ['resourceAccount', 'actions', 'resource', 'context'];

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
  if (typeof options !== 'object' || options === null)
    throw new IamUsageError(
      "toNeverAllowPublicAccess: options { resourceAccount, actions?, resource?, context? } are required: public access is access from outside the owner's account",
    );
  const checked = checkOptions<PublicAccessMatcherOptions>('toNeverAllowPublicAccess', options, OPTION_KEYS) as PublicAccessMatcherOptions;
  const report = asUsageErrors('toNeverAllowPublicAccess', () => {
    // One bucket or key policy on its own is a resource-based policy.
    const set = receivedPolicySet(policies, 'resource');
    assertReadableContext('toNeverAllowPublicAccess', checked.context, [set]);
    const report = checkPublicAccess(set, checked);
    // The outside caller's policy is jest-iam's own: not the user's coverage, never asked of IAM.
    recordDecisions(set, report.decisions, { synthetic: new Set([OUTSIDE_CALLER_POLICY]) });
    return report;
  });
  const pass = report.findings.length === 0;
  const hint = this.utils.matcherHint('toNeverAllowPublicAccess', 'policies', 'options', { isNot: this.isNot });
  const scope = `${report.patterns.join(', ') || 'no action (no resource-based policy grants any)'} from outside account ${options.resourceAccount} (${report.callers.join(', ')}), ${report.cellsChecked} requests`;
  const message = () => {
    if (this.isNot) return `${hint}\n\nExpected some public access, but none of ${scope} is ever allowed.`;
    const shown = report.findings.slice(0, 10).map((f, i) => describeFinding(f, i, report.findings.length));
    return `${hint}\n\nExpected no public access to ${scope}; found ${report.findings.length}:\n\n${shown.join('\n\n')}`;
  };
  return { pass, message };
}
