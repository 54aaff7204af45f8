/**
 * IAM policies in a Terraform plan as `terraform show -json <planfile>` prints it (Terraform
 * docs, internals/json-format: `planned_values`, `prior_state`, `resource_changes`,
 * `configuration`). Read: `aws_iam_policy`, `aws_iam_role` (inline_policy blocks,
 * permissions_boundary, assume_role_policy), `aws_iam_role_policy`, `aws_iam_user_policy`,
 * `aws_iam_group_policy`, `aws_iam_role_policy_attachment`, `aws_iam_user_policy_attachment`,
 * and the `json` result of `aws_iam_policy_document` data sources. Attachments are resolved
 * through the configuration's references (`aws_iam_policy.reader.arn`), since ARNs are usually
 * known only after apply. A policy whose text is unknown until apply is reported as a note.
 *
 * Policies are JSON strings in the plan. Given the plan's text, each is read as written and its
 * positions are mapped through the string's escapes to the plan's own line and column
 * (`plan.json:41:178`), where an editor or a code-scanning annotation can open them; without the
 * text, a policy is parsed pretty-printed and positions are lines of that document.
 */

import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { EmbeddedStringIndex } from '../diagnostics/embedded-string-index';
import { LineIndex } from '../diagnostics/source-position';
import type { PolicySet } from '../policy/policy-set';
import { checkPolicy } from '../policy/parse-policy';
import type { Policy } from '../policy/policy-model';
import type { PolicyType } from '../policy/policy-type';
import type { PolicySource } from './policy-source';

interface TfResource {
  address: string;
  mode?: string;
  type: string;
  name: string;
  values?: Record<string, unknown>;
}

interface TfModule {
  address?: string;
  resources?: TfResource[];
  child_modules?: TfModule[];
}

interface TfConfigResource {
  address: string;
  expressions?: Record<string, { references?: string[]; constant_value?: unknown }>;
}

interface TfConfigModule {
  resources?: TfConfigResource[];
  module_calls?: Record<string, { module?: TfConfigModule }>;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** True for the JSON of `terraform show -json` on a plan (or a state). */
export function isTerraformPlan(json: unknown): boolean {
  return isObject(json) && typeof json.format_version === 'string' && ('planned_values' in json || 'terraform_version' in json || 'values' in json);
}

type JsonPath = (string | number)[];

/** The resources of a module tree, each with where it is in the plan's JSON. */
function modules(m: TfModule | undefined, at: JsonPath, paths: Map<TfResource, JsonPath>): TfResource[] {
  if (!m) return [];
  (m.resources ?? []).forEach((r, i) => paths.set(r, [...at, 'resources', i]));
  return [...(m.resources ?? []), ...(m.child_modules ?? []).flatMap((c, i) => modules(c, [...at, 'child_modules', i], paths))];
}

/** Configuration resources by full address (`module.net.aws_iam_role.x`). */
function configResources(m: TfConfigModule | undefined, prefix = ''): Map<string, TfConfigResource> {
  const out = new Map<string, TfConfigResource>();
  if (!m) return out;
  for (const r of m.resources ?? []) out.set(`${prefix}${r.address}`, r);
  for (const [name, call] of Object.entries(m.module_calls ?? {})) for (const [k, v] of configResources(call.module, `${prefix}module.${name}.`)) out.set(k, v);
  return out;
}

/** `aws_iam_role.app[0]` -> `aws_iam_role.app` (configuration addresses have no index). */
const configAddress = (address: string) => address.replace(/\[[^\]]*\]/g, '');

/** Module prefix of an address: `module.a.aws_iam_role.x` -> `module.a.` */
const modulePrefix = (address: string) => {
  const m = /^((?:module\.[^.]+(?:\[[^\]]*\])?\.)*)/.exec(address);
  return m ? m[1].replace(/\[[^\]]*\]/g, '') : '';
};

/**
 * Reads every IAM policy of a plan. `text` is the plan as read from `file`: with it, positions
 * point into the plan.
 */
