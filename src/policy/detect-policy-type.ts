import type { SourceNode } from './source-tree';
import type { PolicyType } from './policy-type';

/**
 * The actions a role trust policy grants (IAM User Guide, id_roles_terms-and-concepts.md "Trust
 * policy", and id_session-tags.md / id_credentials_temp_control-access_monitor.md for the
 * session actions that go with AssumeRole).
 */
const TRUST_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

function entry(node: SourceNode | undefined, key: string): SourceNode | undefined {
  return node?.kind === 'object' ? node.entries?.find((e) => e.key === key)?.value : undefined;
}

function strings(node: SourceNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'string') return [String(node.value)];
  if (node.kind === 'array') return (node.items ?? []).flatMap((i) => (i.kind === 'string' ? [String(i.value)] : []));
  return [];
}

/**
 * What a policy document says it is, where the text can tell: a statement with `Principal` or
 * `NotPrincipal` belongs to a resource-based policy (reference_policies_elements_principal.md:
 * "You cannot use the Principal element in an identity-based policy"), and one whose every
 * action is `sts:AssumeRole*` (with the session actions) to a role trust policy. Anything else
 * reads as an identity policy; boundaries, SCPs, RCPs and session policies look alike and are
 * only known by where they are attached, so the caller says so.
 */
export function detectPolicyType(root: SourceNode | undefined): Extract<PolicyType, 'identity' | 'resource' | 'trust'> {
  const statement = entry(root, 'Statement');
  const statements = statement?.kind === 'array' ? (statement.items ?? []) : statement ? [statement] : [];
  const withPrincipal = statements.filter((s) => entry(s, 'Principal') || entry(s, 'NotPrincipal'));
  if (!withPrincipal.length) return 'identity';
  const actions = statements.flatMap((s) => strings(entry(s, 'Action')));
  const trust = actions.length > 0 && actions.every((a) => TRUST_ACTIONS.has(a.toLowerCase())) && statements.every((s) => !entry(s, 'NotAction'));
  return trust ? 'trust' : 'resource';
}
