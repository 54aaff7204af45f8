import { PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import { parsePrincipal, principalTypeValue, type RequestPrincipal } from './principal';
import { carriesResourceAccount } from './action-exceptions';
import { derivedKeys, RequestContext, type ContextInput, type ContextInputValue, type DerivedKeys } from './request-context';
import { BoundedMemo } from '../util/bounded-memo';

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
  /**
   * For a federated-user session (`arn:aws:sts::ACCOUNT:federated-user/NAME`): the ARN of the IAM
   * user that called `GetFederationToken`. A resource-based policy that names this user then
   * grants to the session, limited by the user's permissions boundary and the session policy
   * (IAM User Guide, reference_policies_evaluation-logic.md, "Resource-based policies").
   */
  federatedBy?: string;
  /**
   * The VPC endpoint the request goes through: sets `aws:SourceVpce`, `aws:SourceVpc` and
   * `aws:VpceAccount` (IAM User Guide, reference_policies_condition-keys.md). Endpoint policies of
   * the policy set (`endpoint`) apply to the request.
   */
  vpcEndpoint?: VpcEndpointInput;
}

/** A VPC endpoint as a test names it. */
export interface VpcEndpointInput {
  /** Endpoint id, `vpce-...` (aws:SourceVpce). */
  id: string;
  /** VPC id, `vpc-...` (aws:SourceVpc). */
  vpc?: string;
  /** Account that owns the endpoint (aws:VpceAccount). */
  account?: string;
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
  /** Set by `evaluate()` when the caller's policy set has a permissions boundary (it changes how `NotPrincipal` applies). */
  callerHasBoundary?: boolean;
}

/**
 * What is wrong with `given` as the principal of a request (after the word "principal"), or
 * undefined: not a principal jest-iam reads, or an IAM/STS ARN whose account is not 12 digits
 * (the same rule as resourceAccount, reference_policies_elements_principal.md).
 */
export function principalProblem(given: unknown): string | undefined {
  return readPrincipal(given).problem;
}

/** A request's principal as read, or what is wrong with it. */
interface PrincipalReading {
  principal?: RequestPrincipal;
  /** The keys AWS derives from this principal (principalKeys). */
  keys?: DerivedKeys;
  problem?: string;
}

// A matrix asks thousands of requests of a handful of principals: each spelling is read once.
const principalReadings = new BoundedMemo<string, PrincipalReading>(1000);

function readPrincipal(given: unknown): PrincipalReading {
  if (typeof given !== 'string') return { problem: principalShapeProblem(given) };
  return principalReadings.get(given, (g) => {
    const account = principalArnAccount(g);
    if (account !== undefined && !/^\d{12}$/.test(account))
      return { problem: `${JSON.stringify(g)}: the account ${JSON.stringify(account)} is not a 12-digit AWS account id` };
    const principal = parsePrincipalCached(g);
    return principal ? { principal, keys: principalKeys(principal) } : { problem: principalShapeProblem(g) };
  });
}

function principalShapeProblem(given: unknown): string {
  return `${JSON.stringify(given)} is not an IAM user, role, assumed-role session or root ARN, an account id, a service principal or "anonymous"`;
}

/**
 * Checks a request and derives the context keys AWS always adds (IAM User Guide,
 * reference_policies_condition-keys.md and reference_policies_variables.md#principaltable):
 * aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username (IAM users),
 * aws:CurrentTime, aws:EpochTime, aws:ResourceAccount. Keys the test gives win.
 */