export function readTerraformPlan(json: Record<string, unknown>, file: string, text?: string): PolicySource {
  const source: PolicySource = { file, kind: 'terraform-plan', policies: [], principals: [], issues: [], notes: [] };
  const paths = new Map<TfResource, JsonPath>();
  const planned = modules((json.planned_values as { root_module?: TfModule } | undefined)?.root_module, ['planned_values', 'root_module'], paths);
  const prior = modules(
    (json.prior_state as { values?: { root_module?: TfModule } } | undefined)?.values?.root_module,
    ['prior_state', 'values', 'root_module'],
    paths,
  );
  const stateValues = modules((json.values as { root_module?: TfModule } | undefined)?.root_module, ['values', 'root_module'], paths);
  // The plan's syntax tree, read once and only when a policy is found.
  let tree: JsonNode | undefined;
  let lines: LineIndex | undefined;
  /** Where the string at `at` (inside resource r's values) starts and how to map into the plan. */
  const locator = (r: TfResource, at: JsonPath): EmbeddedStringIndex | undefined => {
    const where = paths.get(r);
    if (text === undefined || !where) return undefined;
    tree ??= parseTree(text);
    lines ??= new LineIndex(text, file);
    const node = tree && findNodeAtLocation(tree, [...where, 'values', ...at]);
    return node?.type === 'string' ? new EmbeddedStringIndex(text, node.offset, lines) : undefined;
  };
  const byAddress = new Map<string, TfResource>();
  for (const r of [...stateValues, ...prior, ...planned]) byAddress.set(r.address, r);
  const resources = [...byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
  const unknown = new Map<string, Record<string, unknown>>();
  for (const c of (json.resource_changes as { address: string; change?: { after_unknown?: Record<string, unknown> } }[] | undefined) ?? []) {
    if (c.change?.after_unknown) unknown.set(c.address, c.change.after_unknown);
  }
  const config = configResources((json.configuration as { root_module?: TfConfigModule } | undefined)?.root_module);

  /** Addresses an attribute of `r` refers to in the configuration (`aws_iam_policy.reader`). */
  const refs = (r: TfResource, attr: string): string[] => {
    const prefix = modulePrefix(r.address);
    const c = config.get(configAddress(r.address));
    return (c?.expressions?.[attr]?.references ?? []).map((x) => `${prefix}${x}`);
  };

  const parse = (text: unknown, name: string, policyType: PolicyType, r: TfResource, attr: string, at: JsonPath = [attr]): Policy | undefined => {
    const after0 = unknown.get(r.address);
    const known = !(after0 && after0[attr] === true);
    if (known && text !== undefined && text !== null && (typeof text !== 'string' || !text.trim())) {
      // A policy attribute holds JSON text (Terraform AWS provider, aws_iam_policy "policy"); a number, an object or "" is none.
      const what =
        typeof text === 'string'
          ? 'an empty string'
          : Array.isArray(text)
            ? 'a list'
            : typeof text === 'object'
              ? 'an object, not JSON text'
              : `the ${typeof text} ${JSON.stringify(text)}`;
      source.policies.push({
        name,
        policyType,
        issues: [
          {
            severity: 'error',
            code: 'terraform-bad-policy',
            message: `${name}: ${attr} is ${what}; it must be the policy document as JSON text (jsonencode(...))`,
            path: [r.address, attr],
          },
        ],
      });
      return undefined;
    }
    if (typeof text !== 'string' || !text.trim()) {
      const after = unknown.get(r.address);
      const why = after && after[attr] === true ? 'is known only after apply' : 'is empty or missing in the plan';
      source.notes.push({
        severity: 'warning',
        code: 'terraform-unknown-policy',
        message: `${name}: the policy ${why}, so it is left out`,
        path: [r.address, attr],
      });
      return undefined;
    }
    const locate = locator(r, at);
    let pretty = text;
    if (!locate) {
      try {
        pretty = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // Invalid JSON: parse the text as it is, so the syntax error is reported with its position.
      }
    }
    const { policy, issues } = checkPolicy(pretty, { name, format: 'json', policyType, ...(locate ? { locate } : {}) });
    source.policies.push({ name, policyType, ...(policy ? { policy } : {}), issues });
    return policy;
  };

  const principals = new Map<string, { name: string; identity: Policy[]; boundary?: Policy; literal?: string }>();
  const policiesByAddress = new Map<string, Policy>();
  const policiesByArn = new Map<string, Policy>();
  const attachments: { r: TfResource; policy?: Policy; policyAttr?: string; targetAttrs: string[] }[] = [];

  for (const r of resources) {
    const v = r.values ?? {};
    const data = r.mode === 'data';
    if (data && r.type === 'aws_iam_policy_document') {
      const p = parse(v.json, r.address, 'identity', r, 'json');
      if (p) policiesByAddress.set(r.address, p);
    } else if (!data && r.type === 'aws_iam_policy') {
      const p = parse(v.policy, r.address, 'identity', r, 'policy');
      if (p) {
        policiesByAddress.set(r.address, p);
        if (typeof v.arn === 'string') policiesByArn.set(v.arn, p);
      }
    } else if (!data && (r.type === 'aws_iam_role' || r.type === 'aws_iam_user' || r.type === 'aws_iam_group')) {
      const pr: { name: string; identity: Policy[]; boundary?: Policy; literal?: string } = { name: r.address, identity: [] };
      if (typeof v.name === 'string') pr.literal = v.name;
      const inline = Array.isArray(v.inline_policy) ? v.inline_policy : [];
      for (const [i, block] of inline.entries()) {
        if (!isObject(block) || (block.policy === undefined && block.name === undefined)) continue;
        const p = parse(block.policy, `${r.address}/inline_policy/${String(block.name ?? '?')}`, 'identity', r, 'inline_policy', [
          'inline_policy',
          i,
          'policy',
        ]);
        if (p) pr.identity.push(p);
      }
      if (r.type === 'aws_iam_role') parse(v.assume_role_policy, `${r.address}/assume_role_policy`, 'trust', r, 'assume_role_policy');
      principals.set(r.address, pr);
      if (v.permissions_boundary !== undefined && v.permissions_boundary !== null && v.permissions_boundary !== '')
        attachments.push({ r, targetAttrs: [], policyAttr: 'permissions_boundary' });
      for (const arn of Array.isArray(v.managed_policy_arns) ? v.managed_policy_arns : [])
        attachments.push({ r: { ...r, values: { ...v, policy_arn: arn } }, targetAttrs: [], policyAttr: 'managed_policy_arns' });
    } else if (!data && (r.type === 'aws_iam_role_policy' || r.type === 'aws_iam_user_policy' || r.type === 'aws_iam_group_policy')) {
      const p = parse(v.policy, r.address, 'identity', r, 'policy');
      const attr = r.type === 'aws_iam_role_policy' ? 'role' : r.type === 'aws_iam_user_policy' ? 'user' : 'group';
      if (p) attachments.push({ r, policy: p, targetAttrs: [attr] });
    } else if (
      !data &&
      (r.type === 'aws_iam_role_policy_attachment' ||
        r.type === 'aws_iam_user_policy_attachment' ||
        r.type === 'aws_iam_group_policy_attachment' ||
        r.type === 'aws_iam_policy_attachment')
    ) {
      const attrs = r.type === 'aws_iam_policy_attachment' ? ['roles', 'users', 'groups'] : [r.type.replace('aws_iam_', '').replace('_policy_attachment', '')];
      attachments.push({ r, targetAttrs: attrs, policyAttr: 'policy_arn' });
    }
  }

  const findPrincipal = (r: TfResource, attr: string, value: unknown) => {
    for (const ref of refs(r, attr)) {
      const pr = principals.get(ref);
      if (pr) return pr;
    }
    const names = Array.isArray(value) ? value : [value];
    return [...principals.values()].find((p) => names.includes(p.literal));
  };
  const findPolicy = (r: TfResource, attr: string, arn: unknown): Policy | undefined => {
    for (const ref of refs(r, attr)) {
      const p = policiesByAddress.get(ref) ?? policiesByAddress.get(ref.replace(/\.(arn|json|id)$/, ''));
      if (p) return p;
    }
    return typeof arn === 'string' ? policiesByArn.get(arn) : undefined;
  };

  /**
   * How a note names a policy an attribute points at: its ARN when the plan knows it, else the
   * address the configuration refers to (`data.aws_iam_policy.readonly`), else why neither is known.
   */
  const named = (r: TfResource, attr: string, value: unknown): string => {
    if (typeof value === 'string' && value) return value;
    const addresses = [...new Set(refs(r, attr).map((x) => x.replace(/\.(arn|id|name|json|policy)$/, '')))];
    if (addresses.length) return addresses.join(' or ');
    const after = unknown.get(r.address);
    return after && after[attr] === true ? `(its ${attr} is known only after apply)` : `(its ${attr} is missing in the plan)`;
  };

  const attached = new Set<Policy>();
  for (const a of attachments) {
    const v = a.r.values ?? {};
    if (a.policyAttr === 'permissions_boundary') {
      const b = findPolicy(a.r, 'permissions_boundary', v.permissions_boundary);
      const pr = principals.get(a.r.address);
      if (b && pr) {
        pr.boundary = b;
        attached.add(b);
      } else
        source.notes.push({
          severity: 'warning',
          code: 'external-boundary',
          message: `${a.r.address}: permissions boundary ${named(a.r, 'permissions_boundary', v.permissions_boundary)} is not defined in this plan and is left out`,
          path: [a.r.address, 'permissions_boundary'],
        });
      continue;
    }
    const policy = a.policy ?? findPolicy(a.r, a.policyAttr ?? 'policy_arn', v.policy_arn);
    if (!policy) {
      const attr = a.policyAttr ?? 'policy_arn';
      source.notes.push({
        severity: 'warning',
        code: 'external-managed-policy',
        message: `${a.r.address}: managed policy ${named(a.r, attr, v.policy_arn)} is not defined in this plan and is left out`,
        path: [a.r.address, attr],
      });
      continue;
    }
    const targets = a.targetAttrs.length ? a.targetAttrs.map((t) => findPrincipal(a.r, t, v[t])) : [principals.get(a.r.address)];
    for (const pr of targets) {
      if (!pr) continue;
      if (!pr.identity.includes(policy)) pr.identity.push(policy);
      attached.add(policy);
    }
    if (!targets.some(Boolean))
      source.notes.push({
        severity: 'warning',
        code: 'external-principal',
        message: `${a.r.address} attaches ${policy.name} to a principal not defined in this plan`,
        path: [a.r.address],
      });
  }
  for (const pr of principals.values()) {
    const set: PolicySet = { identity: pr.identity };
    if (pr.boundary) set.boundary = pr.boundary;
    source.principals.push({ name: pr.name, set });
  }
  for (const [address, p] of policiesByAddress) if (!attached.has(p)) source.principals.push({ name: address, set: { identity: [p] } });
  source.principals.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!source.policies.length)
    source.issues.push({ severity: 'warning', code: 'no-iam-policy', message: `${file} holds no IAM policy: nothing was checked`, path: [] });
  return source;
}
