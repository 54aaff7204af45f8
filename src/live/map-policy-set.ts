/**
 * Maps a policy set and a request onto the policy simulator's inputs (IAM API Reference,
 * API_SimulateCustomPolicy.html and SimulatePrincipalPolicy), and says which parts the simulator cannot
 * take. Facts this follows, from that reference:
 * - PolicyInputList: identity-based policies only, at least one; no session ("scope-down") policies;
 * - PermissionsBoundaryPolicyInputList: one permissions boundary;
 * - OrderedOrganizationPolicyInputList: SCPs, one entry per level from the root to the account;
 *   SCPs that use global condition keys cannot be tested (IAM User Guide,
 *   access_policies_testing-policies.md, "How the IAM policy simulator works");
 * - there is no input for RCPs;
 * - ResourcePolicy: one resource-based policy, used only with CallerArn, which must be an IAM
 *   user ARN (not an assumed role, federated user or service); resource-based policies are not
 *   simulated for IAM roles (so role trust policies are not, for sts:AssumeRole* either), and
 *   the simulator "supports resource-based policies from only" Amazon S3, Amazon SQS, Amazon SNS
 *   and S3 Glacier (IAM User Guide, access_policies_testing-policies.md);
 * - DynamoDB fine-grained access control conditions are not supported (same page, "DynamoDB
 *   FGAC is currently not supported");
 * - ResourceOwner: the account owning resources whose ARN names none (S3), and the owner of the
 *   ResourcePolicy;
 * - ActionNames: no wildcards.
 */

import { needsNoPermission } from '../request/action-exceptions';
import { createHash } from 'node:crypto';
import type { SimulateCustomPolicyCommandInput, SimulatePrincipalPolicyCommandInput } from '@aws-sdk/client-iam';
import type { NormalizedRequest } from '../request/access-request';
import type { PolicySet } from '../policy/policy-set';
import { RequestContext } from '../request/request-context';
import { splitArn } from '../request/arn-parts';
import type { Policy } from '../policy/policy-model';
import { contextEntriesFor, referencedKeys } from './context-entries';
import type { PolicyIdentifier } from '@aws-sdk/client-iam';
import { livePrincipalOf, livePrincipalOfPolicy, type LivePrincipal } from './live-principal-registry';
import { policyTextForIam } from './policy-json';

type Unbatched = 'ActionNames' | 'ResourceArns' | 'MaxItems' | 'Marker';

/** One simulated cell: the call's parameters other than actions and resources, plus the cell's action and resource. */
export type SimulationInput =
  | { operation: 'SimulateCustomPolicy'; params: Omit<SimulateCustomPolicyCommandInput, Unbatched>; action: string; resource: string }
  | {
      operation: 'SimulatePrincipalPolicy';
      params: Omit<SimulatePrincipalPolicyCommandInput, Unbatched>;
      action: string;
      resource: string;
      /** sha256 of the loaded policy texts: IAM reads them from the account, so a change there must change the cache key. */
      fingerprint: string;
    };

/** A policy as sent to IAM, with the id IAM names it by in `MatchedStatements.SourcePolicyId`. */
export interface SentPolicy {
  id: string;
  policy: Policy;
  /** The text IAM received (undefined for policies IAM read from the account itself). */
  text?: string;
  reserialized: boolean;
  /** e.g. `identity-based policy`, for messages. */
  role: string;
}

/**
 * A known limit of IAM's policy simulator that keeps a part of a cell from it (IAM User Guide,
 * access_policies_testing-policies.md; IAM API Reference, SimulateCustomPolicy): the reason a
 * cell may be skipped. Anything else that keeps IAM from answering fails the cell.
 */
export type SkipReason =
  | 'wildcard action'
  | 'no identity-based policy'
  | 'resource policy the simulator cannot evaluate'
  | 'DynamoDB fine-grained access control'
  | 'caller type'
  | 'cross-account caller'
  | 'SCPs'
  | 'RCPs'
  | 'session policies'
  | 'VPC endpoint policies'
  | 'resource-based policy'
  | 'context key type'
  | "account's own SCPs"
  | 'missing context value';

