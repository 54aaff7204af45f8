import { splitArnOnce } from '../match/arn';
import { PolicyValidationError, type PolicyIssue } from '../policy/policy-issue';
import { parsePrincipal, principalTypeValue, type RequestPrincipal } from './principal';
import { derivedKeys, RequestContext, type ContextInput, type DerivedKeys } from './request-context';

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
  const arn = typeof resource === 'string' && resource !== '*' ? splitArnOnce(resource) : null;
  if (typeof resource !== 'string' || (resource !== '*' && !arn)) {
    issues.push({ severity: 'error', code: 'bad-request-resource', message: `resource ${JSON.stringify(resource)} is not "*" nor an ARN (arn:partition:service:region:account:resource)` });
  }
  let principal: RequestPrincipal | undefined;
  if (req.principal !== undefined) {
    principal = typeof req.principal === 'string' ? parsePrincipalCached(req.principal) : undefined;
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

  const resourceAccount = req.resourceAccount ?? (arn?.account ? arn.account : undefined);
  if (principal) context.addDerived(principalKeys(principal));
  if (resourceAccount) context.addDerived(accountKeys(resourceAccount));
  context.addDerived(clockKeys(req.now ? req.now.getTime() : Date.now()));
  const result: NormalizedRequest = { action, service: action.slice(0, action.indexOf(':')).toLowerCase(), resource, context };
  if (principal) result.principal = principal;
  if (resourceAccount) result.resourceAccount = resourceAccount;
  return result;
}

// A matrix asks thousands of requests of a handful of principals within the same second:
// read each principal once and format the clock keys once per second.
const principals = new Map<string, RequestPrincipal | undefined>();

function parsePrincipalCached(given: string): RequestPrincipal | undefined {
  if (principals.has(given)) return principals.get(given);
  const p = parsePrincipal(given);
  if (principals.size >= 1000) principals.clear();
  principals.set(given, p);
  return p;
}

const byPrincipal = new WeakMap<RequestPrincipal, DerivedKeys>();

/** aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username of a principal (built once per principal). */
function principalKeys(p: RequestPrincipal): DerivedKeys {
  let keys = byPrincipal.get(p);
  if (!keys) {
    keys = derivedKeys({ 'aws:PrincipalArn': p.principalArn, 'aws:PrincipalAccount': p.account, 'aws:PrincipalType': principalTypeValue(p.kind), 'aws:username': p.userName });
    byPrincipal.set(p, keys);
  }
  return keys;
}

const byAccount = new Map<string, DerivedKeys>();

function accountKeys(account: string): DerivedKeys {
  let keys = byAccount.get(account);
  if (!keys) {
    keys = derivedKeys({ 'aws:ResourceAccount': account });
    if (byAccount.size >= 1000) byAccount.clear();
    byAccount.set(account, keys);
  }
  return keys;
}

let lastSecond = NaN;
let lastClock: DerivedKeys = new Map();

/** aws:CurrentTime (ISO 8601 to the second) and aws:EpochTime for a time in ms, built once per second. */
function clockKeys(ms: number): DerivedKeys {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastClock = derivedKeys({ 'aws:CurrentTime': new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), 'aws:EpochTime': String(second) });
    lastSecond = second;
  }
  return lastClock;
}