export function normalizeRequest(req: AccessRequest): NormalizedRequest {
  // Made on the first problem: a well-formed request allocates no list.
  let issues: PolicyIssue[] | undefined;
  const action = typeof req.action === 'string' ? req.action.trim() : '';
  const facts = factsOfValidAction(action);
  if (facts === undefined) {
    (issues ??= []).push({ severity: 'error', code: 'bad-request-action', message: `action ${JSON.stringify(req.action)} is not of the form service:Action` });
  }
  const resource = req.resource ?? '*';
  const account = typeof resource === 'string' && resource !== '*' ? arnAccount(resource) : undefined;
  if (typeof resource !== 'string' || (resource !== '*' && account === undefined)) {
    (issues ??= []).push({
      severity: 'error',
      code: 'bad-request-resource',
      message: `resource ${JSON.stringify(resource)} is not "*" nor an ARN (arn:partition:service:region:account:resource)`,
    });
  } else if (account && account !== 'aws' && !isAccountId(account) && !/^\{[^{}]+\}$/.test(account)) {
    // A resource's account segment is empty (S3), "aws" (AWS managed policies) or the owner's
    // 12-digit id (reference-arns.md); "12" would make every account condition quietly miss.
    // A template's account left symbolic ({AWS.AccountId}) stands for an id.
    (issues ??= []).push({
      severity: 'error',
      code: 'bad-request-resource',
      message: `resource ${JSON.stringify(resource)}: the account ${JSON.stringify(account)} is not a 12-digit AWS account id`,
    });
  }
  let principal: RequestPrincipal | undefined;
  let callerKeys: DerivedKeys | undefined;
  if (req.principal !== undefined) {
    const read = readPrincipal(req.principal);
    principal = read.principal;
    callerKeys = read.keys;
    if (read.problem) (issues ??= []).push({ severity: 'error', code: 'bad-request-principal', message: `principal ${read.problem}` });
  }
  const read = readContext(req.context);
  const context = typeof read === 'string' ? new RequestContext() : read;
  if (typeof read === 'string') (issues ??= []).push({ severity: 'error', code: 'bad-request-context', message: read });
  if (req.resourceAccount !== undefined && (typeof req.resourceAccount !== 'string' || !isAccountId(req.resourceAccount))) {
    (issues ??= []).push({
      severity: 'error',
      code: 'bad-request-resource-account',
      message: `resourceAccount ${JSON.stringify(req.resourceAccount)} is not a 12-digit AWS account id`,
    });
  }
  if (req.now !== undefined && !(req.now instanceof Date && !Number.isNaN(req.now.getTime()))) {
    (issues ??= []).push({ severity: 'error', code: 'bad-request-time', message: `now must be a valid Date, got ${JSON.stringify(req.now)}` });
  }
  if (req.federatedBy !== undefined) {
    const user = typeof req.federatedBy === 'string' ? parsePrincipalCached(req.federatedBy) : undefined;
    if (principal?.kind !== 'FederatedUser')
      (issues ??= []).push({
        severity: 'error',
        code: 'bad-request-federated-by',
        message: `federatedBy is only for federated-user sessions (arn:aws:sts::ACCOUNT:federated-user/NAME), but the principal is ${JSON.stringify(req.principal)}`,
      });
    else if (user?.kind !== 'User' || user.account !== principal.account) {
      // GetFederationToken is called by an IAM user, and the session belongs to the user's account (STS API Reference, API_GetFederationToken.html).
      (issues ??= []).push({
        severity: 'error',
        code: 'bad-request-federated-by',
        message: `federatedBy ${JSON.stringify(req.federatedBy)} must be the ARN of an IAM user in account ${principal.account}, the user that called GetFederationToken`,
      });
    } else {
      principal = federatedSession(principal, user.principalArn!);
      callerKeys = principalKeys(principal);
    }
  }
  const vpce = vpcEndpointProblem(req.vpcEndpoint);
  if (vpce) (issues ??= []).push({ severity: 'error', code: 'bad-request-vpc-endpoint', message: vpce });
  if (issues) throw new PolicyValidationError(issues, 'invalid request');

  // Only a 12-digit account segment names an account: AWS-owned resources (`arn:aws:iam::aws:policy/...`)
  // and ARNs without an account (S3) say nothing about who owns them.
  const resourceAccount = req.resourceAccount ?? (account && isAccountId(account) ? account : undefined);
  if (callerKeys) context.addDerived(callerKeys);
  // Some actions carry no aws:ResourceAccount (reference_policies_condition-keys.md, aws:ResourceAccount "Availability").
  if (resourceAccount && facts!.carriesResourceAccount) context.addDerived(accountKeys(resourceAccount));
  if (req.vpcEndpoint) {
    context.addDerived(derivedKeys({ 'aws:SourceVpce': req.vpcEndpoint.id, 'aws:SourceVpc': req.vpcEndpoint.vpc, 'aws:VpceAccount': req.vpcEndpoint.account }));
  }
  context.useClock(req.now ? req.now.getTime() : undefined);
  // Every request has the same fields in the same order (one object shape for the decision path's property reads).
  return { action, service: facts!.service, resource, principal, resourceAccount: resourceAccount || undefined, context, callerHasBoundary: undefined };
}

