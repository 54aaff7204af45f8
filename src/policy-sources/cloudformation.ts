/**
 * IAM policies in a CloudFormation or SAM template (AWS CloudFormation User Guide,
 * aws-resource-iam-role.md, aws-resource-iam-user.md, aws-resource-iam-group.md,
 * aws-resource-iam-policy.md, aws-resource-iam-managedpolicy.md, aws-resource-iam-rolepolicy.md;
 * AWS SAM Developer Guide, sam-resource-function.md): inline policies, managed policies of the
 * template and what they are attached to, permissions boundaries, trust policies, and the
 * resource-based policies of buckets, queues, topics and keys. Every role, user and SAM
 * function becomes a principal whose policy set holds what the template attaches to it.
 */

import type { PolicySet } from '../policy/policy-set';
import type { Policy } from '../policy/policy-model';
import type { PolicyType } from '../policy/policy-type';
import type { SourceNode } from '../policy/source-tree';
import { validatePolicyTree } from '../policy/validate-grammar';
import { checkPolicy } from '../policy/parse-policy';
import { IntrinsicSymbolizer, intrinsicName, refTarget, type TemplateSymbols } from './cfn-intrinsics';
import type { FoundPolicy, PolicySource } from './policy-source';

const get = (n: SourceNode | undefined, key: string) => (n?.kind === 'object' ? n.entries?.find((e) => e.key === key)?.value : undefined);
const str = (n: SourceNode | undefined) => (n?.kind === 'string' ? String(n.value) : undefined);
const list = (n: SourceNode | undefined): SourceNode[] => (n?.kind === 'array' ? (n.items ?? []) : n ? [n] : []);

/** True when the tree looks like a template: `Resources` of typed entries, or a template version. */
export function isCloudFormationTemplate(root: SourceNode): boolean {
  if (root.kind !== 'object') return false;
  if (get(root, 'AWSTemplateFormatVersion')) return true;
  const resources = get(root, 'Resources');
  return resources?.kind === 'object' && (resources.entries ?? []).some((e) => /^(AWS|Custom)::/.test(str(get(e.value, 'Type')) ?? ''));
}

/** Resource-based policies by resource type: the property that holds the document. */
const RESOURCE_POLICIES: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
};

interface Principal {
  name: string;
  kind: 'role' | 'user' | 'group' | 'function';
  /** The name property (RoleName, UserName, GroupName) when literal. */
  literalName?: string;
  identity: Policy[];
  boundary?: Policy;
  groups: string[];
}

