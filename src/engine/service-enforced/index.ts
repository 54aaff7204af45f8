import type { PolicySet } from '../../policy/policy-set';
import type { NormalizedRequest } from '../../request/access-request';
import { awsProtectedDenial } from './aws-protected';
import { blockPublicAccessDenial } from './block-public-access';
import type { ServiceDenial } from './service-denial';

export type { ServiceDenial } from './service-denial';

/**
 * What the service refuses on its own after the policies allowed a request: AWS-protected
 * resources first (nothing changes them), then S3 Block Public Access.
 */
export function serviceDenial(set: PolicySet, req: NormalizedRequest): ServiceDenial | undefined {
  return awsProtectedDenial(set, req) ?? blockPublicAccessDenial(set, req);
}
