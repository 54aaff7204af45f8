import type { Policy } from '../../policy/policy-model';
import type { PolicySet } from '../../policy/policy-set';
import type { PrincipalMatchKind } from '../../match/principal';
import type { RequestPrincipal } from '../../request/principal';
import type { NormalizedRequest } from '../../request/access-request';
import { compilePolicy, statementsForAction, type CompiledStatement } from '../compile-policy';
import type { DecisionResult } from '../decision';
import { principalKinds, statementTest, type StatementTest } from './statement-test';
import { BoundedMemo } from '../../util/bounded-memo';
import { afterFifthColon } from '../../request/arn-parts';

/**
 * The decision-only path: the result of `evaluate()` without the explanation, from the same
 * compiled policies (compilePolicy / statementsForAction) as the explaining path. Per policy and
 * per action, the statements whose Action / NotAction admit the action are specialised once into
 * deny and allow predicates (statement-test.ts); statements for other actions are never looked
 * at. The combining rules below are the explaining path's (evaluate.ts, which cites the AWS
 * pages), in the same order, reduced to booleans; the property tests in test/unit/property hold
 * the two equal on every policy type.
 *
 * Closures, not generated code: `new Function` would need policy text inside generated source
 * (an injection surface, and refused under a Content-Security-Policy without 'unsafe-eval'); the
 * bench's hand-written yardstick shows what generated code could gain at most.
 */

/**
 * A statement of one policy for one action, ready to decide. Its predicate is specialised on the
 * first request that reaches it: a decision stops at the first allow that matches, so a policy of
 * 10,000 statements need not build 10,000 predicates before its first answer.
 */
class Entry {
  private t?: StatementTest;
  /** For resource-based policies: how the Principal element named the caller. */
  readonly kind?: (who: RequestPrincipal | undefined) => PrincipalMatchKind | undefined;

  constructor(private readonly cs: CompiledStatement) {
    if (cs.statement.principal) this.kind = principalKinds(cs.statement.principal);
  }

  test(req: NormalizedRequest): boolean {
    return (this.t ??= statementTest(this.cs))(req);
  }

  /**
   * The resource keys ({@link resourceKey}) of every ARN this statement's Resource element can
   * match, or undefined when that is not known from its patterns (NotResource, `*`, a wildcard or
   * variable before the resource's first `/`).
   */
  resourceKeys(): string[] | undefined {
    const rs = this.cs.resources;
    if (!rs || this.cs.notResources) return undefined;
    const keys: string[] = [];
    for (const r of rs) {
      const k = patternKey(r.pattern.source);
      if (k === undefined || r.pattern.matchesAll) return undefined;
      if (!keys.includes(k)) keys.push(k);
    }
    return keys;
  }
}

/**
 * What a resource-based index keys on: the ARN up to the first `/` of its resource part, or the
 * whole ARN when it has none (`arn:aws:s3:::lake-raw` for `arn:aws:s3:::lake-raw/home/a.csv`).
 * ARNs are matched case-sensitively and a pattern's text before its first wildcard or variable
 * must start the ARN (IAM User Guide, reference_policies_elements_resource.md), so a pattern
 * whose plain text reaches past that `/` can only match ARNs of one key.
 */
function resourceKey(resource: string): string {
  const cut = afterFifthColon(resource);
  if (cut < 0) return resource;
  const slash = resource.indexOf('/', cut);
  return slash < 0 ? resource : resource.slice(0, slash);
}

/** The one key every ARN a Resource pattern matches has, or undefined when the pattern does not fix it. */
function patternKey(source: string): string | undefined {
  if (!source.startsWith('arn:')) return undefined;
  // Plain text up to the first wildcard or `$` (a variable, or text a 2008-10-17 policy reads as such: cut short either way).
  let end = 0;
  while (end < source.length && source[end] !== '*' && source[end] !== '?' && source[end] !== '$') end++;
  const plain = source.slice(0, end);
  const cut = afterFifthColon(plain);
  if (cut < 0) return undefined;
  const slash = plain.indexOf('/', cut);
  if (slash >= 0) return plain.slice(0, slash);
  return end === source.length ? source : undefined;
}

