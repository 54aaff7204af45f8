/**
 * What particular actions carry, or need, that the general rules do not say.
 */

/**
 * Actions for which AWS checks no permission at all, so no policy (not even an explicit Deny)
 * changes the answer:
 * - `sts:GetCallerIdentity`: AWS STS API Reference, API_GetCallerIdentity.html: "No permissions
 *   are required to perform this operation. If an administrator attaches a policy to your
 *   identity that explicitly denies access to the sts:GetCallerIdentity action, you can still
 *   perform this operation."
 * - `sts:GetSessionToken`: API_GetSessionToken.html: "No permissions are required for users to
 *   perform this operation ... You cannot use policies to control authentication operations"
 *   (also IAM User Guide, id_credentials_temp_control-access_getsessiontoken.md).
 */
const NO_PERMISSION_ACTIONS: ReadonlySet<string> = new Set(['sts:getcalleridentity', 'sts:getsessiontoken']);

/** Whether AWS decides `action` without looking at any policy (it is always allowed). */
export function needsNoPermission(action: string): boolean {
  // Only the two lengths can match, and only `s`/`S` lower-cases to `s`: every other action is told apart without folding it.
  if (action.length !== 21 && action.length !== 19) return false;
  const c = action.charCodeAt(0);
  if (c !== 0x73 && c !== 0x53) return false;
  return NO_PERMISSION_ACTIONS.has(action.toLowerCase());
}

/**
 * Actions whose request context has no `aws:ResourceAccount` (nor `aws:ResourceOrgID` /
 * `aws:ResourceOrgPaths`): IAM User Guide, reference_policies_condition-keys.md (current page),
 * aws:ResourceAccount, "Availability": the key is included for most actions, and the page lists
 * as exceptions Amazon EBS actions, some EC2 actions that copy or create across accounts
 * (`ec2:CopyImage`, `ec2:CopySnapshot`, `ec2:CreateVolume`, VPC and transit gateway peering), and
 * EventBridge `events:PutEvents`. Whole services are given as `service:*`.
 */
const NO_RESOURCE_ACCOUNT: readonly string[] = [
  'ebs:*',
  'ec2:copyfpgaimage',
  'ec2:copyimage',
  'ec2:copysnapshot',
  'ec2:createvolume',
  'ec2:createvpcpeeringconnection',
  'ec2:acceptvpcpeeringconnection',
  'ec2:createtransitgatewaypeeringattachment',
  'ec2:accepttransitgatewaypeeringattachment',
  'events:putevents',
];

/** Whether a request for `action` carries the resource-side keys (`aws:ResourceAccount` and friends). */
export function carriesResourceAccount(action: string): boolean {
  let known = carries.get(action);
  if (known === undefined) {
    const a = action.toLowerCase();
    const service = a.slice(0, a.indexOf(':'));
    known = !NO_RESOURCE_ACCOUNT.some((x) => x === a || x === `${service}:*`);
    if (carries.size >= 10_000) carries.clear();
    carries.set(action, known);
  }
  return known;
}

// A matrix asks the same few actions thousands of times: answer each spelling once.
const carries = new Map<string, boolean>();
