/**
 * Expands a loaded scenario into its matrix cells: every expectation entry gives
 * actions x resources cells, each one request with one expected outcome. The principal's
 * policy set (built once by `loadScenario`) is shared by all its cells.
 */

import type { AccessRequest } from '../request/access-request';
import type { ContextInput, ContextInputValue } from '../request/request-context';
import { checkPolicySetAgainstCatalog, expandTestAction, warnOnce } from '../catalog/prepare-cells';
import { checkExpandedRequest, checkRequestContext } from '../catalog/check-request';
import { applyLevels, resolveValidationConfig, type ValidationConfig } from '../catalog/validation-config';
import { PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import { mergeContext } from './read-context';
import { maxCells } from './cell-cap';
import type { ExpectationEntry, Scenario, ScenarioCell } from './scenario-model';

/** `k=v` for a test name; lists as `[a, b]`, a removed key as `k=null`. */
function contextText(context: ContextInput): string {
  const value = (v: ContextInputValue | null | undefined): string =>
    v === null || v === undefined ? 'null' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
  return Object.entries(context)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(',');
}

/** `<expectation> <action> on <resource>[ with k=v,...]` (own context only, not the principal's defaults). */
export function cellTestName(expectation: string, action: string, resource: string, ownContext?: ContextInput): string {
  const ctx = ownContext && Object.keys(ownContext).length ? ` with ${contextText(ownContext)}` : '';
  return shortTestName(`${expectation} ${action} on ${resource}${ctx}`);
}

/** Longest test or suite name shown; long vars or names would fill a terminal and a CI log. */
export const MAX_TEST_NAME = 200;

/** `name`, or its start and its length when longer than {@link MAX_TEST_NAME}. */
export function shortTestName(name: string): string {
  if (name.length <= MAX_TEST_NAME) return name;
  return `${name.slice(0, MAX_TEST_NAME - 30)}... (${name.length.toLocaleString('en-US')} characters)`;
}

/** Makes names unique within one principal: duplicates get ` (line N)`, then ` #k` if still equal. */
function uniquifyNames(cells: ScenarioCell[]): void {
  const count = (names: string[]) => names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());
  const first = count(cells.map((c) => c.testName));
  for (const c of cells) if ((first.get(c.testName) ?? 0) > 1) c.testName = `${c.testName} (line ${c.pos.line})`;
  const second = count(cells.map((c) => c.testName));
  const seen = new Map<string, number>();
  for (const c of cells) {
    if ((second.get(c.testName) ?? 0) < 2) continue;
    const k = (seen.get(c.testName) ?? 0) + 1;
    seen.set(c.testName, k);
    c.testName = `${c.testName} #${k}`;
  }
}

/** Cells still allowed in one file: the cap counted again once action patterns are expanded. */
interface CellBudget {
  cap: number;
  used: number;
  file: string;
}

/**
 * The service-reference findings of one expansion, graded, each question answered once: a
 * matrix asks the same ones for every principal (10,000 cells, a few hundred distinct action x
 * resource pairs and a handful of context key sets), and a table cell is an entry of its own.
 * The findings depend on the arguments, the catalogue and the levels alone, all fixed for one
 * {@link expandCells}.
 */
class RequestFindings {
  private readonly expanded = new Map<string, readonly PolicyIssue[]>();
  private readonly contexts = new Map<string, readonly PolicyIssue[]>();

  constructor(private readonly config: ValidationConfig) {}

  /** checkExpandedRequest of an action pattern (and the actions it expanded to) on one resource. */
  ofRequest(pattern: string, actions: readonly string[], resource: string): readonly PolicyIssue[] {
    const key = `${pattern}\0${resource}`;
    let found = this.expanded.get(key);
    if (!found) this.expanded.set(key, (found = applyLevels(checkExpandedRequest(pattern, actions, resource), this.config)));
    return found;
  }

