import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetGroupPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  type AttachedPolicy,
  type GetPolicyResponse,
  type GetPolicyVersionResponse,
  type GetRoleResponse,
  type GetUserResponse,
  type Group,
  type IAMClient,
  type PolicyIdentifier,
} from '@aws-sdk/client-iam';
import type { PolicySet } from '../policy/policy-set';
import { splitArn } from '../request/arn-parts';
import { parsePolicy } from '../policy/parse-policy';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import type { Policy } from '../policy/policy-model';
import type { PolicyType } from '../policy/policy-type';
import { IamLiveError } from './aws-errors';
import { sendIam, type CallCounter } from './iam-call';
import { createIamClient, type IamClientOptions } from './iam-client';
import { registerLivePrincipal } from './live-principal-registry';
import { SimulationCache, type StoredPrincipal } from './simulate-cache';

/**
 * Loads a real principal's policies from an account, with read-only calls, into a PolicySet:
 * - an IAM user: its inline policies (ListUserPolicies, GetUserPolicy), its managed policies
 *   (ListAttachedUserPolicies, then GetPolicy for the default version and GetPolicyVersion), the
 *   inline and managed policies of its groups (ListGroupsForUser, ListGroupPolicies,
 *   GetGroupPolicy, ListAttachedGroupPolicies), and its permissions boundary (GetUser);
 * - an IAM role (or an assumed-role session, whose role is loaded): ListRolePolicies,
 *   GetRolePolicy, ListAttachedRolePolicies, and GetRole for the boundary.
 * These are the policies IAM User Guide, reference_policies_evaluation-logic.md evaluates for a
 * principal (identity-based policies, group policies for users, the permissions boundary);
 * list calls follow `Marker` / `IsTruncated`. Policy documents come URL-encoded (IAM API
 * Reference, GetPolicyVersion: "URL-encoded compliant with RFC 3986") and are decoded first.
 */
export interface LoadPrincipalOptions {
  /** Use this client (default: one built from `clientOptions` and the SDK's defaults). */
  client?: IAMClient;
  clientOptions?: IamClientOptions;
  /** Counts the calls made. */
  counter?: CallCounter;
  /**
   * Reuses the principal's policies read within the cache's principal TTL (`JEST_IAM_CACHE_TTL`,
   * the same as SimulatePrincipalPolicy answers), so a rerun makes no read call.
   */
  cache?: SimulationCache;
  /** Keeps a test server's principals apart from AWS's in the cache. */
  endpoint?: string;
  /** Progress lines while the principal loads (e.g. `loading arn:... (12 read calls)`). */
  onProgress?: (line: string) => void;
}

interface Target {
  kind: 'user' | 'role';
  name: string;
  /** The user or role ARN (for an assumed-role session, the role's ARN without path). */
  arn: string;
}

/** Reads a user, role or assumed-role ARN (IAM User Guide, reference_identifiers.md). */
function targetOf(arn: string): Target {
  const parts = splitArn(arn);
  if (parts?.service === 'iam') {
    const m = /^(user|role)\/(?:.*\/)?([^/]+)$/.exec(parts.resource);
    if (m) return { kind: m[1] as 'user' | 'role', name: m[2], arn };
  }
  if (parts?.service === 'sts') {
    const m = /^assumed-role\/([^/]+)\/[^/]+$/.exec(parts.resource);
    if (m) return { kind: 'role', name: m[1], arn: `arn:${parts.partition}:iam::${parts.account}:role/${m[1]}` };
  }
  throw new IamLiveError(
    `${JSON.stringify(arn)} is not an IAM user, role or assumed-role ARN; a live principal is named by one (e.g. arn:aws:iam::111122223333:role/ModelManager).`,
    'BadArn',
  );
}

/** Decodes an IAM policy document; a document that is not URL-encoded is returned as is. */
export function decodePolicyDocument(doc: string): string {
  try {
    return decodeURIComponent(doc);
  } catch {
    return doc;
  }
}

/** Every item of a paginated IAM list call. */
async function allPages<T>(fetch: (marker?: string) => Promise<{ items: T[] | undefined; IsTruncated?: boolean; Marker?: string }>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await fetch(marker);
    out.push(...(page.items ?? []));
    if (!page.IsTruncated || !page.Marker) return out;
    marker = page.Marker;
  }
}

/**
 * Loads the policies of a live user or role as a PolicySet, and marks the set for
 * SimulatePrincipalPolicy. Without a client (or client options) it uses the test file's
 * cross-check session: the same client, endpoint and cache (so a rerun within
 * `JEST_IAM_CACHE_TTL` makes no read call), and progress lines when `JEST_IAM_CROSS_CHECK_PROGRESS`
 * is on (`jest-iam live`).
 */
export async function loadLivePrincipal(arn: string, options: LoadPrincipalOptions = {}): Promise<PolicySet> {
  if (options.client || options.clientOptions) return hydrateLivePolicySet({ identity: [] }, arn, options);
  // Loaded lazily: the session module reads the run's settings.
  const { sessionClient } = await import('./cross-check-session');
  const { readCrossCheckSettings } = await import('./cross-check-config');
  const say = readCrossCheckSettings().progress ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  return hydrateLivePolicySet({ identity: [] }, arn, { ...(await sessionClient()), ...(say ? { onProgress: say } : {}), ...options });
}

