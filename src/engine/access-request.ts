import { splitArn } from '../match/arn';
import { PolicyValidationError, type PolicyIssue } from '../policy/policy-issue';
import { parsePrincipal, principalTypeValue, type RequestPrincipal } from './principal';
import { RequestContext, type ContextInput } from './request-context';

/** One request to decide, as a test states it. */
export interface AccessRequest {
  /** `service:Action`, e.g. `rekognition:DetectCustomLabels`. */
  action: string;
  /** Resource ARN; `*` (the default) for actions without resource-level permissions. */
  resource?: string;
  /**
   * Who asks: an IAM user, role, assumed-role session or root ARN, an account id, a service
   * principal (`s3.amazonaws.com`) or `anonymous`.
   */
  principal?: string;
  /** Condition keys of the request. They override the keys derived from the principal. */
  context?: ContextInput;
  /** Account that owns the resource, when the ARN does not say (e.g. S3 bucket ARNs). */
  resourceAccount?: string;
  /** Request time for `aws:CurrentTime` / `aws:EpochTime`; defaults to now. */
  now?: Date;
}

/** A request made ready for evaluation: principal read, context keys derived. */
export interface NormalizedRequest {
  action: string;
  /** Lower-case `service` prefix of the action. */
  service: string;
  resource: string;
  principal?: RequestPrincipal;
  resourceAccount?: string;
  context: RequestContext;
}

/**
 * Checks a request and derives the context keys AWS always adds (IAM User Guide,
 * reference_policies_condition-keys.md and reference_policies_variables.md#principaltable):
 * aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username (IAM users),
 * aws:CurrentTime, aws:EpochTime, aws:ResourceAccount. Keys the test gives win.
 */
export function normalizeRequest(req: AccessRequest): NormalizedRequest {
  const issues: PolicyIssue[] = [];
  const action = typeof req.action === 'string' ? req.action.trim() : '';
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$/.test(action)) {
    issues.push({ severity: 'error', code: 'bad-request-action', message: `action ${JSON.stringify(req.action)} is not of the form service:Action` });
  }
  const resource = req.resource ?? '*';
  if (typeof resource !== 'string' || (resource !== '*' && !splitArn(resource))) {
    issues.push({ severity: 'error', code: 'bad-request-resource', message: `resource ${JSON.stringify(resource)} is not "*" nor an ARN (arn:partition:service:region:account:resource)` });
  }
  let principal: RequestPrincipal | undefined;
  if (req.principal !== undefined) {
    principal = typeof req.principal === 'string' ? parsePrincipal(req.principal) : undefined;
    if (!principal) {
      issues.push({
        severity: 'error',
        code: 'bad-request-principal',
        message: `principal ${JSON.stringify(req.principal)} is not an IAM user, role, assumed-role session or root ARN, an account id, a service principal or "anonymous"`,
      });
    }
  }
  let context: RequestContext;
  try {
    context = RequestContext.from(req.context);
  } catch {
    issues.push({ severity: 'error', code: 'bad-request-context', message: 'context must map condition keys to a string, number, boolean or a list of them' });
    context = new RequestContext();
  }
  if (issues.length) throw new PolicyValidationError(issues, 'invalid request');

  const arn = resource === '*' ? null : splitArn(resource);
  const resourceAccount = req.resourceAccount ?? (arn?.account ? arn.account : undefined);
  if (principal) {
    if (principal.principalArn) context.setDefault('aws:PrincipalArn', principal.principalArn);
    if (principal.account) context.setDefault('aws:PrincipalAccount', principal.account);
    const type = principalTypeValue(principal.kind);
    if (type) context.setDefault('aws:PrincipalType', type);
    if (principal.userName) context.setDefault('aws:username', principal.userName);
  }
  if (resourceAccount) context.setDefault('aws:ResourceAccount', resourceAccount);
  const now = req.now ?? new Date();
  context.setDefault('aws:CurrentTime', now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  context.setDefault('aws:EpochTime', String(Math.floor(now.getTime() / 1000)));
  const result: NormalizedRequest = { action, service: action.slice(0, action.indexOf(':')).toLowerCase(), resource, context };
  if (principal) result.principal = principal;
  if (resourceAccount) result.resourceAccount = resourceAccount;
  return result;
}
