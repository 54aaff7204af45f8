import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourceNode } from '../policy/source-tree';
import { validatePolicyTree } from '../policy/validate-grammar';
import { checkPolicyAgainstCatalog } from './check-policy-catalog';
import { defaultCatalog, type ServiceCatalog } from './service-catalog';

/**
 * Service-reference findings of a policy document that has grammar errors: an unknown action
 * (`s3:GetObjct`) or condition key (`kms:ViaServce`) is worth reporting next to a missing comma
 * elsewhere, as IAM Access Analyzer's ValidatePolicy lists every finding at once. The document is
 * read again with only the grammar rules common to every policy type; if that still fails, each
 * statement is read on its own and the statements that read are checked, with their own
 * positions and their index in the document.
 */
export function catalogFindingsOfTree(
  root: SourceNode | undefined,
  options: { file?: string; text: string },
  catalog: ServiceCatalog = defaultCatalog(),
): PolicyIssue[] {
  if (!root || root.kind !== 'object') return [];
  const whole = validatePolicyTree(root, { name: options.file ?? 'policy', file: options.file, text: options.text });
  if (whole.policy) return checkPolicyAgainstCatalog(whole.policy, catalog);
  const statement = root.entries?.find((e) => e.key === 'Statement')?.value;
  const items = statement?.kind === 'array' ? (statement.items ?? []) : statement?.kind === 'object' ? [statement] : [];
  const version = root.entries?.find((e) => e.key === 'Version');
  const out: PolicyIssue[] = [];
  items.forEach((item, index) => {
    const alone: SourceNode = { ...root, entries: [...(version ? [version] : []), { key: 'Statement', keyPos: item.pos, value: { ...item } }] };
    const one = validatePolicyTree(alone, { name: options.file ?? 'policy', file: options.file, text: options.text });
    if (!one.policy) return;
    for (const i of checkPolicyAgainstCatalog(one.policy, catalog)) {
      // The statement was read as the only one: put its index in the document back.
      const path = i.path && i.path[0] === 'Statement' && statement?.kind === 'array' ? ['Statement', index, ...i.path.slice(2)] : i.path;
      out.push({ ...i, ...(path ? { path } : {}) });
    }
  });
  return out;
}