/**
 * Fills `target` in place with the principal's policies (for a scenario whose cells already hold
 * the set object) and returns it.
 */
export async function hydrateLivePolicySet(target: PolicySet, arn: string, options: LoadPrincipalOptions = {}): Promise<PolicySet> {
  const who = targetOf(arn);
  const iamIds = new Map<Policy, string>();
  const cacheKey = SimulationCache.key({ scope: options.endpoint ?? 'aws', operation: 'LoadPrincipal', params: { arn: who.arn }, action: '', resource: '' });
  const cached = options.cache?.getPrincipal(cacheKey);
  if (cached) {
    options.onProgress?.(`jest-iam live: ${who.arn} loaded from the cache (0 read calls; ${cached.reads} when read)`);
    return fill(target, cached, who.arn);
  }
  options.onProgress?.(`jest-iam live: loading ${who.arn} from IAM...`);
  const counter: CallCounter = { calls: 0, retries: 0 };
  const client = options.client ?? createIamClient(options.clientOptions);
  const send = async <Out>(command: object) => {
    const out = await sendIam<Out>(client, command, { counter, target: who.arn });
    if (counter.calls % 10 === 0) options.onProgress?.(`jest-iam live: loading ${who.arn}: ${counter.calls} read calls so far`);
    return out;
  };
  const managedSeen = new Set<string>();

  const identifiers = new Map<Policy, PolicyIdentifier>();
  const parse = (text: string, name: string, iamId: string, policyType: PolicyType, id?: PolicyIdentifier): Policy => {
    try {
      const p = parsePolicy(decodePolicyDocument(text), { name, policyType, format: 'json' });
      iamIds.set(p, iamId);
      if (id) identifiers.set(p, id);
      return p;
    } catch (e) {
      const detail = e instanceof PolicyValidationError ? e.message : String(e);
      throw new IamLiveError(`policy ${name} of ${who.arn}, as read from IAM, cannot be read by jest-iam: ${detail}`, 'UnreadablePolicy');
    }
  };
  const managedPolicy = async (policyArn: string, name: string, policyType: PolicyType): Promise<Policy> => {
    const meta = await send<GetPolicyResponse>(new GetPolicyCommand({ PolicyArn: policyArn }));
    const version = meta.Policy?.DefaultVersionId;
    if (!version) throw new IamLiveError(`IAM returned no default version for ${policyArn}.`, 'NoDefaultVersion');
    const v = await send<GetPolicyVersionResponse>(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: version }));
    const id: PolicyIdentifier = policyType === 'boundary' ? { PolicyType: 'permission-boundary' } : { PolicyArn: policyArn };
    return parse(v.PolicyVersion?.Document ?? '', name, policyArn.slice(policyArn.lastIndexOf('/') + 1), policyType, id);
  };
  const attachedPolicies = async (list: AttachedPolicy[], via: string): Promise<Policy[]> => {
    const fresh = list.filter((a) => a.PolicyArn && !managedSeen.has(a.PolicyArn));
    for (const a of fresh) managedSeen.add(a.PolicyArn!);
    return Promise.all(fresh.map((a) => managedPolicy(a.PolicyArn!, `${a.PolicyArn} (managed${via})`, 'identity')));
  };

  type Page = { IsTruncated?: boolean; Marker?: string };
  /** An entity's inline policies: every page of names, then each document (user, group and role alike). */
  const inlinePolicies = async (
    listCommand: (Marker?: string) => object,
    getCommand: (name: string) => object,
    label: (name: string) => string,
    attached: { AttachmentType: 'user' | 'group' | 'role'; AttachmentName: string },
  ): Promise<Policy[]> => {
    const names = await allPages((Marker) => send<Page & { PolicyNames?: string[] }>(listCommand(Marker)).then((r) => ({ ...r, items: r.PolicyNames })));
    return Promise.all(
      names.map(async (n) =>
        parse((await send<{ PolicyDocument?: string }>(getCommand(n))).PolicyDocument ?? '', label(n), n, 'identity', {
          InlinePolicyIdentifier: { PolicyName: n, ...attached },
        }),
      ),
    );
  };
  /** An entity's attached managed policies (every page), each read once per principal. */
  const attachedTo = async (listCommand: (Marker?: string) => object, via: string): Promise<Policy[]> =>
    attachedPolicies(
      await allPages((Marker) => send<Page & { AttachedPolicies?: AttachedPolicy[] }>(listCommand(Marker)).then((r) => ({ ...r, items: r.AttachedPolicies }))),
      via,
    );

  const identity: Policy[] = [];
  let boundaryArn: string | undefined;
  // The ARN IAM gives back has the entity's path (a session ARN does not); simulate that one.
  let principalArn = who.arn;
  if (who.kind === 'user') {
    const UserName = who.name;
    const u = await send<GetUserResponse>(new GetUserCommand({ UserName }));
    boundaryArn = u.User?.PermissionsBoundary?.PermissionsBoundaryArn;
    principalArn = u.User?.Arn ?? principalArn;
    identity.push(
      ...(await inlinePolicies(
        (Marker) => new ListUserPoliciesCommand({ UserName, Marker }),
        (PolicyName) => new GetUserPolicyCommand({ UserName, PolicyName }),
        (n) => `${UserName}/${n} (inline)`,
        { AttachmentType: 'user', AttachmentName: UserName },
      )),
    );
    identity.push(...(await attachedTo((Marker) => new ListAttachedUserPoliciesCommand({ UserName, Marker }), '')));
    // A user also has its groups' policies (IAM User Guide, id_groups.md).
    const groups = await allPages((Marker) =>
      send<Page & { Groups?: Group[] }>(new ListGroupsForUserCommand({ UserName, Marker })).then((r) => ({ ...r, items: r.Groups })),
    );
    for (const g of groups) {
      const GroupName = g.GroupName ?? '';
      identity.push(
        ...(await inlinePolicies(
          (Marker) => new ListGroupPoliciesCommand({ GroupName, Marker }),
          (PolicyName) => new GetGroupPolicyCommand({ GroupName, PolicyName }),
          (n) => `group ${GroupName}/${n} (inline)`,
          { AttachmentType: 'group', AttachmentName: GroupName },
        )),
      );
      identity.push(...(await attachedTo((Marker) => new ListAttachedGroupPoliciesCommand({ GroupName, Marker }), `, via group ${GroupName}`)));
    }
  } else {
    const RoleName = who.name;
    const r = await send<GetRoleResponse>(new GetRoleCommand({ RoleName }));
    boundaryArn = r.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    principalArn = r.Role?.Arn ?? principalArn;
    identity.push(
      ...(await inlinePolicies(
        (Marker) => new ListRolePoliciesCommand({ RoleName, Marker }),
        (PolicyName) => new GetRolePolicyCommand({ RoleName, PolicyName }),
        (n) => `${RoleName}/${n} (inline)`,
        { AttachmentType: 'role', AttachmentName: RoleName },
      )),
    );
    identity.push(...(await attachedTo((Marker) => new ListAttachedRolePoliciesCommand({ RoleName, Marker }), '')));
  }

  const boundary = boundaryArn ? await managedPolicy(boundaryArn, `${boundaryArn} (permissions boundary)`, 'boundary') : undefined;
  if (options.counter) {
    options.counter.calls += counter.calls;
    options.counter.retries += counter.retries;
  }
  const stored: StoredPrincipal = {
    arn: principalArn,
    kind: who.kind,
    identity: identity.map((p) => ({ name: p.name, iamId: iamIds.get(p) ?? p.name, text: p.text, ...(identifiers.has(p) ? { id: identifiers.get(p)! } : {}) })),
    ...(boundary
      ? {
          boundary: {
            name: boundary.name,
            iamId: iamIds.get(boundary) ?? boundary.name,
            text: boundary.text,
            ...(identifiers.has(boundary) ? { id: identifiers.get(boundary)! } : {}),
          },
        }
      : {}),
    reads: counter.calls,
  };
  options.cache?.setPrincipal(cacheKey, stored);
  options.onProgress?.(
    `jest-iam live: loaded ${who.arn} (${identity.length} identity-based polic${identity.length === 1 ? 'y' : 'ies'}${boundary ? ', a permissions boundary' : ''}; ${counter.calls} read calls)`,
  );
  return fill(target, stored, who.arn);
}

