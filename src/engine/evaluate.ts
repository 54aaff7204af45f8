import { unreadableRequestValues, type UnreadableRequestValue } from './request-value-check';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import { isPolicy, type PolicyInput } from '../policy/policy-input';
import { toPolicySet } from './build-policy-set';
import type { Policy } from '../policy/policy-model';
import { normalizeRequest, type AccessRequest, type NormalizedRequest } from '../request/access-request';
import { compilePolicy, statementsForAction, type CompiledStatement } from './compile-policy';
import type { Decision, DecisionResult, StatementTrace } from './decision';
import type {
  CallerWithoutIdentity,
  DecisionNote,
  DecisionReason,
  LimitedGrant,
  LocatedStatement,
  RcpExemption,
  RuleCode,
  ScpExemption,
  StatementLayer,
} from './reason-code';
import { needsNoPermission } from '../request/action-exceptions';
import { matchStatement, statementApplies } from './match-statement';
import { policiesOf, type PolicyRole, type PolicySet } from '../policy/policy-set';
import { matchPrincipal, type PrincipalMatchKind } from '../match/principal';
import { RequestContext } from '../request/request-context';
import type { RequestPrincipal } from '../request/principal';
import { supportsRcps } from '../catalog/service-catalog';
import { decideFast, sealedPlans, type DecisionScope, type SetPlans } from './fast/decide-fast';
import { serviceDenial, type ServiceDenial } from './service-enforced';

/** A group of policies of one role (and one organisation level) in a policy set. */
interface Group {
  role: PolicyRole;
  level?: string;
  policies: Policy[];
}

function groupsOf(set: PolicySet): Group[] {
  const groups: Group[] = [{ role: 'identity', policies: set.identity }];
  // A trust policy is the resource-based policy of a request to assume the role.
  const resource = [...(set.resource ?? []), ...(set.trust ? [set.trust] : [])];
  if (resource.length) groups.push({ role: 'resource', policies: resource });
  if (set.boundary) groups.push({ role: 'boundary', policies: [set.boundary] });
  for (const l of set.scps ?? []) groups.push({ role: 'scp', level: l.name, policies: l.policies });
  for (const l of set.rcps ?? []) groups.push({ role: 'rcp', level: l.name, policies: l.policies });
  if (set.session?.length) groups.push({ role: 'session', policies: set.session });
  if (set.endpoint?.length) groups.push({ role: 'endpoint', policies: set.endpoint });
  return groups;
}

/** The set of one identity policy, with the decision path's plans for it. */
interface SingleSet {
  set: PolicySet;
  plans: SetPlans;
}

const singleSets = new WeakMap<Policy, SingleSet>();

/**
 * The set of one identity policy, one object per policy (never handed out, so never changed),
 * with its plans beside it (fast/decide-fast.ts): `evaluate(policy, ...)` in a loop plans once,
 * and a decision finds the plans with the one lookup that finds the set.
 */
function singlePolicySet(policy: Policy): SingleSet {
  let single = singleSets.get(policy);
  if (!single) singleSets.set(policy, (single = { set: { identity: [policy] }, plans: sealedPlans() }));
  return single;
}

const listSets = new WeakMap<object, PolicySet>();

/** The set of a list of identity policies, the same object while the list holds the same policies (as {@link singlePolicySet}). */
function listPolicySet(list: Policy[]): PolicySet {
  const fresh = toPolicySet(list);
  const known = listSets.get(list);
  if (known && known.identity.length === fresh.identity.length && known.identity.every((p, i) => p === fresh.identity[i])) return known;
  listSets.set(list, fresh);
  return fresh;
}

/** A statement that applies to the request, with the group it was found in. */
interface Applying {
  cs: CompiledStatement;
  group: Group;
}

/**
 * The statements of one group that apply to the request, found without building any
 * explanation (the hot path): only statements whose Action/NotAction admit the request's
 * action are looked at (remembered per action), and each is checked with `statementApplies`.
 */
function applyingIn(g: Group, req: NormalizedRequest): Applying[] {
  const out: Applying[] = [];
  for (const p of g.policies)
    for (const cs of statementsForAction(compilePolicy(p), req.action, req.service)) if (statementApplies(cs, req, true)) out.push({ cs, group: g });
  return out;
}

