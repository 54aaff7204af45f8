import type { ContextInput } from '../src/request/request-context';
import type { ValidationConfig } from '../src/catalog/validation-config';
import type { VpcEndpointInput } from '../src/request/access-request';

/** The request details a matcher call may add to action and resource. */
export interface IamMatcherOptions {
  /** Condition keys of the request, e.g. `{ 'aws:SourceIp': '203.0.113.7' }`. */
  context?: ContextInput;
  /** Who asks: a user, role, assumed-role session or root ARN, an account id, a service principal or `anonymous`. */
  principal?: string;
  /** Account that owns the resource when its ARN does not say (e.g. S3 buckets). */
  resourceAccount?: string;
  /** Request time for `aws:CurrentTime` / `aws:EpochTime` (default: now). */
  now?: Date;
  /** For a federated-user session principal: the IAM user that called GetFederationToken. */
  federatedBy?: string;
  /** The VPC endpoint the request goes through (sets aws:SourceVpce, aws:SourceVpc, aws:VpceAccount). */
  vpcEndpoint?: VpcEndpointInput;
  /**
   * Validation levels for this assertion, over the config (`globals['jest-iam'].validation`)
   * and the defaults, e.g. `{ wildcardOnlyResource: 'warning' }`.
   */
  validation?: Partial<ValidationConfig>;
  /**
   * Also ask IAM's policy simulator about this assertion (true) or never (false); default:
   * `JEST_IAM_CROSS_CHECK` and the file's setting.
   */
  crossCheck?: boolean;
}