/** What is wrong with a `vpcEndpoint` a test gives, or undefined. */
function vpcEndpointProblem(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const e = v as Partial<VpcEndpointInput> | null;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'vpcEndpoint must be an object { id: "vpce-...", vpc?: "vpc-...", account?: "123456789012" }';
  for (const k of Object.keys(e)) if (!['id', 'vpc', 'account'].includes(k)) return `vpcEndpoint has no key ${JSON.stringify(k)} (keys: id, vpc, account)`;
  if (typeof e.id !== 'string' || !/^vpce-[0-9a-z]+$/.test(e.id)) return `vpcEndpoint.id ${JSON.stringify(e.id)} is not a VPC endpoint id (vpce-...)`;
  if (e.vpc !== undefined && (typeof e.vpc !== 'string' || !/^vpc-[0-9a-z]+$/.test(e.vpc)))
    return `vpcEndpoint.vpc ${JSON.stringify(e.vpc)} is not a VPC id (vpc-...)`;
  if (e.account !== undefined && (typeof e.account !== 'string' || !/^\d{12}$/.test(e.account)))
    return `vpcEndpoint.account ${JSON.stringify(e.account)} is not a 12-digit AWS account id`;
  return undefined;
}

const sessions = new BoundedMemo<string, RequestPrincipal>(1000);

/** The federated-user principal with the IAM user that federated it (one object per pair, so derived keys stay cached). */
function federatedSession(p: RequestPrincipal, user: string): RequestPrincipal {
  return sessions.get(`${p.given}\0${user}`, () => ({ ...p, federatedBy: user }));
}

/** What is wrong with a context a test gives, or undefined. */
/** White space as String.prototype.trim() removes it, for the first or last character of a key. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A context value that is NaN or ±Infinity: no request carries it. */
function nonFinite(key: string, v: number): string {
  return `context key ${JSON.stringify(key)} is ${v}, which is no value a request carries: give a finite number or a string`;
}

function readContext(context: unknown): RequestContext | string {
  const ctx = new RequestContext();
  if (context === undefined || context === null) return ctx;
  if (typeof context !== 'object' || Array.isArray(context))
    return `context must be an object of condition keys, got ${Array.isArray(context) ? 'a list' : typeof context}`;
  const given = context as Record<string, unknown>;
  // One pass checks each key and value and takes it in: a matrix normalises thousands of requests.
  for (const key in given) {
    if (!Object.prototype.hasOwnProperty.call(given, key)) continue;
    // A key no request carries ("", " aws:SourceIp") would quietly leave its conditions unmatched.
    // (The common key has no space at either end: checked without trimming.)
    if (key === '' || isSpace(key.charCodeAt(0)) || isSpace(key.charCodeAt(key.length - 1))) {
      if (key.trim() === '') return 'context has an empty key: name a condition key such as "aws:SourceIp"';
      return `context key ${JSON.stringify(key)} has white space around it: no request carries such a key`;
    }
    const v = given[key];
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
      ctx.set(key, v);
      continue;
    }
    if (typeof v === 'number') return nonFinite(key, v);
    if (Array.isArray(v)) {
      let i = 0;
      for (; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) continue;
        if (typeof x === 'number') return nonFinite(key, x);
        break;
      }
      if (i === v.length) {
        ctx.set(key, v as ContextInputValue);
        continue;
      }
    }
    return `context key ${JSON.stringify(key)} must be a string, number, boolean or a list of them (null removes it), got ${Array.isArray(v) ? 'a list holding other values' : typeof v}`;
  }
  return ctx;
}

/** What a request needs to know of its action, worked out once per spelling. */
interface ActionFacts {
  /** Lower-case service prefix. */
  service: string;
  /** Whether its request context carries aws:ResourceAccount (action-exceptions.ts). */
  carriesResourceAccount: boolean;
}

