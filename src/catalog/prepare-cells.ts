/**
 * The service-reference step every test path shares (matchers, YAML scenarios, CLI):
 * action wildcards in a test expand to every real action they match, one cell each; each
 * request is checked against the action's resource types; each policy is checked once for
 * unknown actions and condition keys. Findings are graded by the validation config.
 */

import { policiesOf, type PolicySet } from '../policy/policy-set';
import type { Policy } from '../policy/policy-model';
import { formatIssue, PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import { checkPolicyAgainstCatalog } from './check-policy-catalog';
import { checkExpandedRequest, checkRequestContext } from './check-request';
import { expandActionPattern } from './expand-actions';
import { applyLevels, resolveValidationConfig, type ValidationConfig } from './validation-config';

/** One cell to decide: a concrete action on a resource. */
export interface PreparedCell {
  action: string;
  resource: string;
}

/** Expands `rekognition:Describe*` into real actions; a concrete action stays as it is. */
export function expandTestAction(action: string): string[] {
  if (!/[*?]/.test(action)) return [action];
  const out = expandActionPattern(action);
  if (!out.length) {
    throw new PolicyValidationError(
      [
        {
          severity: 'error',
          code: 'action-pattern-matches-nothing',
          message: `action pattern ${JSON.stringify(action)} matches no action in the AWS service reference`,
        },
      ],
      'invalid request',
    );
  }
  return out;
}

/**
 * Cross product of actions (expanded) and resources, with each cell checked. Throws
 * PolicyValidationError listing every cell that is a test mistake; returns the cells and the
 * warnings otherwise.
 */
export function prepareCells(
  actions: readonly string[],
  resources: readonly string[],
  config: ValidationConfig = resolveValidationConfig(),
  contextKeys: readonly string[] = [],
): { cells: PreparedCell[]; warnings: PolicyIssue[] } {
  const cells: PreparedCell[] = [];
  const issues: PolicyIssue[] = [];
  for (const pattern of actions) {
    const expanded = expandTestAction(pattern);
    for (const action of expanded) {
      issues.push(...applyLevels(checkRequestContext(action, contextKeys), config));
      for (const resource of resources) cells.push({ action, resource });
    }
    // One finding for a wildcard pattern on "*", not one per action it matches.
    for (const resource of resources) issues.push(...applyLevels(checkExpandedRequest(pattern, expanded, resource), config));
  }
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new PolicyValidationError(dedupe(errors), 'request does not fit the AWS service reference');
  return { cells, warnings: dedupe(issues) };
}

function dedupe(issues: PolicyIssue[]): PolicyIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = formatIssue(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const policyFindings = new WeakMap<Policy, PolicyIssue[]>();

/** Catalogue findings for one policy, computed once per Policy object. */
export function policyCatalogFindings(policy: Policy): PolicyIssue[] {
  let f = policyFindings.get(policy);
  if (!f) {
    f = checkPolicyAgainstCatalog(policy);
    policyFindings.set(policy, f);
  }
  return f;
}

const reported = new WeakSet<Policy>();
const warned = new Set<string>();

/**
 * Prints each warning once per process (a matrix repeats the same finding many times), straight
 * to stderr so Jest adds no console stack frame. A warning whose position names no file (an
 * inline policy, a request's context) is told where it came from: `origin`, the test or the
 * scenario file that asked.
 */
export function warnOnce(
  issues: PolicyIssue[],
  origin?: string | (() => string | undefined),
  print: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): void {
  let where: string | undefined;
  for (const i of issues) {
    const text = `jest-iam: ${formatIssue(i)}`;
    if (warned.has(text)) continue;
    warned.add(text);
    // Computed only for a warning that needs it (a matcher's origin reads a stack); the first
    // place that met the finding is named.
    if (!i.pos?.file && where === undefined) where = (typeof origin === 'function' ? origin() : origin) ?? '';
    print(!i.pos?.file && where ? `${text} [${where}]` : text);
  }
}

/**
 * Grades the catalogue findings of every policy in a set. Errors (after `warningsAsErrors`)
 * throw; warnings are returned the first time a policy is seen in this process, so a run
 * prints each once.
 */
export function checkPolicySetAgainstCatalog(set: PolicySet, config: ValidationConfig = resolveValidationConfig()): PolicyIssue[] {
  const fresh: PolicyIssue[] = [];
  const errors: PolicyIssue[] = [];
  for (const p of policiesOf(set)) {
    const graded = applyLevels(policyCatalogFindings(p), config);
    errors.push(...graded.filter((i) => i.severity === 'error'));
    if (!reported.has(p)) {
      reported.add(p);
      fresh.push(...graded.filter((i) => i.severity === 'warning'));
    }
  }
  if (errors.length) throw new PolicyValidationError(errors, 'policy findings against the AWS service reference (warnings are errors here)');
  return fresh;
}