/** A list of statements found by resource key: those that can match an ARN of the key, and those that can match any. */
interface ResourceIndex {
  byKey: Map<string, Entry[]>;
  any: Entry[];
}

/** Lists at least this long are indexed by resource key: below it, testing each statement is cheaper than the lookup. */
const INDEX_FROM = 8;

/**
 * A long list is indexed once it has been asked this many times: a one-off decision stops at the
 * first statement that applies (statements are specialised on first use), while building the
 * index reads every statement's patterns, which a policy of 10,000 statements would pay before
 * its first answer.
 */
const INDEX_AFTER_CALLS = 8;

/** Per long list: the index, null when not worth it, or how many times it was asked so far. */
const indexes = new WeakMap<Entry[], ResourceIndex | null | number>();

function indexOf(list: Entry[]): ResourceIndex | null {
  let ix = indexes.get(list);
  if (ix === undefined || typeof ix === 'number') {
    const calls = (ix ?? 0) + 1;
    if (calls < INDEX_AFTER_CALLS) {
      indexes.set(list, calls);
      return null;
    }
    ix = { byKey: new Map(), any: [] };
    for (const e of list) {
      const keys = e.resourceKeys();
      if (!keys) ix.any.push(e);
      else
        for (const k of keys) {
          const at = ix.byKey.get(k);
          if (at) at.push(e);
          else ix.byKey.set(k, [e]);
        }
    }
    // Not worth it when most statements can match any resource.
    if (ix.any.length * 2 > list.length) ix = null;
    indexes.set(list, ix);
  }
  return ix;
}

// One decision asks several lists about one resource: its key is cut once.
let lastResource = '';
let lastKey = '';

function keyOfRequest(resource: string): string {
  if (resource !== lastResource) {
    lastKey = resourceKey(resource);
    lastResource = resource;
  }
  return lastKey;
}

/**
 * Whether any statement of `list` applies to the request. Order does not matter (any one
 * suffices), so a long list asks only the statements that can match the request's resource.
 */
function anyApplies(list: Entry[], req: NormalizedRequest): boolean {
  if (list.length >= INDEX_FROM) {
    const ix = indexOf(list);
    if (ix) {
      const hit = ix.byKey.get(keyOfRequest(req.resource));
      if (hit) for (let j = 0; j < hit.length; j++) if (hit[j].test(req)) return true;
      const any = ix.any;
      for (let j = 0; j < any.length; j++) if (any[j].test(req)) return true;
      return false;
    }
  }
  for (let j = 0; j < list.length; j++) if (list[j].test(req)) return true;
  return false;
}

interface ActionPlan {
  deny: Entry[];
  allow: Entry[];
}

interface PolicyPlans {
  byAction: BoundedMemo<string, ActionPlan>;
}

/** Distinct actions remembered per policy before the memo starts over (as compile-policy.ts). */
const MAX_ACTIONS = 2000;
const plans = new WeakMap<Policy, PolicyPlans>();

function planFor(policy: Policy, action: string, service: string): ActionPlan {
  let pp = plans.get(policy);
  if (!pp) {
    pp = { byAction: new BoundedMemo(MAX_ACTIONS) };
    plans.set(policy, pp);
  }
  return pp.byAction.get(action, () => {
    const ap: ActionPlan = { deny: [], allow: [] };
    for (const cs of statementsForAction(compilePolicy(policy), action, service)) {
      const e = new Entry(cs);
      (cs.statement.effect === 'Deny' ? ap.deny : ap.allow).push(e);
    }
    return ap;
  });
}

/** A policy type's statements for one action, every policy of the type in order, deny and allow apart. */
interface GroupPlan {
  deny: Entry[];
  allow: Entry[];
}

const EMPTY: GroupPlan = { deny: [], allow: [] };

