import type { SyncExpectationResult } from 'expect';
import type { IamMatcherContext } from './matcher-context';
import { policySet } from '../src/engine/build-policy-set';
import type { PolicySet } from '../src/policy/policy-set';
import type { ContextInput } from '../src/request/request-context';
import { formatUnknown, formatWitness, proveEquivalent, proveNoNewAccess, type ProofResult } from '../src/proof';
import { asUsageErrors, IamUsageError } from './kit/usage-error';
import { checkOptions, type OptionKeys } from './kit/check-options';
import { receivedPolicySet, type ReceivedPolicies } from './kit/received-policies';
import { recordDecisions } from './kit/record-decisions';
import { assertReadableContext } from './kit/context-check';

/** What a proof matcher may fix about the requests it decides; everything else ranges freely. */
export interface ProofMatcherOptions {
  /** Action pattern, e.g. `s3:*`. Default: every action an Allow statement of either side could grant. */
  actions?: string;
  /** ARN pattern of the resources (default: every resource). */
  resource?: string;
  /** Who asks. Default: no principal, then every principal the policies name. */
  principal?: string;
  /** Condition keys every request has. */
  context?: ContextInput;
  /** Account owning the resources. */
  resourceAccount?: string;
}

/** A boundary as actions and resources: the requests allowed must stay within them. */
export interface BoundarySpec {
  actions: readonly string[];
  resources?: readonly string[];
}

const OPTION_KEYS: OptionKeys<ProofMatcherOptions> = ['actions', 'resource', 'principal', 'context', 'resourceAccount'];

/** The name of the policy a `{ actions, resources }` boundary becomes. */
const BOUNDARY_SPEC = 'boundary spec';

function isBoundarySpec(x: unknown): x is BoundarySpec {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Array.isArray((x as BoundarySpec).actions) && !('Statement' in x) && !('identity' in x);
}

/** A boundary spec as an Allow policy; any other input as a policy set. */
function boundarySet(spec: unknown): PolicySet {
  if (!isBoundarySpec(spec)) return receivedPolicySet(spec);
  if (!spec.actions.length) throw new IamUsageError('toBeWithin: the boundary names no actions');
  return policySet(
    {
      identity: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: [...spec.actions], Resource: spec.resources?.length ? [...spec.resources] : '*' }],
      },
    },
    { name: BOUNDARY_SPEC },
  );
}

/**
 * A counterexample's requests are decided by `evaluate()` over each side: real decisions of the
 * user's policies, so they count for statement coverage (a boundary spec is jest-iam's own
 * policy and does not). Regions a proof decides without a witness leave no record.
 */
function recordWitnesses(result: ProofResult, sets: PolicySet[]): void {
  for (const w of result.witnesses)
    w.decisions.forEach((d, i) => {
      const set = sets[i];
      if (!set) return;
      const synthetic = set.identity.filter((p) => p.name === BOUNDARY_SPEC);
      recordDecisions(set, [d], {
        coverageOnly: true,
        ...(w.request.principal !== undefined ? { principal: w.request.principal } : {}),
        ...(synthetic.length ? { synthetic: new Set(synthetic) } : {}),
      });
    });
}

function outcome(ctx: IamMatcherContext, name: string, expectation: string, result: ProofResult, labels: string[], argument: string): SyncExpectationResult {
  const pass = result.verdict === 'PROVED';
  const hint = ctx.utils.matcherHint(name, 'policy', argument, { isNot: ctx.isNot });
  const message = () => {
    if (ctx.isNot) return `${hint}\n\nExpected a counterexample, but it is proved that ${expectation} (${result.regions} regions decided).`;
    if (result.verdict === 'COUNTEREXAMPLE') {
      const shown = result.witnesses
        .slice(0, 3)
        .map((w) => formatWitness(w, labels))
        .join('\n\n');
      return `${hint}\n\nExpected ${expectation}; counterexample:\n\n${shown}`;
    }
    return `${hint}\n\nExpected ${expectation}; jest-iam could not decide it (UNKNOWN), and a proof never passes on a guess:\n${formatUnknown(result)}`;
  };
  return { pass, message };
}

/**
 * Passes when it is proved that every request the received policies allow, `baseline` allows too
 * (IAM Access Analyzer's CheckNoNewAccess, over the composed decision of the whole policy set).
 *
 * @example
 * expect(policySet({ identity: 'policies/new.json' })).toGrantNoNewAccessOver(policySet({ identity: 'policies/old.json' }));
 */
export function toGrantNoNewAccessOver(
  this: IamMatcherContext,
  received: unknown,
  baseline: ReceivedPolicies,
  options?: ProofMatcherOptions,
): SyncExpectationResult {
  const o = checkOptions('toGrantNoNewAccessOver', options, OPTION_KEYS);
  const r = asUsageErrors('toGrantNoNewAccessOver', () => {
    const sets = [receivedPolicySet(received), receivedPolicySet(baseline)];
    assertReadableContext('toGrantNoNewAccessOver', o.context, sets);
    const result = proveNoNewAccess(sets[0], sets[1], o);
    recordWitnesses(result, sets);
    return result;
  });
  return outcome(this, 'toGrantNoNewAccessOver', 'no request to be allowed that the baseline does not allow', r, ['received', 'baseline'], 'baseline');
}

/**
 * Passes when it is proved that the received policies and `other` allow exactly the same requests.
 *
 * @example
 * expect(refactored).toBeEquivalentTo(original, { actions: 's3:*' });
 */
export function toBeEquivalentTo(this: IamMatcherContext, received: unknown, other: ReceivedPolicies, options?: ProofMatcherOptions): SyncExpectationResult {
  const o = checkOptions('toBeEquivalentTo', options, OPTION_KEYS);
  const r = asUsageErrors('toBeEquivalentTo', () => {
    const sets = [receivedPolicySet(received), receivedPolicySet(other)];
    assertReadableContext('toBeEquivalentTo', o.context, sets);
    const result = proveEquivalent(sets[0], sets[1], o);
    recordWitnesses(result, sets);
    return result;
  });
  return outcome(this, 'toBeEquivalentTo', 'both to allow exactly the same requests', r, ['received', 'other'], 'other');
}

/**
 * Passes when it is proved that every request the received policies allow lies within the
 * boundary: a policy (set) that must allow it too, or `{ actions, resources }`.
 *
 * @example
 * expect(rolePolicies).toBeWithin({ actions: ['s3:GetObject', 's3:ListBucket'], resources: ['arn:aws:s3:::lake', 'arn:aws:s3:::lake/*'] });
 */
export function toBeWithin(
  this: IamMatcherContext,
  received: unknown,
  boundary: BoundarySpec | ReceivedPolicies,
  options?: ProofMatcherOptions,
): SyncExpectationResult {
  const o = checkOptions('toBeWithin', options, OPTION_KEYS);
  const r = asUsageErrors('toBeWithin', () => {
    const sets = [receivedPolicySet(received), boundarySet(boundary)];
    assertReadableContext('toBeWithin', o.context, sets);
    const result = proveNoNewAccess(sets[0], sets[1], o);
    recordWitnesses(result, sets);
    return result;
  });
  return outcome(this, 'toBeWithin', 'every allowed request to lie within the boundary', r, ['received', 'boundary'], 'boundary');
}
