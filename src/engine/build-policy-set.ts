import { toPolicy, type PolicyInput, type PolicyInputOptions } from '../policy/policy-input';
import type { PolicyType } from '../policy/policy-type';
import type { OrgLevel, PolicySet } from './policy-set';

/** One or several policies. */
export type PolicyInputs = PolicyInput | PolicyInput[];

/** An organisation level as a user writes it. */
export interface OrgLevelInput {
  /** e.g. `root`, `ou-prod`, `account`. */
  name: string;
  policies: PolicyInputs;
}

/** What `policySet()` takes: every policy as a path, text, object or parsed Policy. */
export interface PolicySetInput {
  identity?: PolicyInputs;
  resource?: PolicyInputs;
  boundary?: PolicyInput;
  scps?: OrgLevelInput[];
  rcps?: OrgLevelInput[];
  session?: PolicyInputs;
  /** The organisation's management account id (SCPs and RCPs do not apply to it). */
  managementAccount?: string;
}

const list = (x: PolicyInputs | undefined): PolicyInput[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * Builds the policy set of one principal from paths, text or objects, parsing and validating
 * each policy once.
 *
 * @example
 * const set = policySet({ identity: ['role.json'], boundary: 'boundary.json', scps: [{ name: 'root', policies: 'FullAWSAccess.json' }] });
 */
export function policySet(input: PolicySetInput, options: Omit<PolicyInputOptions, 'policyType'> = {}): PolicySet {
  const load = (x: PolicyInput, policyType: PolicyType) => toPolicy(x, { ...options, policyType });
  const levels = (ls: OrgLevelInput[] | undefined, t: PolicyType): OrgLevel[] | undefined =>
    ls?.map((l) => ({ name: l.name, policies: list(l.policies).map((p) => load(p, t)) }));
  const set: PolicySet = { identity: list(input.identity).map((p) => load(p, 'identity')) };
  if (input.resource !== undefined) set.resource = list(input.resource).map((p) => load(p, 'resource'));
  if (input.boundary !== undefined) set.boundary = load(input.boundary, 'boundary');
  const scps = levels(input.scps, 'scp');
  if (scps) set.scps = scps;
  const rcps = levels(input.rcps, 'rcp');
  if (rcps) set.rcps = rcps;
  if (input.session !== undefined) set.session = list(input.session).map((p) => load(p, 'session'));
  if (input.managementAccount !== undefined) set.managementAccount = input.managementAccount;
  return set;
}

/** True for a PolicySet (as built by `policySet()`), as opposed to one policy. */
export function isPolicySet(x: unknown): x is PolicySet {
  return typeof x === 'object' && x !== null && Array.isArray((x as PolicySet).identity) && !('Statement' in x);
}