/** Reads every policy of a template. `text` is the template's text (statements are cut from it). */
export function readCloudFormation(root: SourceNode, text: string, file: string): PolicySource {
  const source: PolicySource = { file, kind: 'cloudformation', policies: [], principals: [], issues: [], notes: [] };
  const resources = get(root, 'Resources');
  const entries = resources?.kind === 'object' ? (resources.entries ?? []) : [];
  const symbols: TemplateSymbols = { resourceTypes: new Map(entries.map((e) => [e.key, str(get(e.value, 'Type')) ?? ''])) };
  const mappings = get(root, 'Mappings');
  if (mappings) symbols.mappings = mappings;

  const principals = new Map<string, Principal>();
  const managed = new Map<string, Policy>();
  const managedTargets: { policy: Policy; props: SourceNode | undefined }[] = [];

  const parse = (doc: SourceNode | undefined, name: string, policyType: PolicyType, owner?: SourceNode): Policy | undefined => {
    if (!doc) {
      // At the resource or Policies item that lacks it, so the user finds it in the template.
      source.issues.push({
        severity: 'error',
        code: 'missing-policy-document',
        message: `${name} has no policy document`,
        ...(owner ? { pos: owner.pos } : {}),
        path: [],
      });
      return undefined;
    }
    const sym = new IntrinsicSymbolizer(symbols);
    const resolved = sym.resolve(doc);
    source.notes.push(...sym.notes);
    const unknowable = ['Ref', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::FindInMap', 'Fn::Select', 'Fn::If'];
    if (resolved?.kind === 'string' && unknowable.includes(intrinsicName(doc) ?? '')) {
      // `!Ref Doc` resolves to a symbol ({Doc}), not to policy text: its value exists only at deploy time.
      source.notes.push({
        severity: 'warning',
        code: 'cfn-unreadable-document',
        message: `${name}: the policy document is ${intrinsicName(doc)} and cannot be read before deployment`,
        pos: doc.pos,
        path: [],
      });
      source.policies.push({ name, policyType, issues: [] });
      return undefined;
    }
    if (resolved?.kind === 'string') {
      // CloudFormation takes a PolicyDocument given as a JSON string too (AWS::IAM::Policy,
      // "PolicyDocument: Json"): it is read, its positions counted inside the string.
      const { policy, issues } = checkPolicy(String(resolved.value), {
        name,
        file: `${file} (${name}, PolicyDocument string at ${resolved.pos.line}:${resolved.pos.column})`,
        format: 'auto',
        policyType,
      });
      source.policies.push({ name, policyType, ...(policy ? { policy } : {}), issues });
      return policy;
    }
    if (resolved && resolved.kind !== 'object') {
      // null, a list, a number or a boolean is no policy document, and CloudFormation refuses it.
      const found: FoundPolicy = {
        name,
        policyType,
        issues: [
          {
            severity: 'error',
            code: 'cfn-bad-policy-document',
            message: `${name}: the policy document must be an object (or JSON text), not ${resolved.kind === 'array' ? 'a list' : resolved.kind === 'null' ? 'null' : `a ${resolved.kind}`}`,
            pos: resolved.pos,
            path: [],
          },
        ],
      };
      source.policies.push(found);
      return undefined;
    }
    if (!resolved) {
      // A whole document from an intrinsic (e.g. !If or !ImportValue) cannot be read.
      const found: FoundPolicy = { name, policyType, issues: [] };
      source.notes.push({
        severity: 'warning',
        code: 'cfn-unreadable-document',
        message: `${name}: the policy document is ${intrinsicName(doc) ?? 'not an object'} and cannot be read before deployment`,
        pos: doc.pos,
        path: [],
      });
      source.policies.push(found);
      return undefined;
    }
    const { policy, issues } = validatePolicyTree(resolved, { name, file, text, policyType });
    source.policies.push({ name, policyType, ...(policy ? { policy } : {}), issues });
    return policy;
  };

  const notePolicyArn = (owner: string, arn: SourceNode) => {
    const target = refTarget(arn);
    if (target && managed.has(target)) return managed.get(target);
    source.notes.push({
      severity: 'warning',
      code: 'external-managed-policy',
      message: `${owner}: managed policy ${str(arn) ?? target ?? intrinsicName(arn) ?? '?'} is not defined in this template and is left out`,
      pos: arn.pos,
      path: [],
    });
    return undefined;
  };

  // Managed policies first, so roles can refer to them.
  for (const e of entries) {
    const type = str(get(e.value, 'Type'));
    if (type !== 'AWS::IAM::ManagedPolicy') continue;
    const props = get(e.value, 'Properties');
    const p = parse(get(props, 'PolicyDocument'), e.key, 'identity', props ?? e.value);
    if (p) {
      managed.set(e.key, p);
      managedTargets.push({ policy: p, props });
    }
  }

  for (const e of entries) {
    const type = str(get(e.value, 'Type')) ?? '';
    const props = get(e.value, 'Properties');
    const kind =
      type === 'AWS::IAM::Role'
        ? 'role'
        : type === 'AWS::IAM::User'
          ? 'user'
          : type === 'AWS::IAM::Group'
            ? 'group'
            : type === 'AWS::Serverless::Function'
              ? 'function'
              : undefined;
    if (kind) {
      const pr: Principal = { name: kind === 'function' ? `${e.key}Role` : e.key, kind, identity: [], groups: [] };
      const literal = str(get(props, kind === 'role' ? 'RoleName' : kind === 'user' ? 'UserName' : 'GroupName'));
      if (literal) pr.literalName = literal;
      if (kind === 'function') readSamPolicies(e.key, props, pr, parse, notePolicyArn, source);
      for (const item of list(get(props, 'Policies'))) {
        if (kind === 'function') break;
        if (item.kind !== 'object') {
          // CloudFormation takes a list of { PolicyName, PolicyDocument } (AWS::IAM::Role, "Policies").
          source.issues.push({
            severity: 'error',
            code: 'cfn-bad-policies',
            message: `${e.key}: Policies must be a list of { PolicyName, PolicyDocument }, and this item is ${item.kind === 'array' ? 'a list' : item.kind === 'null' ? 'null' : `a ${item.kind}`}`,
            pos: item.pos,
            path: [],
          });
          continue;
        }
        const pname = str(get(item, 'PolicyName')) ?? '?';
        const p = parse(get(item, 'PolicyDocument'), `${e.key}/${pname}`, 'identity', item);
        if (p) pr.identity.push(p);
      }
      if (kind !== 'function') {
        for (const arn of list(get(props, 'ManagedPolicyArns'))) {
          if (arn.kind !== 'string' && !intrinsicName(arn)) {
            source.issues.push({
              severity: 'error',
              code: 'cfn-bad-managed-policy-arn',
              message: `${e.key}: ManagedPolicyArns must hold managed policy ARNs, not ${arn.kind === 'array' ? 'a list' : arn.kind === 'null' ? 'null' : `a ${arn.kind}`}`,
              pos: arn.pos,
              path: [],
            });
            continue;
          }
          const p = notePolicyArn(e.key, arn);
          if (p) pr.identity.push(p);
        }
      }
      const boundary = get(props, 'PermissionsBoundary');
      if (boundary) {
        const target = refTarget(boundary);
        const b = target ? managed.get(target) : undefined;
        if (b) pr.boundary = b;
        else
          source.notes.push({
            severity: 'warning',
            code: 'external-boundary',
            message: `${e.key}: permissions boundary ${str(boundary) ?? target ?? '?'} is not defined in this template and is left out`,
            pos: boundary.pos,
            path: [],
          });
      }
      for (const g of list(get(props, 'Groups'))) {
        const target = refTarget(g) ?? str(g);
        if (target) pr.groups.push(target);
      }
      const trust = get(props, 'AssumeRolePolicyDocument');
      if (trust) parse(trust, `${e.key}/AssumeRolePolicyDocument`, 'trust');
      principals.set(e.key, pr);
      continue;
    }
    if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::RolePolicy' || type === 'AWS::IAM::UserPolicy' || type === 'AWS::IAM::GroupPolicy') {
      const p = parse(get(props, 'PolicyDocument'), e.key, 'identity', props ?? e.value);
      if (p) managedTargets.push({ policy: p, props });
      continue;
    }
    const rp = RESOURCE_POLICIES[type];
    if (rp) parse(get(props, rp), `${e.key}/${rp}`, 'resource', props ?? e.value);
  }

  // Attach policies to the principals they name (by !Ref logical id or by literal name).
  const byName = (name: string) => principals.get(name) ?? [...principals.values()].find((p) => p.literalName === name);
  for (const { policy, props } of managedTargets) {
    for (const key of ['Roles', 'Users', 'Groups', 'RoleName', 'UserName', 'GroupName']) {
      for (const t of list(get(props, key))) {
        const name = refTarget(t) ?? str(t);
        const pr = name ? byName(name) : undefined;
        if (pr && !pr.identity.includes(policy)) pr.identity.push(policy);
        else if (!pr)
          source.notes.push({
            severity: 'warning',
            code: 'external-principal',
            message: `${policy.name} is attached to ${name ?? intrinsicName(t) ?? '?'}, which is not defined in this template`,
            pos: t.pos,
            path: [],
          });
      }
    }
  }
  // Users get their groups' policies (IAM User Guide, id_groups.md).
  for (const pr of principals.values()) {
    if (pr.kind === 'group') continue;
    const set: PolicySet = { identity: [...pr.identity] };
    for (const g of pr.groups) {
      const group = byName(g);
      if (group) set.identity.push(...group.identity.filter((p) => !set.identity.includes(p)));
    }
    if (pr.boundary) set.boundary = pr.boundary;
    source.principals.push({ name: pr.name, set });
  }
  // Managed policies attached to nothing in the template are principals of their own, so a
  // matrix or diff still shows what they grant.
  const attached = new Set(source.principals.flatMap((p) => [...p.set.identity, ...(p.set.boundary ? [p.set.boundary] : [])]));
  for (const [id, p] of managed) if (!attached.has(p)) source.principals.push({ name: `policy ${id}`, set: { identity: [p] } });
  for (const { policy } of managedTargets)
    if (!attached.has(policy) && !managed.has(policy.name)) source.principals.push({ name: `policy ${policy.name}`, set: { identity: [policy] } });
  source.principals.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!source.policies.length)
    source.issues.push({ severity: 'warning', code: 'no-iam-policy', message: `${file} holds no IAM policy: nothing was checked`, path: [] });
  return source;
}