/** Full traces (every check, with reasons) of the statements that decided. */
function traced(list: Applying[], req: NormalizedRequest): StatementTrace[] {
  return list.map((a) => matchStatement(a.cs, req, a.group.role, a.group.level));
}

/** Every statement of a group, for the full explanation. */
function traceGroupFully(g: Group, req: NormalizedRequest, seen: StatementTrace[]): StatementTrace[] {
  const out: StatementTrace[] = [];
  for (const p of g.policies)
    for (const cs of compilePolicy(p).statements) {
      const known = seen.find((t) => t.statement === cs.statement && t.policy === p && t.role === g.role && t.level === g.level);
      out.push(known ?? matchStatement(cs, req, g.role, g.level));
    }
  return out;
}

const allows = (ts: Applying[]) => ts.filter((t) => t.cs.statement.effect === 'Allow');

/**
 * Decides a request the way AWS does. IAM User Guide, reference_policies_evaluation-logic.md
 * ("Determining whether a request is allowed or denied within an account") and
 * reference_policies_evaluation-logic-cross-account.md:
 * 1. an explicit Deny in any policy wins;
 * 2. each SCP level must allow (RCP levels always allow through the implicit
 *    RCPFullAWSAccess, so RCPs can only deny);
 * 3. within one account an Allow in a resource-based policy can suffice; otherwise the
 *    identity-based policies must allow, and the permissions boundary and session policies,
 *    when present, must allow too;
 * 4. across accounts both the identity side and the resource-based policy must allow;
 * 5. anything not allowed is implicitly denied.
 */
export function evaluate(input: PolicySet | Policy | Policy[] | PolicyInput, request: AccessRequest | NormalizedRequest): Decision {
  // A set made here for one policy is never handed out, so it cannot change after it was planned.
  const own = isPolicy(input) ? singlePolicySet(input) : undefined;
  const set = own ? own.set : policySetOf(input);
  const req = requestFor(set, request);
  // STS API Reference (API_GetCallerIdentity.html): no policy changes these actions' answer.
  if (needsNoPermission(req.action)) return new FastDecision('Allow', req, set);
  // The decision alone, from the same compiled policies (src/engine/fast); the explanation is built on first read.
  let result = decideFast(set, req, decisionScope(set, req), own?.plans);
  // What the service enforces whatever the policies allow decides as an explicit deny (as the explaining path's decide()).
  if (result === 'Allow' && serviceDenial(set, req)) result = 'ExplicitDeny';
  return new FastDecision(result, req, set);
}

/**
 * {@link evaluate} on the explaining path alone, every applying statement found and traced
 * before the result is known. For tests that hold the decision-only path to it.
 */
export function evaluateWithExplanation(input: PolicySet | Policy | Policy[] | PolicyInput, request: AccessRequest | NormalizedRequest): Decision {
  const set = policySetOf(input);
  return evaluateExplained(set, requestFor(set, request));
}

/** The policy set `evaluate()` decides against: one object per policy or list, so its plans are made once. */
function policySetOf(input: PolicySet | Policy | Policy[] | PolicyInput): PolicySet {
  return isPolicy(input) ? singlePolicySet(input).set : Array.isArray(input) ? listPolicySet(input) : toPolicySet(input);
}

/** The request checked and normalised for `set` (a request already normalised is used as it is). */
function requestFor(set: PolicySet, request: AccessRequest | NormalizedRequest): NormalizedRequest {
  if (!request || typeof request !== 'object')
    throw new PolicyValidationError(
      [{ severity: 'error', code: 'bad-request', message: 'evaluate() needs a request object { action, resource?, principal?, context? }' }],
      'invalid request',
    );
  const given = request.context instanceof RequestContext ? (request as NormalizedRequest) : undefined;
  // A request normalised here is this call's own: it is marked in place; one the caller gave is copied.
  const req = given ?? normalizeRequest(request as AccessRequest);
  if (set.boundary) {
    if (given) return withBoundary(req);
    req.callerHasBoundary = true;
  }
  if ((set.resource?.length || set.trust) && req.principal?.account && !req.resourceAccount) {
    // Same- and cross-account requests are decided differently (reference_policies_evaluation-logic-cross-account.md);
    // guessing would silently pick one.
    throw new PolicyValidationError(
      [
        {
          severity: 'error',
          code: 'resource-account-unknown',
          message: `the resource ${req.resource} does not name its account, so jest-iam cannot tell whether ${req.principal.given} asks within its account or across accounts; give resourceAccount`,
        },
      ],
      'invalid request',
    );
  }
  return req;
}