function groupPlan(policies: readonly Policy[], action: string, service: string): GroupPlan {
  if (!policies.length) return EMPTY;
  if (policies.length === 1) return planFor(policies[0], action, service);
  const g: GroupPlan = { deny: [], allow: [] };
  for (const p of policies) {
    const ap = planFor(p, action, service);
    g.deny.push(...ap.deny);
    g.allow.push(...ap.allow);
  }
  return g;
}

/**
 * A policy set's statements for one action, by policy type (and organisation level): one lookup
 * per decision instead of one per policy. Built from the per-policy plans above, so each
 * statement is still specialised once; the lists keep the policies' order, so a first match is
 * the same as when each policy is asked in turn.
 */
interface SetPlan {
  /** The set has identity-based policies and nothing else (the common `evaluate(policy, ...)`). */
  identityOnly: boolean;
  identity: GroupPlan;
  resource: GroupPlan;
  boundary: GroupPlan;
  scps: GroupPlan[];
  rcps: GroupPlan[];
  session: GroupPlan;
  endpoint: GroupPlan;
}

export interface SetPlans {
  /** Every policy of the set when the plans were made, in a fixed order: a set changed since is planned again. */
  policies: unknown[];
  byAction: Map<string, SetPlan>;
}

const setPlans = new WeakMap<PolicySet, SetPlans>();

/** The set's policies and lists, in a fixed order, to notice a set changed after it was planned. */
function shapeOf(set: PolicySet): unknown[] {
  const out: unknown[] = [
    set.identity,
    ...set.identity,
    set.resource,
    ...(set.resource ?? NO_POLICIES),
    set.trust,
    set.boundary,
    set.session,
    ...(set.session ?? NO_POLICIES),
    set.endpoint,
    ...(set.endpoint ?? NO_POLICIES),
  ];
  for (const levels of [set.scps, set.rcps]) {
    out.push(levels);
    for (const l of levels ?? []) out.push(l.policies, ...l.policies);
  }
  return out;
}

/** Whether `known[i..]` starts with `xs` and its policies; the index past them, or -1. Loops, no closures: it runs on every decision. */
function matchList(known: unknown[], i: number, xs: readonly Policy[] | undefined): number {
  if (i < 0 || known[i++] !== xs) return -1;
  if (xs) for (let j = 0; j < xs.length; j++) if (known[i++] !== xs[j]) return -1;
  return i;
}

function sameShape(set: PolicySet, known: unknown[]): boolean {
  let i = matchList(known, 0, set.identity);
  i = matchList(known, i, set.resource);
  if (i < 0 || known[i++] !== set.trust || known[i++] !== set.boundary) return false;
  i = matchList(known, i, set.session);
  i = matchList(known, i, set.endpoint);
  for (let k = 0; k < 2; k++) {
    const levels = k === 0 ? set.scps : set.rcps;
    if (i < 0 || known[i++] !== levels) return false;
    if (levels) for (let j = 0; j < levels.length; j++) i = matchList(known, i, levels[j].policies);
  }
  return i === known.length;
}

// A loop asks one set many times: the last set's plans are at hand without a WeakMap lookup.
let lastSet: PolicySet | undefined;
let lastPlans: SetPlans | undefined;

/**
 * Plans for a set that cannot change (one `evaluate()` made for a single policy and never hands
 * out): kept by the caller beside the set, so a decision finds them without a lookup.
 */
export function sealedPlans(): SetPlans {
  return { policies: [], byAction: new Map() };
}