/**
 * SAM `Policies` of an `AWS::Serverless::Function`: a managed policy name or ARN, an inline
 * policy document, a list mixing them, or SAM policy templates (`S3ReadPolicy: {...}`), which
 * SAM expands at deploy time and are reported as left out. A function with `Role` uses that role
 * instead (sam-resource-function.md).
 */
function readSamPolicies(
  id: string,
  props: SourceNode | undefined,
  pr: Principal,
  parse: (doc: SourceNode | undefined, name: string, t: PolicyType) => Policy | undefined,
  notePolicyArn: (owner: string, arn: SourceNode) => Policy | undefined,
  source: PolicySource,
): void {
  const role = get(props, 'Role');
  if (role) {
    source.notes.push({
      severity: 'warning',
      code: 'sam-role',
      message: `${id} runs as the role given in Role; its Policies are not used`,
      pos: role.pos,
      path: [],
    });
    return;
  }
  const policies = get(props, 'Policies');
  const items = policies?.kind === 'array' ? (policies.items ?? []) : policies ? [policies] : [];
  items.forEach((item, i) => {
    if (item.kind === 'string' || intrinsicName(item)) {
      const p = notePolicyArn(id, item);
      if (p) pr.identity.push(p);
    } else if (get(item, 'Statement')) {
      const p = parse(item, `${id}/Policies/${i}`, 'identity');
      if (p) pr.identity.push(p);
    } else if (item.kind === 'object' && item.entries?.length === 1) {
      source.notes.push({
        severity: 'warning',
        code: 'sam-policy-template',
        message: `${id}: SAM policy template ${item.entries[0].key} is expanded by SAM at deploy time and is left out`,
        pos: item.pos,
        path: [],
      });
    }
  });
}