export interface MappedCell {
  /** The simulation to run; undefined when nothing of the cell can be simulated. */
  input?: SimulationInput;
  /** Every part of the cell the simulator is not given, as sentences. */
  notComparable: string[];
  /** The simulator's limit behind each sentence of `notComparable` (same order). */
  limits: SkipReason[];
  /** Why the cell cannot be sent at all for a reason that is no limit of the simulator (it then fails). */
  unsendable?: string;
  /** What the simulator actually decides: the cell without the parts it cannot take. */
  reduced: { set: PolicySet; request: NormalizedRequest };
  sources: SentPolicy[];
}

/** Services whose resource-based policies the simulator evaluates (access_policies_testing-policies.md). */
const RESOURCE_POLICY_SERVICES = new Set(['s3', 'sqs', 'sns', 'glacier']);

/** Global condition keys start with `aws:` (IAM User Guide, reference_policies_condition-keys.md). */
function usesGlobalKeys(policies: Policy[]): boolean {
  for (const k of referencedKeys(policies).keys()) if (k.startsWith('aws:')) return true;
  return false;
}

/**
 * Requests that no identity-based allow can grant without a resource-based policy the simulator
 * cannot evaluate: a KMS key needs its key policy (AWS KMS Developer Guide, key-policies.md) and
 * sts:AssumeRole* needs the role's trust policy (IAM User Guide, id_roles_compare.md); the
 * simulator "does not automatically retrieve policies for the specified resources" and takes
 * resource-based policies of S3, SQS, SNS and S3 Glacier only.
 */