  /** checkRequestContext of an action with the given context keys. */
  ofContext(action: string, keys: readonly string[]): readonly PolicyIssue[] {
    const key = `${action}\0${keys.join('\0')}`;
    let found = this.contexts.get(key);
    if (!found) this.contexts.set(key, (found = applyLevels(checkRequestContext(action, keys), this.config)));
    return found;
  }
}

function cellsOfEntry(
  principal: Scenario['principals'][number],
  e: ExpectationEntry,
  findings: RequestFindings,
  issues: PolicyIssue[],
  budget: CellBudget,
): ScenarioCell[] {
  const context = mergeContext(principal.context, e.context);
  const out: ScenarioCell[] = [];
  // Action wildcards expand to every real action they match, one cell each; every cell is
  // checked against the AWS service reference, and a finding points at the entry's line.
  const at = (i: PolicyIssue): PolicyIssue => ({ ...i, pos: e.pos, message: `${i.message} (${e.source})` });
  const actions: string[] = [];
  for (const pattern of e.actions) {
    let expanded: string[];
    try {
      expanded = expandTestAction(pattern);
    } catch (err) {
      if (!(err instanceof PolicyValidationError)) throw err;
      issues.push(...err.issues.map(at));
      continue;
    }
    actions.push(...expanded);
    // One finding for a wildcard pattern on "*", not one per action it matches.
    for (const resource of e.resources) {
      const found = findings.ofRequest(pattern, expanded, resource);
      if (found.length) issues.push(...found.map(at));
    }
  }
  // The cap was counted on the file before expanding (cell-cap.ts); `s3:*` or `*` on many
  // resources multiplies it, so it is counted again here, before any cell is built.
  budget.used += actions.length * e.resources.length;
  if (budget.used > budget.cap) {
    const message = `${budget.file} states ${budget.used.toLocaleString('en-US')} or more cells once action patterns are expanded (${e.actions.join(', ')}: ${actions.length.toLocaleString('en-US')} actions x ${e.resources.length} resources here), over the cap of ${budget.cap.toLocaleString('en-US')} per scenario file: name fewer actions, split the file, or set JEST_IAM_MAX_CELLS to raise the cap`;
    throw new PolicyValidationError([{ severity: 'error', code: 'too-many-cells', message, pos: e.pos, path: [] }], `${budget.file}: too many cells`);
  }
  const contextKeys = Object.keys(context ?? {});
  for (const action of actions) {
    const found = findings.ofContext(action, contextKeys);
    if (found.length) issues.push(...found.map(at));
    for (const resource of e.resources) {
      const request: AccessRequest = { action, resource };
      if (principal.arn !== undefined) request.principal = principal.arn;
      if (context && contextKeys.length) request.context = context;
      if (e.resourceAccount) request.resourceAccount = e.resourceAccount;
      out.push({
        principal: principal.name,
        expectation: e.expectation,
        request,
        policySet: principal.policySet,
        pos: e.pos,
        source: e.source,
        testName: cellTestName(e.expectation, action, resource, e.context),
      });
    }
  }
  return out;
}

/**
 * Every cell of a scenario, principal by principal, in the order the file states them.
 * Test names are unique within a principal.
 */
export function expandCells(scenario: Scenario, config: ValidationConfig = resolveValidationConfig(scenario.validation)): ScenarioCell[] {
  const issues: PolicyIssue[] = [];
  const budget: CellBudget = { cap: maxCells(), used: 0, file: scenario.displayFile };
  const findings = new RequestFindings(config);
  const cells = scenario.principals.flatMap((p) => {
    warnOnce(checkPolicySetAgainstCatalog(p.policySet, config), `in ${scenario.displayFile}, principal ${p.name}`);
    const own = p.expectations.flatMap((e) => cellsOfEntry(p, e, findings, issues, budget));
    uniquifyNames(own);
    return own;
  });
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new PolicyValidationError(errors, `${scenario.displayFile}: requests that do not fit the AWS service reference`);
  warnOnce(issues, `in ${scenario.displayFile}`);
  return cells;
}
