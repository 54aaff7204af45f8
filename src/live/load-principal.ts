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
} from '@aws-sdk/client-iam';
import type { PolicySet } from '../engine/policy-set';
import { splitArn } from '../match/arn';
import { parsePolicy } from '../policy/parse-policy';
import { PolicyValidationError } from '../policy/policy-issue';
import type { Policy } from '../policy/policy-model';
import type { PolicyType } from '../policy/policy-type';
import { IamLiveError } from './aws-errors';
import { sendIam, type CallCounter, type RetryOptions } from './iam-call';
import { createIamClient, type IamClientOptions } from './iam-client';
import { registerLivePrincipal } from './live-principal-registry';

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
  retry?: RetryOptions;
  /** Counts the calls made. */
  counter?: CallCounter;
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
  throw new IamLiveError(`${JSON.stringify(arn)} is not an IAM user, role or assumed-role ARN; a live principal is named by one (e.g. arn:aws:iam::111122223333:role/ModelManager).`, 'BadArn');
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

/** Loads the policies of a live user or role as a PolicySet, and marks the set for SimulatePrincipalPolicy. */
export async function loadLivePrincipal(arn: string, options: LoadPrincipalOptions = {}): Promise<PolicySet> {
  return hydrateLivePolicySet({ identity: [] }, arn, options);
}

/**
 * Fills `target` in place with the principal's policies (for a scenario whose cells already hold
 * the set object) and returns it.
 */
export async function hydrateLivePolicySet(target: PolicySet, arn: string, options: LoadPrincipalOptions = {}): Promise<PolicySet> {
  const who = targetOf(arn);
  const client = options.client ?? createIamClient(options.clientOptions);
  const send = <Out>(command: object) => sendIam<Out>(client, command, { ...(options.retry ? { retry: options.retry } : {}), ...(options.counter ? { counter: options.counter } : {}), target: who.arn });
  const iamIds = new Map<Policy, string>();
  const managedSeen = new Set<string>();

  const parse = (text: string, name: string, iamId: string, policyType: PolicyType): Policy => {
    try {
      const p = parsePolicy(decodePolicyDocument(text), { name, policyType, format: 'json' });
      iamIds.set(p, iamId);
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
    return parse(v.PolicyVersion?.Document ?? '', name, policyArn.slice(policyArn.lastIndexOf('/') + 1), policyType);
  };
  const attachedPolicies = async (list: AttachedPolicy[], via: string): Promise<Policy[]> => {
    const fresh = list.filter((a) => a.PolicyArn && !managedSeen.has(a.PolicyArn));
    for (const a of fresh) managedSeen.add(a.PolicyArn!);
    return Promise.all(fresh.map((a) => managedPolicy(a.PolicyArn!, `${a.PolicyArn} (managed${via})`, 'identity')));
  };

  const identity: Policy[] = [];
  let boundaryArn: string | undefined;
  // The ARN IAM gives back has the entity's path (a session ARN does not); simulate that one.
  let principalArn = who.arn;
  if (who.kind === 'user') {
    const u = await send<GetUserResponse>(new GetUserCommand({ UserName: who.name }));
    boundaryArn = u.User?.PermissionsBoundary?.PermissionsBoundaryArn;
    principalArn = u.User?.Arn ?? principalArn;
    const inlineNames = await allPages((Marker) => send<{ PolicyNames?: string[]; IsTruncated?: boolean; Marker?: string }>(new ListUserPoliciesCommand({ UserName: who.name, Marker })).then((r) => ({ ...r, items: r.PolicyNames })));
    identity.push(
      ...(await Promise.all(
        inlineNames.map(async (n) => {
          const r = await send<{ PolicyDocument?: string }>(new GetUserPolicyCommand({ UserName: who.name, PolicyName: n }));
          return parse(r.PolicyDocument ?? '', `${who.name}/${n} (inline)`, n, 'identity');
        }),
      )),
    );
    const attached = await allPages((Marker) => send<{ AttachedPolicies?: AttachedPolicy[]; IsTruncated?: boolean; Marker?: string }>(new ListAttachedUserPoliciesCommand({ UserName: who.name, Marker })).then((r) => ({ ...r, items: r.AttachedPolicies })));
    identity.push(...(await attachedPolicies(attached, '')));
    const groups = await allPages((Marker) => send<{ Groups?: Group[]; IsTruncated?: boolean; Marker?: string }>(new ListGroupsForUserCommand({ UserName: who.name, Marker })).then((r) => ({ ...r, items: r.Groups })));
    for (const g of groups) {
      const gname = g.GroupName ?? '';
      const names = await allPages((Marker) => send<{ PolicyNames?: string[]; IsTruncated?: boolean; Marker?: string }>(new ListGroupPoliciesCommand({ GroupName: gname, Marker })).then((r) => ({ ...r, items: r.PolicyNames })));
      identity.push(
        ...(await Promise.all(
          names.map(async (n) => {
            const r = await send<{ PolicyDocument?: string }>(new GetGroupPolicyCommand({ GroupName: gname, PolicyName: n }));
            return parse(r.PolicyDocument ?? '', `group ${gname}/${n} (inline)`, n, 'identity');
          }),
        )),
      );
      const gAttached = await allPages((Marker) => send<{ AttachedPolicies?: AttachedPolicy[]; IsTruncated?: boolean; Marker?: string }>(new ListAttachedGroupPoliciesCommand({ GroupName: gname, Marker })).then((r) => ({ ...r, items: r.AttachedPolicies })));
      identity.push(...(await attachedPolicies(gAttached, `, via group ${gname}`)));
    }
  } else {
    const r = await send<GetRoleResponse>(new GetRoleCommand({ RoleName: who.name }));
    boundaryArn = r.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    principalArn = r.Role?.Arn ?? principalArn;
    const inlineNames = await allPages((Marker) => send<{ PolicyNames?: string[]; IsTruncated?: boolean; Marker?: string }>(new ListRolePoliciesCommand({ RoleName: who.name, Marker })).then((x) => ({ ...x, items: x.PolicyNames })));
    identity.push(
      ...(await Promise.all(
        inlineNames.map(async (n) => {
          const x = await send<{ PolicyDocument?: string }>(new GetRolePolicyCommand({ RoleName: who.name, PolicyName: n }));
          return parse(x.PolicyDocument ?? '', `${who.name}/${n} (inline)`, n, 'identity');
        }),
      )),
    );
    const attached = await allPages((Marker) => send<{ AttachedPolicies?: AttachedPolicy[]; IsTruncated?: boolean; Marker?: string }>(new ListAttachedRolePoliciesCommand({ RoleName: who.name, Marker })).then((x) => ({ ...x, items: x.AttachedPolicies })));
    identity.push(...(await attachedPolicies(attached, '')));
  }

  // Rebuild the target in place: cells that already hold this object see the loaded policies.
  for (const k of Object.keys(target) as (keyof PolicySet)[]) delete target[k];
  target.identity = identity;
  if (boundaryArn) target.boundary = await managedPolicy(boundaryArn, `${boundaryArn} (permissions boundary)`, 'boundary');
  registerLivePrincipal(target, { arn: principalArn, kind: who.kind, iamIds });
  return target;
}