function setPlanFor(set: PolicySet, action: string, service: string, sealed: SetPlans | undefined): SetPlan {
  let sp = sealed ?? (set === lastSet ? lastPlans : setPlans.get(set));
  if (!sp || (!sealed && !sameShape(set, sp.policies))) {
    sp = { policies: shapeOf(set), byAction: new Map() };
    setPlans.set(set, sp);
  }
  if (!sealed) {
    lastSet = set;
    lastPlans = sp;
  }
  let plan = sp.byAction.get(action);
  if (!plan) {
    const resource = set.trust ? [...(set.resource ?? NO_POLICIES), set.trust] : (set.resource ?? NO_POLICIES);
    plan = {
      identityOnly:
        !set.resource?.length && !set.trust && !set.boundary && !set.scps?.length && !set.rcps?.length && !set.session?.length && !set.endpoint?.length,
      identity: groupPlan(set.identity, action, service),
      resource: groupPlan(resource, action, service),
      boundary: set.boundary ? planFor(set.boundary, action, service) : EMPTY,
      scps: (set.scps ?? []).map((l) => groupPlan(l.policies, action, service)),
      rcps: (set.rcps ?? []).map((l) => groupPlan(l.policies, action, service)),
      session: groupPlan(set.session ?? NO_POLICIES, action, service),
      endpoint: groupPlan(set.endpoint ?? NO_POLICIES, action, service),
    };
    if (sp.byAction.size >= MAX_ACTIONS) sp.byAction.clear();
    sp.byAction.set(action, plan);
  }
  return plan;
}

function denies(g: GroupPlan, req: NormalizedRequest): boolean {
  return anyApplies(g.deny, req);
}

function allows(g: GroupPlan, req: NormalizedRequest): boolean {
  return anyApplies(g.allow, req);
}

/** Principal kinds that let a same-account resource-based allow grant access on its own. */
const DIRECT: ReadonlySet<string> = new Set(['any', 'user', 'session', 'service', 'federated', 'canonical']);
/** The same when the caller is an IAM user whose boundary limits a trust policy naming it. */
const DIRECT_BOUNDED_USER: ReadonlySet<string> = new Set(['any', 'session', 'service', 'federated', 'canonical']);
/** Principal kinds whose grant is limited by boundary and session policies. */
const LIMITED: ReadonlySet<string> = new Set(['role', 'federating-user']);
const LIMITED_BOUNDED_USER: ReadonlySet<string> = new Set(['role', 'federating-user', 'user']);

/** What the resource-based allows that apply say: none, one naming the role, one naming the caller directly. */
const enum ResourceAllow {
  None = 0,
  Other = 1,
  Limited = 2,
  Direct = 3,
}

function resourceAllow(g: GroupPlan, req: NormalizedRequest, direct: ReadonlySet<string>, limited: ReadonlySet<string>): ResourceAllow {
  let best = ResourceAllow.None;
  for (const e of g.allow) {
    if (!e.test(req)) continue;
    const k = e.kind ? (e.kind(req.principal) ?? 'none') : 'none';
    if (direct.has(k)) return ResourceAllow.Direct;
    if (limited.has(k)) best = ResourceAllow.Limited;
    else if (best === ResourceAllow.None) best = ResourceAllow.Other;
  }
  return best;
}

/**
 * {@link decideFast} for a set of identity-based policies alone: the same rules with every other
 * policy type absent, so no resource-based policy can grant, none is there to allow across
 * accounts, and a federated-user session without a session policy has no permissions.
 */
function decideIdentityOnly(identity: GroupPlan, req: NormalizedRequest, scope: DecisionScope): DecisionResult {
  if (denies(identity, req)) return 'ExplicitDeny';
  const kind = req.principal?.kind;
  const isRoot = kind === 'Account';
  const hasIdentity = kind !== 'Anonymous' && kind !== 'Service' && kind !== 'WebIdentity' && kind !== 'CanonicalUser';
  if (!isRoot && !(hasIdentity && allows(identity, req))) return 'ImplicitDeny';
  if (kind === 'FederatedUser' || scope.resourcePolicyRequired) return 'ImplicitDeny';
  const principalAccount = req.principal?.account;
  if (principalAccount && req.resourceAccount && principalAccount !== req.resourceAccount) return 'ImplicitDeny';
  return 'Allow';
}