/**
 * Session policies exist only for role and federated-user sessions (IAM User Guide,
 * access_policies.md#policies_session): for any other caller they take no part.
 */
function sessionPoliciesApply(set: PolicySet, req: NormalizedRequest): boolean {
  if (!set.session?.length) return false;
  const kind = req.principal?.kind;
  return !req.principal || kind === 'AssumedRole' || kind === 'FederatedUser';
}

/** Every combination of the four scope flags, made once: no allocation per decision for the scope. */
const SCOPES: readonly DecisionScope[] = Array.from({ length: 16 }, (_, i) =>
  Object.freeze({ scps: !!(i & 1), rcps: !!(i & 2), session: !!(i & 4), resourcePolicyRequired: !!(i & 8) }),
);

/** Which policy types take part in deciding `req`, by the explaining path's rules (organisationScope, sessionPoliciesApply). */
function decisionScope(set: PolicySet, req: NormalizedRequest): DecisionScope {
  let bits = 0;
  if (set.scps?.length || set.rcps?.length) {
    const serviceLinked = isServiceLinked(req);
    if (set.scps?.length && !scpExemption(set, req, serviceLinked)) bits |= 1;
    if (set.rcps?.length && !rcpExemption(set, req, serviceLinked)) bits |= 2;
  }
  if (sessionPoliciesApply(set, req)) bits |= 4;
  if ((req.service === 'kms' || req.service === 'sts') && resourcePolicyRequired(req) !== undefined) bits |= 8;
  return SCOPES[bits];
}

/** The request marked as made by a caller with a permissions boundary, built field by field (an object spread is many times slower). */
function withBoundary(r: NormalizedRequest): NormalizedRequest {
  return {
    action: r.action,
    service: r.service,
    resource: r.resource,
    principal: r.principal,
    resourceAccount: r.resourceAccount,
    context: r.context,
    callerHasBoundary: true,
  };
}