// A matrix asks the same few actions thousands of times: check each spelling once, and remember what it implies.
const validActions = new BoundedMemo<string, ActionFacts | undefined>(10_000);
/** The facts of a well-formed `service:Action`, or undefined. */
function factsOfValidAction(action: string): ActionFacts | undefined {
  return validActions.get(action, (a) =>
    /^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$/.test(a)
      ? { service: a.slice(0, a.indexOf(':')).toLowerCase(), carriesResourceAccount: carriesResourceAccount(a) }
      : undefined,
  );
}

// A matrix asks thousands of requests of a handful of principals within the same second:
// read each principal once and format the clock keys once per second.
const principals = new BoundedMemo<string, RequestPrincipal | undefined>(1000);

function parsePrincipalCached(given: string): RequestPrincipal | undefined {
  return principals.get(given, parsePrincipal);
}

/** The account segment of an IAM or STS principal ARN as written (checked to be 12 digits by the caller). */
function principalArnAccount(given: string): string | undefined {
  return /^arn:[^:]*:(?:iam|sts):[^:]*:([^:]*):/.exec(given)?.[1];
}

/**
 * The account segment of an ARN (IAM User Guide, reference_identifiers.md: `arn:partition:service:region:account-id:resource`),
 * or undefined when `s` is not an ARN: only the segment is cut out (no split), since a request needs nothing else of it here.
 */
function arnAccount(s: string): string | undefined {
  if (!s.startsWith('arn:')) return undefined;
  const c1 = s.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : s.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : s.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : s.indexOf(':', c3 + 1);
  if (c4 < 0) return undefined;
  return c4 === c3 + 1 ? '' : s.slice(c3 + 1, c4);
}

// Requests name the same few accounts again and again: check the last one without a regular expression.
let lastAccount = '';
function isAccountId(s: string): boolean {
  if (s === lastAccount) return true;
  if (!/^\d{12}$/.test(s)) return false;
  lastAccount = s;
  return true;
}

const byPrincipal = new WeakMap<RequestPrincipal, DerivedKeys>();

/**
 * The keys AWS derives from the caller, built once per principal (IAM User Guide,
 * reference_policies_variables.md#principaltable and reference_policies_condition-keys.md):
 * aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username (IAM users),
 * aws:userid where it follows from the ARN (the account id for the root user, `anonymous`,
 * `account:name` for federated users; users and roles have unique ids a test must pass), and
 * aws:PrincipalIsAWSService / aws:PrincipalServiceName ("included in the request context for
 * all signed API requests").
 */
function principalKeys(p: RequestPrincipal): DerivedKeys {
  let keys = byPrincipal.get(p);
  if (!keys) {
    const userid =
      p.kind === 'Account'
        ? p.account
        : p.kind === 'Anonymous'
          ? 'anonymous'
          : p.kind === 'FederatedUser' && p.principalArn
            ? `${p.account}:${p.principalArn.slice(p.principalArn.lastIndexOf('/') + 1)}`
            : undefined;
    const signed = p.kind !== 'Anonymous';
    keys = derivedKeys({
      'aws:PrincipalArn': p.principalArn,
      'aws:PrincipalAccount': p.account,
      'aws:PrincipalType': principalTypeValue(p.kind),
      'aws:username': p.userName,
      'aws:userid': userid,
      'aws:PrincipalIsAWSService': signed ? String(p.kind === 'Service') : undefined,
      'aws:PrincipalServiceName': p.kind === 'Service' ? p.service : undefined,
    });
    byPrincipal.set(p, keys);
  }
  return keys;
}

const byAccount = new BoundedMemo<string, DerivedKeys>(1000);

// Requests of a matrix name one or two resource accounts: the last one's keys are at hand without a lookup.
let lastResourceAccount = '';
let lastAccountKeys: DerivedKeys | undefined;

function accountKeys(account: string): DerivedKeys {
  if (account !== lastResourceAccount || !lastAccountKeys) {
    lastAccountKeys = byAccount.get(account, () => derivedKeys({ 'aws:ResourceAccount': account }));
    lastResourceAccount = account;
  }
  return lastAccountKeys;
}
