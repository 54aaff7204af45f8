import { effectiveBlockPublicAccess, type BlockPublicAccess } from '../../policy/block-public-access-settings';
import type { PolicySet } from '../../policy/policy-set';
import type { NormalizedRequest } from '../../request/access-request';
import { isPublicPolicy } from './public-policy';
import type { ServiceDenial } from './service-denial';

/**
 * Amazon S3 Block Public Access, applied after the policies have allowed a request. Amazon S3
 * User Guide, access-control-block-public-access.md: "If there is an existing block public
 * access setting that prohibits the requested access, Amazon S3 rejects the request."
 *
 * - RestrictPublicBuckets: when the bucket policy is public, access is restricted "to only AWS
 *   service principals and authorized users within the bucket owner's account"; cross-account and
 *   anonymous access granted by that policy is refused (API reference, PublicAccessBlockConfiguration).
 * - BlockPublicAcls: "PUT Bucket ACL and PUT Object ACL calls fail if the specified ACL is public",
 *   and so do PUT Object and PUT Bucket calls that include a public ACL. An ACL is public when it
 *   grants to the AllUsers or AuthenticatedUsers groups ("The meaning of 'public'", ACLs); the
 *   request shows it in `s3:x-amz-acl` (canned ACLs public-read, public-read-write,
 *   authenticated-read) and the `s3:x-amz-grant-*` keys.
 * - BlockPublicPolicy only makes S3 refuse to save a public bucket policy; "Enabling this setting
 *   doesn't affect existing bucket policies", so it decides no request here.
 * - IgnorePublicAcls makes S3 ignore public ACLs; jest-iam does not model ACL grants, so no
 *   request it decides was allowed by one.
 */

/**
 * What BlockPublicAcls reads of a request, exported so the prover (src/proof) cuts the value
 * space of these keys at the same places: the actions it refuses, the canned ACLs that are
 * public (compared without case), and the grantee groups whose appearance anywhere in a grant
 * header value makes it public.
 */
export const PUBLIC_ACL_READS = Object.freeze({
  actions: Object.freeze(['s3:putbucketacl', 's3:putobjectacl', 's3:putobjectversionacl', 's3:putobject', 's3:createbucket']),
  cannedAclKey: 's3:x-amz-acl',
  publicCannedAcls: Object.freeze(['public-read', 'public-read-write', 'authenticated-read']),
  grantKeys: Object.freeze([
    's3:x-amz-grant-read',
    's3:x-amz-grant-write',
    's3:x-amz-grant-read-acp',
    's3:x-amz-grant-write-acp',
    's3:x-amz-grant-full-control',
  ]),
  publicGroups: Object.freeze(['acs.amazonaws.com/groups/global/AllUsers', 'acs.amazonaws.com/groups/global/AuthenticatedUsers']),
});

const ACL_ACTIONS = new Set(PUBLIC_ACL_READS.actions);
const PUBLIC_CANNED_ACLS = new Set(PUBLIC_ACL_READS.publicCannedAcls);
const GRANT_KEYS = PUBLIC_ACL_READS.grantKeys;
const isPublicGrant = (v: string) => PUBLIC_ACL_READS.publicGroups.some((g) => v.includes(g));

/** Whether BlockPublicAcls can refuse this action (so the ACL keys matter to its decision). */
export function blockPublicAclsReads(set: PolicySet, action: string): boolean {
  return !!set.blockPublicAccess && !!effectiveBlockPublicAccess(set.blockPublicAccess).BlockPublicAcls && ACL_ACTIONS.has(action.toLowerCase());
}

/** Whether RestrictPublicBuckets is on and the set's bucket policy is public (so callers outside the owner's account are refused). */
export function restrictsPublicBucket(set: PolicySet): boolean {
  return (
    !!set.blockPublicAccess &&
    !!effectiveBlockPublicAccess(set.blockPublicAccess).RestrictPublicBuckets &&
    !!set.resource?.length &&
    isPublicPolicy(set.resource)
  );
}

/** The same settings with RestrictPublicBuckets off at every level (the others as they take effect). */
export function withoutRestrictPublicBuckets(bpa: BlockPublicAccess): BlockPublicAccess {
  const on = effectiveBlockPublicAccess(bpa);
  return {
    bucket: {
      BlockPublicAcls: !!on.BlockPublicAcls,
      IgnorePublicAcls: !!on.IgnorePublicAcls,
      BlockPublicPolicy: !!on.BlockPublicPolicy,
      RestrictPublicBuckets: false,
    },
  };
}

/** The Block Public Access setting that refuses this allowed request, if any. */
export function blockPublicAccessDenial(set: PolicySet, req: NormalizedRequest): ServiceDenial | undefined {
  if (!set.blockPublicAccess || req.service !== 's3') return undefined;
  const on = effectiveBlockPublicAccess(set.blockPublicAccess);
  const restrict = on.RestrictPublicBuckets;
  if (restrict && set.resource?.length && isPublicPolicy(set.resource)) {
    const kind = req.principal?.kind;
    const sameAccount = !!req.principal?.account && !!req.resourceAccount && req.principal.account === req.resourceAccount;
    if (kind !== 'Service' && !sameAccount)
      return { layer: 'block-public-access', code: 'bpa-restrict-public-buckets', setting: 'RestrictPublicBuckets', level: restrict };
  }
  const blockAcls = on.BlockPublicAcls;
  if (blockAcls && ACL_ACTIONS.has(req.action.toLowerCase()) && hasPublicAcl(req)) {
    return { layer: 'block-public-access', code: 'bpa-block-public-acls', setting: 'BlockPublicAcls', level: blockAcls };
  }
  return undefined;
}

function hasPublicAcl(req: NormalizedRequest): boolean {
  const canned = req.context.get(PUBLIC_ACL_READS.cannedAclKey)?.values ?? [];
  if (canned.some((v) => PUBLIC_CANNED_ACLS.has(v.toLowerCase()))) return true;
  return GRANT_KEYS.some((k) => (req.context.get(k)?.values ?? []).some(isPublicGrant));
}