/** Rebuilds `target` in place from the principal's policy texts: cells that already hold this object see the loaded policies. */
function fill(target: PolicySet, p: StoredPrincipal, arn: string): PolicySet {
  const iamIds = new Map<Policy, string>();
  const identifiers = new Map<Policy, PolicyIdentifier>();
  const parse = (x: StoredPrincipal['identity'][number], policyType: PolicyType): Policy => {
    try {
      const policy = parsePolicy(x.text, { name: x.name, policyType, format: 'json' });
      iamIds.set(policy, x.iamId);
      if (x.id) identifiers.set(policy, x.id);
      return policy;
    } catch (e) {
      const detail = e instanceof PolicyValidationError ? e.message : String(e);
      throw new IamLiveError(`policy ${x.name} of ${arn}, as read from IAM, cannot be read by jest-iam: ${detail}`, 'UnreadablePolicy');
    }
  };
  for (const k of Object.keys(target) as (keyof PolicySet)[]) delete target[k];
  target.identity = p.identity.map((x) => parse(x, 'identity'));
  if (p.boundary) target.boundary = parse(p.boundary, 'boundary');
  registerLivePrincipal(target, {
    arn: p.arn,
    kind: p.kind,
    iamIds,
    identifiers,
    identity: [...target.identity],
    ...(target.boundary ? { boundary: target.boundary } : {}),
  });
  return target;
}