/** Which policy types take part, worked out by the caller with the explaining path's rules. */
export interface DecisionScope {
  scps: boolean;
  rcps: boolean;
  session: boolean;
  /** The resource-based policy that must allow, when one must (KMS key policies, trust policies). */
  resourcePolicyRequired: boolean;
}

const NO_POLICIES: readonly Policy[] = [];

/**
 * The result `evaluate()` gives, without building any explanation. `sealed`: the plans of a set
 * `evaluate()` made itself and never handed out ({@link sealedPlans}), never checked for changes.
 */
export function decideFast(set: PolicySet, req: NormalizedRequest, scope: DecisionScope, sealed?: SetPlans): DecisionResult {
  // (Actions that need no permission are answered by evaluate() before this is called.)
  const plan = setPlanFor(set, req.action, req.service, sealed);
  if (plan.identityOnly) return decideIdentityOnly(plan.identity, req, scope);
  const hasResource = !!(set.resource?.length || set.trust);
  // 1. An explicit deny in any policy that takes part wins.
  if (denies(plan.identity, req)) return 'ExplicitDeny';
  if (denies(plan.resource, req)) return 'ExplicitDeny';
  if (denies(plan.boundary, req)) return 'ExplicitDeny';
  if (scope.scps) for (const l of plan.scps) if (denies(l, req)) return 'ExplicitDeny';
  if (scope.rcps) for (const l of plan.rcps) if (denies(l, req)) return 'ExplicitDeny';
  if (scope.session && denies(plan.session, req)) return 'ExplicitDeny';
  if (denies(plan.endpoint, req)) return 'ExplicitDeny';
  // 2. Every SCP level must allow.
  if (scope.scps) for (const l of plan.scps) if (!allows(l, req)) return 'ImplicitDeny';

  const kind = req.principal?.kind;
  const hasIdentity = kind !== 'Anonymous' && kind !== 'Service' && kind !== 'WebIdentity' && kind !== 'CanonicalUser';
  const isRoot = kind === 'Account';
  // A VPC endpoint policy must allow every request through the endpoint.
  if (set.endpoint?.length && !allows(plan.endpoint, req)) return 'ImplicitDeny';
  const identityOk = isRoot || (hasIdentity && allows(plan.identity, req));
  // A trust policy naming an IAM user with a boundary is limited by that boundary.
  const userNeedsBoundary = kind === 'User' && !!set.boundary && scope.resourcePolicyRequired && req.service === 'sts';
  const byResource = hasResource
    ? resourceAllow(plan.resource, req, userNeedsBoundary ? DIRECT_BOUNDED_USER : DIRECT, userNeedsBoundary ? LIMITED_BOUNDED_USER : LIMITED)
    : ResourceAllow.None;
  const boundaryOk = isRoot || !set.boundary || allows(plan.boundary, req);
  // A federated-user session created without a session policy has no permissions.
  const federatedWithoutPolicy = kind === 'FederatedUser' && !set.session?.length;
  const sessionOk = federatedWithoutPolicy ? false : !scope.session || !set.session?.length || allows(plan.session, req);
  const principalAccount = req.principal?.account;
  const crossAccount = !!principalAccount && !!req.resourceAccount && principalAccount !== req.resourceAccount;
  const limited = !boundaryOk || !sessionOk;

  // 3. Same account: a resource-based allow naming the caller suffices; a limited grant is limited by boundary and session policies.
  if (!crossAccount && byResource !== ResourceAllow.None) {
    if (byResource === ResourceAllow.Direct) return 'Allow';
    if (byResource === ResourceAllow.Limited && !limited) return 'Allow';
    if (byResource === ResourceAllow.Limited && !identityOk) return 'ImplicitDeny';
  }
  if (!identityOk) return 'ImplicitDeny';
  if (limited) return 'ImplicitDeny';
  if (scope.resourcePolicyRequired && byResource === ResourceAllow.None) return 'ImplicitDeny';
  // 4. Across accounts the resource-based policy must allow too.
  if (crossAccount && byResource === ResourceAllow.None) return 'ImplicitDeny';
  return 'Allow';
}
