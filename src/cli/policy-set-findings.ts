import { policyCatalogFindings } from '../catalog/prepare-cells';
import { applyLevels, type ValidationConfig } from '../catalog/validation-config';
import { policiesOf, type PolicySet } from '../policy/policy-set';
import { formatIssue, type PolicyIssue } from '../diagnostics/policy-issue';
import type { Policy } from '../policy/policy-model';

/**
 * The service-reference findings of every policy of the sets (unknown actions and condition
 * keys, operators that do not suit a key), graded by `config`, each policy and each finding
 * once. Unlike the matchers' `checkPolicySetAgainstCatalog`, it keeps no process-wide memory of
 * what was printed, so every CLI run reports in full.
 */
export function policySetFindings(sets: readonly PolicySet[], config: ValidationConfig): PolicyIssue[] {
  const seenPolicies = new Set<Policy>();
  const seenLines = new Set<string>();
  const out: PolicyIssue[] = [];
  for (const set of sets) {
    for (const p of policiesOf(set)) {
      if (seenPolicies.has(p)) continue;
      seenPolicies.add(p);
      for (const i of applyLevels(policyCatalogFindings(p), config)) {
        const line = formatIssue(i);
        if (seenLines.has(line)) continue;
        seenLines.add(line);
        out.push(i);
      }
    }
  }
  return out;
}