/** The explaining path: every applying statement and the reasons, for a request already checked by {@link evaluate}. */
function evaluateExplained(set: PolicySet, req: NormalizedRequest): Decision {
  const kind = req.principal?.kind;
  const notes: DecisionNote[] = [];
  // STS API Reference (API_GetCallerIdentity.html, API_GetSessionToken.html): these actions need
  // no permission, and even an explicit Deny does not stop them.
  if (needsNoPermission(req.action))
    return new LazyDecision('Allow', req, { code: 'no-permission-required', layer: 'request', action: req.action }, notes, [], []);
  const sessionApplies = sessionPoliciesApply(set, req);
  if (set.session?.length && !sessionApplies) notes.push({ code: 'session-policies-not-applicable', layer: 'session', caller: req.principal!.given });
  const scope = organisationScope(set, req);
  if (scope.notes.length) notes.push(...scope.notes);
  const groups = groupsOf(set).filter((g) => (g.role === 'scp' ? scope.scps : g.role === 'rcp' ? scope.rcps : g.role === 'session' ? sessionApplies : true));
  const traces = groups.map((g) => applyingIn(g, req));
  const all = traces.flat();
  const decide = (result: DecisionResult, deciding: Applying[], reason: DecisionReason) => {
    // What the service enforces whatever the policies allow (AWS-protected resources, S3 Block
    // Public Access): a refusal no statement can lift, so it decides as an explicit deny.
    const refused = result === 'Allow' ? serviceDenial(set, req) : undefined;
    if (refused) return new LazyDecision('ExplicitDeny', req, refused, notes, [], groups);
    return new LazyDecision(result, req, reason, notes, deciding, groups);
  };
  // A trust policy is a resource-based policy; its reasons name it as the `trust` layer.
  const layerOf = (a: Applying): StatementLayer => (a.cs.policy === set.trust ? 'trust' : a.group.role);
  const allowedBy = (a: Applying): DecisionReason => {
    const layer = layerOf(a);
    return layer === 'resource' || layer === 'trust'
      ? { code: 'resource-allow', layer, statement: located(a) }
      : { code: 'identity-allow', layer: 'identity', statement: located(a) };
  };

  // 1. Explicit deny anywhere wins.
  const denies = all.filter((t) => t.cs.statement.effect === 'Deny');
  if (denies.length) return decide('ExplicitDeny', denies, { code: 'explicit-deny', layer: layerOf(denies[0]), statement: located(denies[0]) });

  // Applying statements by policy role, gathered in one pass (SCP and RCP levels stay in `traces`).
  const byRole: Partial<Record<PolicyRole, Applying[]>> = {};
  for (let i = 0; i < groups.length; i++) if (traces[i].length) (byRole[groups[i].role] ??= []).push(...traces[i]);
  const ofRole = (role: PolicyRole): Applying[] => byRole[role] ?? NONE;
  // 2. SCPs: every organisation level must have an applicable Allow
  //    (reference_policies_evaluation-logic.md; AWS Organizations, orgs_manage_policies_scps_evaluation.md).
  for (let i = 0; i < groups.length; i++) {
    if (groups[i].role !== 'scp') continue;
    if (!allows(traces[i]).length) return decide('ImplicitDeny', [], { code: 'scp-no-allow', layer: 'scp', level: groups[i].level! });
  }

  // Anonymous callers, service principals and web-identity/SAML callers have no identity-based,
  // boundary or session policies: only a resource-based policy can grant them access
  // (reference_policies_elements_principal.md, "Anonymous (public) principals", "AWS service principals").
  const hasIdentity = kind !== 'Anonymous' && kind !== 'Service' && kind !== 'WebIdentity' && kind !== 'CanonicalUser';
  // The root user "has complete access to all AWS services and resources in the account" (IAM User
  // Guide, id_root-user.md): its identity side allows everything; explicit denies, SCPs and RCPs
  // still apply, and across accounts the resource-based policy must still allow.
  const isRoot = kind === 'Account';
  const identityAllows = hasIdentity ? allows(ofRole('identity')) : [];
  const identityOk = isRoot || identityAllows.length > 0;
  const resourceAllows = allows(ofRole('resource'));
  const boundaryOk = isRoot || !set.boundary || allows(ofRole('boundary')).length > 0;
  // STS API Reference, API_GetFederationToken.html, Policy: "If you do not pass a policy to this
  // operation, the resulting federated user session has no permissions."
  const federatedWithoutPolicy = kind === 'FederatedUser' && !set.session?.length;
  const sessionOk = federatedWithoutPolicy ? false : !sessionApplies || allows(ofRole('session')).length > 0;
  // AWS PrivateLink Guide, vpc-endpoints-access.md: a request through an endpoint must be allowed
  // by the endpoint policy as well; the endpoint policy never grants on its own.
  const endpointOk = !set.endpoint?.length || allows(ofRole('endpoint')).length > 0;
  if (!endpointOk) return decide('ImplicitDeny', [], { code: 'endpoint-policy-no-allow', layer: 'endpoint' });
  const principalAccount = req.principal?.account;
  const crossAccount = !!principalAccount && !!req.resourceAccount && principalAccount !== req.resourceAccount;
  const required = resourcePolicyRequired(req);
  // The allows every layer needed (one per SCP level, the boundary, the session policies): they
  // decided the request too, so explanations and statement coverage list them after the grant.
  const guards = (bounded: boolean): Applying[] => [
    ...traces.filter((_, i) => groups[i].role === 'scp').flatMap((t) => allows(t).slice(0, 1)),
    ...allows(ofRole('endpoint')).slice(0, 1),
    ...(bounded && !isRoot ? [...allows(ofRole('boundary')), ...(sessionApplies ? allows(ofRole('session')) : [])] : []),
  ];
  // id_roles_update-role-trust-policy.md (Notes): "If a user is listed as the principal in a
  // role's trust policy but cannot assume the role, check the user's permissions boundary. If a
  // permissions boundary is set for the user, then it must allow the sts:AssumeRole action."
  // So a trust policy naming a same-account IAM user is limited by that user's boundary.
  const userNeedsBoundary = userNeedsBoundaryFor(kind, set, req);
  // The layer that limits a grant (boundary first, then the session), as the reason it gives.
  const limitedBy = (grant: LimitedGrant): DecisionReason | undefined =>
    !boundaryOk
      ? { code: userNeedsBoundary ? 'trust-user-boundary' : 'boundary-no-allow', layer: 'boundary', boundary: set.boundary!, grant }
      : federatedWithoutPolicy
        ? { code: 'federated-session-without-policy', layer: 'session', grant }
        : !sessionOk
          ? { code: 'session-no-allow', layer: 'session', grant }
          : undefined;
  const limited = !boundaryOk || federatedWithoutPolicy || !sessionOk;

  if (!crossAccount && resourceAllows.length) {
    // Same account: a resource-based policy that names the user or the session itself grants
    // access even without an identity allow, and an implicit deny in a boundary or session
    // policy does not limit it; naming the role ARN is limited by them; naming the account
    // delegates to identity policies (reference_policies_evaluation-logic.md, "Resource-based
    // policies"; reference_policies_elements_principal.md, "AWS account principals").
    const directKinds: string[] = userNeedsBoundary
      ? ['any', 'session', 'service', 'federated', 'canonical']
      : ['any', 'user', 'session', 'service', 'federated', 'canonical'];
    const direct = resourceAllows.filter((t) => directKinds.includes(principalKindOf(t, req)));
    if (direct.length) return decide('Allow', [...direct, ...guards(false)], allowedBy(direct[0]));
    // Limited grants: a role ARN (limited by the session's boundary and session policy), the IAM
    // user that federated a session (reference_policies_evaluation-logic.md, "Resource-based
    // policies"), and a trust policy naming a user with a boundary (above).
    const limitedKinds: string[] = userNeedsBoundary ? ['role', 'federating-user', 'user'] : ['role', 'federating-user'];
    const viaRole = resourceAllows.filter((t) => limitedKinds.includes(principalKindOf(t, req)));
    if (viaRole.length && !limited) return decide('Allow', [...viaRole, ...guards(true)], allowedBy(viaRole[0]));
    if (viaRole.length && !identityOk) {
      const layer = layerOf(viaRole[0]) === 'trust' ? 'trust' : 'resource';
      return decide('ImplicitDeny', [], limitedBy({ layer, statement: located(viaRole[0]), principalKind: principalKindOf(viaRole[0], req) })!);
    }
  }

  if (!identityOk) {
    if (!hasIdentity)
      return decide('ImplicitDeny', [], {
        code: 'no-identity-policies',
        layer: 'resource',
        callerKind: kind as CallerWithoutIdentity,
        resourcePolicyGiven: !!(set.resource?.length || set.trust),
      });
    if (crossAccount && resourceAllows.length)
      return decide('ImplicitDeny', [], {
        code: 'cross-account-no-identity-allow',
        layer: 'identity',
        principalAccount: principalAccount!,
        resourceAccount: req.resourceAccount!,
      });
    return decide('ImplicitDeny', [], { code: 'no-allow', layer: 'identity' });
  }
  if (limited) return decide('ImplicitDeny', [], limitedBy({ layer: 'identity' })!);
  if (required && !resourceAllows.length)
    return decide('ImplicitDeny', [], { code: 'resource-policy-required', layer: required === 'trust-policy' ? 'trust' : 'resource', required });
  if (crossAccount && !resourceAllows.length) {
    // reference_policies_evaluation-logic-cross-account.md: the resource-based policy in the
    // other account must allow too.
    return decide('ImplicitDeny', [], {
      code: 'cross-account-no-resource-allow',
      layer: 'resource',
      principalAccount: principalAccount!,
      resourceAccount: req.resourceAccount!,
    });
  }
  const deciding = crossAccount || required || isRoot ? [...identityAllows, ...resourceAllows] : identityAllows;
  return decide(
    'Allow',
    [...deciding, ...guards(true)],
    isRoot && !identityAllows.length
      ? { code: 'root-user-full-access', layer: 'identity', account: principalAccount! }
      : allowedBy(identityAllows.length ? identityAllows[0] : resourceAllows[0]),
  );
}