function unsimulatedResourcePolicy(request: NormalizedRequest): string | undefined {
  if (request.service === 'kms' && /:key\//.test(request.resource))
    return `${request.action} on a KMS key needs its key policy to allow it, and the simulator cannot evaluate KMS key policies`;
  if (/^sts:assumerole/i.test(request.action) && /:role\//.test(request.resource))
    return `${request.action} needs the role's trust policy to allow it, and the simulator does not simulate role trust policies`;
  // AWS STS API Reference (API_GetCallerIdentity.html, API_GetSessionToken.html): AWS checks no policy for these.
  if (needsNoPermission(request.action))
    return `${request.action} needs no permission at all, so what the simulator says about the policies does not decide it`;
  return undefined;
}

/** The request's context without the keys that cannot be sent. */
function withoutKeys(ctx: RequestContext, drop: Set<string>): RequestContext {
  if (!drop.size) return ctx;
  const out = new RequestContext();
  for (const v of ctx.all()) if (!drop.has(v.key.toLowerCase())) out.set(v.key, v.multi ? v.values : v.values[0]);
  return out;
}

/** The account id of an ARN, or undefined when it names none (S3 buckets and objects). */
const arnAccount = (arn: string) => (arn === '*' ? undefined : splitArn(arn)?.account || undefined);

/** Maps one cell. Never throws for a valid set and request: what cannot be mapped is reported. */
export function mapPolicySet(set: PolicySet, request: NormalizedRequest): MappedCell {
  const live = livePrincipalOf(set);
  if (live) return mapLivePrincipal(set, request, live);
  const whatIf = whatIfOf(set);
  if (whatIf) return mapLivePrincipal(set, request, whatIf.principal, whatIf);

  const notComparable: string[] = [];
  const limits: SkipReason[] = [];
  const fatal: string[] = [];
  const fatalLimits: SkipReason[] = [];
  const limit = (reason: SkipReason, text: string) => (notComparable.push(text), limits.push(reason));
  const stop = (reason: SkipReason, text: string) => (fatal.push(text), fatalLimits.push(reason));
  let unsendable: string | undefined;
  const sources: SentPolicy[] = [];
  const reducedSet: PolicySet = { identity: set.identity };
  if (set.managementAccount) reducedSet.managementAccount = set.managementAccount;
  const action = request.action;
  const resource = request.resource;
  if (/[*?]/.test(action)) stop('wildcard action', `action ${action} has a wildcard; the simulator takes exact action names`);
  if (!set.identity.length) stop('no identity-based policy', 'the set has no identity-based policy; SimulateCustomPolicy needs at least one (PolicyInputList)');
  const unsimulated = unsimulatedResourcePolicy(request);
  if (unsimulated) stop('resource policy the simulator cannot evaluate', unsimulated);
  const fgac = [...referencedKeys([...set.identity, ...(set.boundary ? [set.boundary] : []), ...(set.resource ?? [])]).values()].find((u) =>
    u.key.toLowerCase().startsWith('dynamodb:'),
  );
  if (fgac && request.service === 'dynamodb')
    stop('DynamoDB fine-grained access control', `condition key ${fgac.key} is DynamoDB fine-grained access control, which the simulator does not support`);

  const principal = request.principal;
  const callerArn = principal?.kind === 'User' ? principal.principalArn : undefined;
  if (principal && !callerArn) {
    const crossAccount = principal.account && request.resourceAccount && principal.account !== request.resourceAccount;
    // Without the caller IAM cannot see that the request crosses accounts, so it would decide a
    // different (same-account) request: skip rather than send half of it.
    if (crossAccount)
      stop(
        'cross-account caller',
        `cross-account request (principal account ${principal.account}, resource account ${request.resourceAccount}) by ${principal.given}: the simulator sees who asks, and so a cross-account request, only through CallerArn, which takes IAM user ARNs`,
      );
    else
      limit('caller type', `the principal ${principal.given} is not an IAM user, and CallerArn takes only IAM user ARNs: the simulator does not know who asks`);
  }

  const send = (p: Policy, id: string, role: string): string | undefined => {
    try {
      const t = policyTextForIam(p);
      sources.push({ id, policy: p, text: t.text, reserialized: t.reserialized, role });
      return t.text;
    } catch (e) {
      unsendable ??= `policy ${p.name} cannot be sent to IAM as JSON (${(e as Error).message.split('\n')[0]})`;
      return undefined;
    }
  };

  const policyInputList = set.identity.map((p, i) => send(p, `PolicyInputList.${i + 1}`, 'identity-based policy') ?? '');
  let boundaryText: string | undefined;
  if (set.boundary) {
    reducedSet.boundary = set.boundary;
    boundaryText = send(set.boundary, 'PermissionsBoundaryPolicyInputList.1', 'permissions boundary');
  }

  let scpLevels: { ServiceControlPolicyInputList: string[] }[] | undefined;
  if (set.scps?.length) {
    const empty = set.scps.find((l) => !l.policies.length);
    const all = set.scps.flatMap((l) => l.policies);
    if (set.managementAccount && principal?.account === set.managementAccount) {
      // AWS Organizations User Guide, orgs_manage_policies_scps.md: SCPs do not restrict the management account.
      limit('SCPs', `SCPs: the caller is in the management account ${set.managementAccount}, which SCPs do not restrict, and the simulator cannot be told so`);
    } else if (empty) limit('SCPs', `SCP level ${empty.name} has no policy; the simulator takes SCP levels that each hold at least one SCP`);
    else if (usesGlobalKeys(all)) limit('SCPs', 'the SCPs use global condition keys (aws:...), which the simulator cannot test in SCPs');
    else {
      reducedSet.scps = set.scps;
      scpLevels = set.scps.map((l, li) => ({
        ServiceControlPolicyInputList: l.policies.map((p, pi) => send(p, `OrderedOrganizationPolicyInputList.${li + 1}.${pi + 1}`, `SCP at ${l.name}`) ?? ''),
      }));
    }
  }
  if (set.rcps?.length) limit('RCPs', `RCPs (${set.rcps.map((l) => l.name).join(', ')}): the simulator cannot take RCP text`);
  if (set.session?.length)
    limit('session policies', `session policies (${set.session.map((p) => p.name).join(', ')}): the simulator does not accept session policies`);
  // API_SimulateCustomPolicy.html takes no VPC endpoint policy; leaving it out would compare a different request.
  if (set.endpoint?.length)
    limit('VPC endpoint policies', `VPC endpoint policies (${set.endpoint.map((p) => p.name).join(', ')}): the simulator does not accept endpoint policies`);

  let resourcePolicyText: string | undefined;
  if (set.resource?.length) {
    const names = set.resource.map((p) => p.name).join(', ');
    const roleResource = /^arn:[^:]+:iam::[^:]*:role\//.test(resource);
    if (set.resource.length > 1) limit('resource-based policy', `${set.resource.length} resource-based policies (${names}): the simulator takes one`);
    else if (!callerArn)
      limit(
        'resource-based policy',
        `resource-based policy ${names}: the simulator uses a ResourcePolicy only with CallerArn, an IAM user ARN, and the request's principal is ${principal ? principal.given : 'not given'}`,
      );
    else if (roleResource || /^sts:assume/i.test(action))
      limit(
        'resource-based policy',
        `resource-based policy ${names}: the simulator does not simulate role trust policies (resource-based policies of IAM roles)`,
      );
    else if (!RESOURCE_POLICY_SERVICES.has(resource === '*' ? request.service : (splitArn(resource)?.service ?? ''))) {
      limit(
        'resource-based policy',
        `resource-based policy ${names}: the simulator evaluates resource-based policies of Amazon S3, SQS, SNS and S3 Glacier only`,
      );
    } else {
      reducedSet.resource = set.resource;
      resourcePolicyText = send(set.resource[0], 'ResourcePolicy', 'resource-based policy');
    }
  }

  const sent = [
    ...reducedSet.identity,
    ...(reducedSet.boundary ? [reducedSet.boundary] : []),
    ...(reducedSet.resource ?? []),
    ...(reducedSet.scps ?? []).flatMap((l) => l.policies),
  ];
  const typed = contextEntriesFor(sent, request.context);
  for (const t of typed.notComparable) limit('context key type', t);
  const reducedRequest: NormalizedRequest = { action, service: request.service, resource, context: withoutKeys(request.context, typed.unsent) };
  if (callerArn && principal) reducedRequest.principal = principal;
  if (request.resourceAccount) reducedRequest.resourceAccount = request.resourceAccount;
  const reduced = { set: reducedSet, request: reducedRequest };
  if (fatal.length || unsendable)
    return {
      notComparable: [...fatal, ...notComparable],
      limits: [...fatalLimits, ...limits],
      reduced,
      sources,
      ...(unsendable && !fatal.length ? { unsendable } : {}),
    };

  const params: Omit<SimulateCustomPolicyCommandInput, Unbatched> = { PolicyInputList: policyInputList };
  if (boundaryText !== undefined) params.PermissionsBoundaryPolicyInputList = [boundaryText];
  if (scpLevels) params.OrderedOrganizationPolicyInputList = scpLevels;
  if (resourcePolicyText !== undefined) params.ResourcePolicy = resourcePolicyText;
  if (callerArn) params.CallerArn = callerArn;
  // ResourceOwner names the account of a resource whose ARN names none (S3) and of the
  // ResourcePolicy; it is sent only with the caller, so IAM decides the request as asked.
  const owner = request.resourceAccount;
  if (owner && callerArn && (resourcePolicyText !== undefined || !arnAccount(resource)))
    params.ResourceOwner = `arn:${(resource !== '*' && splitArn(resource)?.partition) || principal?.partition || 'aws'}:iam::${owner}:root`;
  if (typed.entries.length) params.ContextEntries = typed.entries;
  return { input: { operation: 'SimulateCustomPolicy', params, action, resource }, notComparable, limits, reduced, sources };
}

/**
 * A proposed change to a live principal: a set built from its loaded policies with some left out
 * and others added (and the boundary kept, removed or replaced). IAM then simulates the principal
 * itself with the change: `PolicyExclusionList` names the loaded policies left out ("what the
 * simulation result would be if a policy were removed, without changing which policies are
 * actually attached"), `PolicyInputList` adds the new ones and `PermissionsBoundaryPolicyInputList`
 * replaces the boundary (IAM API Reference, API_SimulatePrincipalPolicy.html).
 */
interface WhatIf {
  principal: LivePrincipal;
  exclusions: PolicyIdentifier[];
  added: Policy[];
  boundary?: Policy;
}

function whatIfOf(set: PolicySet): WhatIf | undefined {
  if (set.resource?.length || set.scps?.length || set.rcps?.length || set.session?.length || set.trust) return undefined;
  const owners = new Set<LivePrincipal>();
  for (const p of [...set.identity, ...(set.boundary ? [set.boundary] : [])]) {
    const o = livePrincipalOfPolicy(p);
    if (o) owners.add(o);
  }
  if (owners.size !== 1) return undefined;
  const principal = [...owners][0];
  if (!principal.identifiers || !principal.identity) return undefined;
  const exclusions: PolicyIdentifier[] = [];
  for (const p of principal.identity) {
    if (set.identity.includes(p)) continue;
    const id = principal.identifiers.get(p);
    if (!id) return undefined;
    exclusions.push(id);
  }
  const out: WhatIf = { principal, exclusions, added: set.identity.filter((p) => !principal.iamIds.has(p)) };
  if (principal.boundary && !set.boundary) exclusions.push({ PolicyType: 'permission-boundary' });
  if (set.boundary && set.boundary !== principal.boundary) {
    if (livePrincipalOfPolicy(set.boundary)) return undefined;
    out.boundary = set.boundary;
  }
  return out;
}

/**
 * A principal loaded from the account: IAM reads its policies itself (SimulatePrincipalPolicy
 * with PolicySourceArn), group policies and the permissions boundary included.
 */
function mapLivePrincipal(set: PolicySet, request: NormalizedRequest, live: LivePrincipal, whatIf?: WhatIf): MappedCell {
  const notComparable: string[] = [];
  const limits: SkipReason[] = [];
  const fatal: string[] = [];
  const fatalLimits: SkipReason[] = [];
  const stop = (reason: SkipReason, text: string) => {
    fatal.push(text);
    fatalLimits.push(reason);
  };
  if (/[*?]/.test(request.action)) stop('wildcard action', `action ${request.action} has a wildcard; the simulator takes exact action names`);
  const unsimulated = unsimulatedResourcePolicy(request);
  if (unsimulated) stop('resource policy the simulator cannot evaluate', unsimulated);
  const sources: SentPolicy[] = [];
  const texts = (p: Policy, id: string, role: string): string | undefined => {
    try {
      const t = policyTextForIam(p);
      sources.push({ id, policy: p, text: t.text, reserialized: t.reserialized, role });
      return t.text;
    } catch (e) {
      fatal.push(`policy ${p.name} cannot be sent to IAM as JSON (${(e as Error).message.split('\n')[0]})`);
      return undefined;
    }
  };
  for (const p of set.identity)
    if (live.iamIds.has(p)) sources.push({ id: live.iamIds.get(p) ?? p.name, policy: p, reserialized: false, role: 'identity-based policy' });
  if (set.boundary && live.iamIds.has(set.boundary))
    sources.push({ id: live.iamIds.get(set.boundary) ?? set.boundary.name, policy: set.boundary, reserialized: false, role: 'permissions boundary' });
  const added = (whatIf?.added ?? []).map((p, i) => texts(p, `PolicyInputList.${i + 1}`, 'identity-based policy (proposed)') ?? '');
  const newBoundary = whatIf?.boundary ? texts(whatIf.boundary, 'PermissionsBoundaryPolicyInputList.1', 'permissions boundary (proposed)') : undefined;
  const typed = contextEntriesFor([...set.identity, ...(set.boundary ? [set.boundary] : [])], request.context);
  for (const t of typed.notComparable) {
    notComparable.push(t);
    limits.push('context key type');
  }
  const limit = (reason: SkipReason, text: string) => {
    notComparable.push(text);
    limits.push(reason);
  };
  // What IAM decides: the principal's own policies (read from the account), plus what is sent below.
  const reducedSet: PolicySet = { identity: set.identity };
  if (set.boundary) reducedSet.boundary = set.boundary;
  if (set.managementAccount) reducedSet.managementAccount = set.managementAccount;
  // SimulatePrincipalPolicy applies the account's real SCPs and takes no SCP, RCP, session or endpoint policy text.
  if (set.scps?.length)
    limit('SCPs', `SCPs (${set.scps.map((l) => l.name).join(', ')}): SimulatePrincipalPolicy applies the account's own SCPs and takes no SCP text`);
  if (set.rcps?.length) limit('RCPs', `RCPs (${set.rcps.map((l) => l.name).join(', ')}): the simulator cannot take RCP text`);
  if (set.session?.length)
    limit('session policies', `session policies (${set.session.map((p) => p.name).join(', ')}): the simulator does not accept session policies`);
  if (set.endpoint?.length)
    limit('VPC endpoint policies', `VPC endpoint policies (${set.endpoint.map((p) => p.name).join(', ')}): the simulator does not accept endpoint policies`);

  // A cross-account request is decided in both accounts (IAM User Guide,
  // reference_policies_evaluation-logic-cross-account.md). IAM sees it as one only through
  // ResourceOwner, with the caller: for a user that is PolicySourceArn itself; CallerArn, the only
  // other way to name the caller, "must be the ARN of an IAM user" (IAM API Reference,
  // API_SimulatePrincipalPolicy.html), so a role's cross-account request cannot be sent whole.
  const liveAccount = splitArn(live.arn)?.account || undefined;
  const owner = request.resourceAccount;
  const crossAccount = !!owner && !!liveAccount && owner !== liveAccount;
  if (crossAccount && live.kind !== 'user')
    stop(
      'cross-account caller',
      `cross-account request (principal account ${liveAccount}, resource account ${owner}) by the role ${live.arn}: IAM sees a cross-account request only with its caller, and CallerArn takes IAM user ARNs, not roles`,
    );
  let resourcePolicyText: string | undefined;
  if (set.resource?.length) {
    const names = set.resource.map((p) => p.name).join(', ');
    const service = request.resource === '*' ? request.service : (splitArn(request.resource)?.service ?? '');
    if (set.resource.length > 1) limit('resource-based policy', `${set.resource.length} resource-based policies (${names}): the simulator takes one`);
    else if (live.kind !== 'user')
      limit(
        'resource-based policy',
        `resource-based policy ${names}: the simulator uses a ResourcePolicy with the caller, and CallerArn takes IAM user ARNs, not the role ${live.arn}`,
      );
    else if (/^arn:[^:]+:iam::[^:]*:role\//.test(request.resource) || /^sts:assume/i.test(request.action))
      limit(
        'resource-based policy',
        `resource-based policy ${names}: the simulator does not simulate role trust policies (resource-based policies of IAM roles)`,
      );
    else if (!RESOURCE_POLICY_SERVICES.has(service))
      limit(
        'resource-based policy',
        `resource-based policy ${names}: the simulator evaluates resource-based policies of Amazon S3, SQS, SNS and S3 Glacier only`,
      );
    else {
      reducedSet.resource = set.resource;
      resourcePolicyText = texts(set.resource[0], 'ResourcePolicy', 'resource-based policy');
    }
  }
  const reducedRequest: NormalizedRequest = { ...request, context: withoutKeys(request.context, typed.unsent) };
  const reduced = { set: reducedSet, request: reducedRequest };
  if (fatal.length) return { notComparable: [...fatal, ...notComparable], limits: [...fatalLimits, ...limits], reduced, sources };
  const params: Omit<SimulatePrincipalPolicyCommandInput, Unbatched> = { PolicySourceArn: live.arn };
  if (resourcePolicyText !== undefined) params.ResourcePolicy = resourcePolicyText;
  if (owner && live.kind === 'user' && (crossAccount || resourcePolicyText !== undefined || !arnAccount(request.resource)))
    params.ResourceOwner = `arn:${(request.resource !== '*' && splitArn(request.resource)?.partition) || splitArn(live.arn)?.partition || 'aws'}:iam::${owner}:root`;
  if (added.length) params.PolicyInputList = added;
  if (newBoundary !== undefined) params.PermissionsBoundaryPolicyInputList = [newBoundary];
  if (whatIf?.exclusions.length) params.PolicyExclusionList = whatIf.exclusions;
  if (typed.entries.length) params.ContextEntries = typed.entries;
  // The params carry the proposed texts and exclusions; the loaded texts stand for what IAM reads from the account.
  const loaded = [...set.identity, ...(set.boundary ? [set.boundary] : [])]
    .filter((p) => live.iamIds.has(p))
    .map((p) => `${live.iamIds.get(p) ?? p.name}\0${p.text}`);
  const fingerprint = createHash('sha256').update(loaded.join('\0')).digest('hex');
  return {
    input: { operation: 'SimulatePrincipalPolicy', params, action: request.action, resource: request.resource, fingerprint },
    notComparable,
    limits,
    reduced,
    sources,
  };
}
