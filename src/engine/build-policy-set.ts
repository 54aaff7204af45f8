import { nearestName } from '../diagnostics/nearest-name';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import { toPolicy, type PolicyInput, type PolicyInputOptions } from '../policy/policy-input';
import type { PolicyType } from '../policy/policy-type';
import type { OrgLevel, PolicySet } from '../policy/policy-set';
import type { Policy } from '../policy/policy-model';
import { blockPublicAccessProblems, type BlockPublicAccess } from '../policy/block-public-access-settings';

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
  /**
   * The role's trust policy, for `sts:AssumeRole*` requests on the role: a resource-based policy
   * without `Resource` (IAM User Guide, id_roles_terms-and-concepts.md, "Trust policy").
   */
  trust?: PolicyInput;
  boundary?: PolicyInput;
  scps?: OrgLevelInput[];
  rcps?: OrgLevelInput[];
  session?: PolicyInputs;
  /** VPC endpoint policies of the endpoint the request goes through (they must allow it too). */
  endpoint?: PolicyInputs;
  /** The organisation's management account id (SCPs and RCPs do not apply to it). */
  managementAccount?: string;
  /** S3 Block Public Access at the organisation, account and bucket levels. */
  blockPublicAccess?: BlockPublicAccess;
  /** ARNs of AWS managed KMS keys, which AWS does not let anyone change. */
  awsManagedKeys?: string[];
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
  checkPolicySetInput(input);
  const load = (x: PolicyInput, policyType: PolicyType) => toPolicy(x, { ...options, policyType });
  const levels = (ls: OrgLevelInput[] | undefined, t: PolicyType): OrgLevel[] | undefined =>
    ls?.map((l) => ({ name: l.name, policies: list(l.policies).map((p) => load(p, t)) }));
  const set: PolicySet = { identity: list(input.identity).map((p) => load(p, 'identity')) };
  if (input.resource !== undefined) set.resource = list(input.resource).map((p) => load(p, 'resource'));
  if (input.trust !== undefined) set.trust = load(input.trust, 'trust');
  if (input.boundary !== undefined) set.boundary = load(input.boundary, 'boundary');
  const scps = levels(input.scps, 'scp');
  if (scps) set.scps = scps;
  const rcps = levels(input.rcps, 'rcp');
  if (rcps) set.rcps = rcps;
  if (input.session !== undefined) set.session = list(input.session).map((p) => load(p, 'session'));
  if (input.endpoint !== undefined) set.endpoint = list(input.endpoint).map((p) => load(p, 'endpoint'));
  if (input.managementAccount !== undefined) set.managementAccount = input.managementAccount;
  if (input.blockPublicAccess !== undefined) set.blockPublicAccess = structuredClone(input.blockPublicAccess);
  if (input.awsManagedKeys !== undefined) set.awsManagedKeys = [...input.awsManagedKeys];
  return set;
}

/** True for a PolicySet (as built by `policySet()`), as opposed to one policy. */
export function isPolicySet(x: unknown): x is PolicySet {
  return typeof x === 'object' && x !== null && Array.isArray((x as PolicySet).identity) && !('Statement' in x);
}

/**
 * The one way a value given as "the policies" becomes a policy set: a policy set as it is; one
 * policy (Policy, document object, JSON/YAML text, file path) or a list of them as the set's
 * `identity` policies, or as its resource-based policies with `{ policyType: 'resource' }`.
 * Documents, text and files are parsed (and cached) like everywhere else.
 *
 * @example
 * evaluate(toPolicySet('policies/role.json'), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
 * toPolicySet(bucketPolicy, { policyType: 'resource' });
 */
export function toPolicySet(
  input: PolicySet | Policy | Policy[] | PolicyInput | PolicyInput[],
  options: { policyType?: 'identity' | 'resource' } = {},
): PolicySet {
  const policyType = options.policyType ?? 'identity';
  if (isPolicySet(input)) return input;
  if (Array.isArray(input) || typeof input === 'string' || (typeof input === 'object' && input !== null)) {
    const policies = (Array.isArray(input) ? input : [input]).map((p) => toPolicy(p as PolicyInput, { policyType }));
    return policyType === 'resource' ? { identity: [], resource: policies } : { identity: policies };
  }
  const got = input === null ? 'null' : typeof input;
  throw new PolicyValidationError(
    [
      {
        severity: 'error',
        code: 'bad-policy-input',
        message: `expected a policy (document object, JSON/YAML text or a file path), a list of policies or a policySet(), got ${got}`,
      },
    ],
    'invalid policies',
  );
}

const SET_KEYS = [
  'identity',
  'resource',
  'trust',
  'boundary',
  'scps',
  'rcps',
  'session',
  'endpoint',
  'managementAccount',
  'blockPublicAccess',
  'awsManagedKeys',
];

/** A misspelt key or a wrong shape is an error, never a policy silently left out. */
function checkPolicySetInput(input: unknown): void {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push(`policySet() takes an object { ${SET_KEYS.join(', ')} }, got ${input === null ? 'null' : Array.isArray(input) ? 'a list' : typeof input}`);
  } else {
    for (const key of Object.keys(input)) {
      if (SET_KEYS.includes(key)) continue;
      const near = nearestName(key, SET_KEYS);
      problems.push(`policySet() has no key ${JSON.stringify(key)}${near ? `; did you mean ${JSON.stringify(near)}?` : ` (keys: ${SET_KEYS.join(', ')})`}`);
    }
    for (const kind of ['scps', 'rcps'] as const) {
      const levels = (input as Record<string, unknown>)[kind];
      if (levels === undefined) continue;
      if (!Array.isArray(levels)) {
        problems.push(`${kind} must be a list of organisation levels { name, policies }`);
        continue;
      }
      levels.forEach((l, i) => {
        const level = l as Partial<OrgLevelInput> | null;
        if (!level || typeof level !== 'object' || typeof level.name !== 'string' || !level.name || level.policies === undefined) {
          problems.push(`${kind}[${i}] must be { name: string, policies: policy or list of policies }`);
        }
      });
    }
    const mgmt = (input as PolicySetInput).managementAccount;
    if (mgmt !== undefined && (typeof mgmt !== 'string' || !/^\d{12}$/.test(mgmt)))
      problems.push(`managementAccount ${JSON.stringify(mgmt)} is not a 12-digit AWS account id`);
    const bpa = (input as PolicySetInput).blockPublicAccess;
    if (bpa !== undefined) problems.push(...blockPublicAccessProblems(bpa));
    const keys = (input as PolicySetInput).awsManagedKeys;
    if (keys !== undefined) {
      if (!Array.isArray(keys)) problems.push('awsManagedKeys must be a list of KMS key ARNs');
      else
        keys.forEach((k, i) => {
          if (typeof k !== 'string' || !/^arn:[^:]+:kms:[^:]+:\d{12}:key\/.+/.test(k))
            problems.push(`awsManagedKeys[${i}] ${JSON.stringify(k)} is not a KMS key ARN (arn:aws:kms:region:account:key/id)`);
        });
    }
  }
  if (problems.length)
    throw new PolicyValidationError(
      problems.map((message) => ({ severity: 'error', code: 'bad-policy-set', message })),
      'invalid policySet()',
    );
}