/** A trust policy naming a same-account IAM user is limited by the user's boundary (id_roles_update-role-trust-policy.md). */
function userNeedsBoundaryFor(kind: string | undefined, set: PolicySet, req: NormalizedRequest): boolean {
  return kind === 'User' && !!set.boundary && req.service === 'sts' && !!resourcePolicyRequired(req);
}

/**
 * Where an identity-based allow alone never suffices, the resource-based policy that must allow:
 * KMS key policies (AWS KMS Developer Guide, key-policies.md: no principal has access to a key
 * unless the key policy allows it, directly or by delegating to IAM policies) and role trust
 * policies for sts:AssumeRole* (IAM User Guide, id_roles_compare.md / reference_policies_evaluation-logic.md).
 */
export function resourcePolicyRequired(req: NormalizedRequest): 'kms-key-policy' | 'trust-policy' | undefined {
  if (req.service === 'kms' && /:key\//.test(req.resource)) return 'kms-key-policy';
  if (/^sts:(assumerole|assumerolewithsaml|assumerolewithwebidentity)$/i.test(req.action) && /:role\//.test(req.resource)) return 'trust-policy';
  return undefined;
}

interface OrganisationScope {
  scps: boolean;
  rcps: boolean;
  /** Why an organisation policy type was left out, for the explanation. */
  notes: DecisionNote[];
}

/**
 * Which organisation policies apply. AWS Organizations User Guide: SCPs do not restrict the
 * management account's principals, service-linked roles or AWS service principals
 * (orgs_manage_policies_scps.md, "Tasks and entities not restricted by SCPs"); RCPs do not
 * restrict resources in the management account, requests by service-linked roles, or services
 * that do not support RCPs (orgs_manage_policies_rcps.md).
 */
const NONE: Applying[] = [];
const NO_ORGANISATION: OrganisationScope = Object.freeze({ scps: false, rcps: false, notes: [] as DecisionNote[] });

function organisationScope(set: PolicySet, req: NormalizedRequest): OrganisationScope {
  if (!set.scps?.length && !set.rcps?.length) return NO_ORGANISATION;
  const notes: DecisionNote[] = [];
  const serviceLinked = isServiceLinked(req);
  let scps = !!set.scps?.length;
  const scpWhy = scps ? scpExemption(set, req, serviceLinked) : undefined;
  if (scpWhy) {
    scps = false;
    notes.push({ code: 'scps-not-applicable', layer: 'scp', ...scpWhy });
  }
  let rcps = !!set.rcps?.length;
  const rcpWhy = rcps ? rcpExemption(set, req, serviceLinked) : undefined;
  if (rcpWhy) {
    rcps = false;
    notes.push({ code: 'rcps-not-applicable', layer: 'rcp', ...rcpWhy });
  }
  return { scps, rcps, notes };
}

/** A service-linked role's path is aws-service-role/, and its name starts AWSServiceRoleFor (id_roles_terms-and-concepts.md); a session ARN shows only the name. */
function isServiceLinked(req: NormalizedRequest): boolean {
  const p = req.principal;
  const given = req.context.givenFolded('aws:principalarn');
  // Without a test's own aws:PrincipalArn the answer depends on the caller alone: worked out once per caller.
  if (given || !p) return serviceLinkedArn(given?.values[0] ?? p?.principalArn ?? '', p);
  let known = serviceLinkedCallers.get(p);
  if (known === undefined) serviceLinkedCallers.set(p, (known = serviceLinkedArn(req.context.getFolded('aws:principalarn')?.values[0] ?? '', p)));
  return known;
}

const serviceLinkedCallers = new WeakMap<RequestPrincipal, boolean>();

function serviceLinkedArn(principalArn: string, p: RequestPrincipal | undefined): boolean {
  return principalArn.includes(':role/aws-service-role/') || (p?.roleName ?? '').startsWith('AWSServiceRoleFor');
}

/** Why SCPs do not restrict this caller, or undefined when they do. */
function scpExemption(set: PolicySet, req: NormalizedRequest, serviceLinked: boolean): ScpExemption | undefined {
  const kind = req.principal?.kind;
  if (kind === 'Service') return { cause: 'service-principal' };
  if (kind === 'Anonymous') return { cause: 'anonymous' };
  if (serviceLinked) return { cause: 'service-linked-role' };
  if (set.managementAccount && req.principal?.account === set.managementAccount) return { cause: 'management-account', account: set.managementAccount };
  return undefined;
}

/** Why RCPs do not restrict this request, or undefined when they do. */
function rcpExemption(set: PolicySet, req: NormalizedRequest, serviceLinked: boolean): RcpExemption | undefined {
  if (serviceLinked) return { cause: 'service-linked-role' };
  if (set.managementAccount && req.resourceAccount === set.managementAccount) return { cause: 'management-account', account: set.managementAccount };
  if (!supportsRcps(req.service)) return { cause: 'service-unsupported', service: req.service };
  return undefined;
}

function principalKindOf(t: Applying, req: NormalizedRequest): PrincipalMatchKind | 'none' {
  const s = t.cs.statement;
  if (!s.principal) return 'none';
  return matchPrincipal(s.principal, req.principal).kind ?? 'none';
}

/** The statement of an applying entry with where it was found, for a reason. */
function located(a: Applying): LocatedStatement {
  const at: LocatedStatement = { policy: a.cs.policy, role: a.group.role, statement: a.cs.statement };
  if (a.group.level !== undefined) at.level = a.group.level;
  return at;
}

/** The special rule a reason is, if it is one (see {@link RuleCode}). */
function ruleOf(reason: DecisionReason): RuleCode | undefined {
  switch (reason.code) {
    case 'no-permission-required':
    case 'endpoint-policy-no-allow':
    case 'federated-session-without-policy':
    case 'trust-user-boundary':
      return reason.code;
    default:
      return undefined;
  }
}

/** The service's own refusal a reason is, if it is one. */
function serviceDenialOf(reason: DecisionReason): ServiceDenial | undefined {
  return reason.layer === 'block-public-access' || reason.layer === 'aws-protected' ? (reason as ServiceDenial) : undefined;
}

/**
 * A decision whose traces are built on first read: most callers (a matrix cell, a matcher that
 * passes) only read `result`, so explanations cost nothing until someone asks for them. A class
 * with prototype getters: an object literal with getters is many times slower to create.
 */
class LazyDecision implements Decision {
  private decidingTraces: StatementTrace[] | undefined;
  private full: StatementTrace[] | undefined;
  private unreadable: UnreadableRequestValue[] | undefined;

  constructor(
    readonly result: DecisionResult,
    readonly request: NormalizedRequest,
    readonly reason: DecisionReason,
    readonly notes: DecisionNote[],
    private readonly applying: Applying[],
    private readonly groups: Group[],
  ) {}

  /** The special rule that decided, when one did (see {@link RuleCode}). */
  get rule(): RuleCode | undefined {
    return ruleOf(this.reason);
  }

  get serviceDenial(): ServiceDenial | undefined {
    return serviceDenialOf(this.reason);
  }

  /** The statements that decided, with every check and reason. */
  get deciding(): StatementTrace[] {
    this.decidingTraces ??= traced(this.applying, this.request);
    return this.decidingTraces;
  }

  /** Request values some condition of the policies cannot read as its type (request-value-check.ts). */
  get unreadableValues(): UnreadableRequestValue[] {
    this.unreadable ??= unreadableRequestValues(
      this.groups.flatMap((g) => g.policies),
      this.request.context,
    );
    return this.unreadable;
  }

  get trace(): StatementTrace[] {
    this.full ??= this.groups.flatMap((g) => traceGroupFully(g, this.request, this.deciding));
    return this.full;
  }
}

/**
 * The decision `evaluate()` returns: its result from the decision-only path, everything else
 * from the explaining path, worked out on first read. The two paths must agree; when an
 * explanation shows they do not, that is a defect in jest-iam, reported loudly rather than
 * explained away.
 */
class FastDecision implements Decision {
  private full: Decision | undefined;
  private unreadable: UnreadableRequestValue[] | undefined;

  constructor(
    readonly result: DecisionResult,
    readonly request: NormalizedRequest,
    /** The set decided: the explanation is worked out from it on first read (no closures per decision). */
    private readonly set: PolicySet,
  ) {}

  private explained(): Decision {
    if (!this.full) {
      const full = evaluateExplained(this.set, this.request);
      if (full.result !== this.result)
        throw new Error(
          `jest-iam internal error: the decision path says ${this.result} but the explaining path says ${full.result} for ${this.request.action} on ${this.request.resource}; please report it`,
        );
      this.full = full;
    }
    return this.full;
  }

  get reason(): DecisionReason {
    return this.explained().reason;
  }

  get notes(): DecisionNote[] {
    return this.explained().notes;
  }

  get deciding(): StatementTrace[] {
    return this.explained().deciding;
  }

  get trace(): StatementTrace[] {
    return this.explained().trace;
  }

  get rule(): RuleCode | undefined {
    return this.explained().rule;
  }

  get serviceDenial(): ServiceDenial | undefined {
    return this.explained().serviceDenial;
  }

  /** Read without building the explanation: matchers ask it of every decision. */
  get unreadableValues(): UnreadableRequestValue[] {
    this.unreadable ??= unreadableRequestValues(policiesOf(this.set), this.request.context);
    return this.unreadable;
  }
}
