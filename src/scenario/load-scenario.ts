import * as path from 'node:path';
import { cellCapIssue } from './cell-cap';
import type { ValidationConfig } from '../catalog/validation-config';
import type { PolicySet } from '../policy/policy-set';
import { PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import { readCheckedContext, readExpectationLists, readNeverList, readTable, readResourceAccount, type ExpectationReader } from './read-expectations';
import { requestFieldProblem } from './request-field-problem';
import { schemaIssues } from './schema-issues';
import { projectFolder } from './scenario-folder';
import { resolveIncludes, type ScenarioLayer } from './scenario-includes';
import type { Scenario, ScenarioPrincipal } from './scenario-model';
import { PolicySetBuilder, type NamedPolicySet } from './scenario-policy-sets';
import { scenarioValidators, schemaErrors } from './scenario-schema';
import { readScenarioSource } from './scenario-source';
import { VarScope, type VarDefinition } from './scenario-vars';
import { toPlainData, valueOf } from './source-node-access';

/** Vars and policy sets of every layer; a later layer (higher precedence) replaces an earlier one. */
function collectDefinitions(layers: ScenarioLayer[]): { vars: Map<string, VarDefinition>; sets: Map<string, NamedPolicySet> } {
  const vars = new Map<string, VarDefinition>();
  const sets = new Map<string, NamedPolicySet>();
  for (const { source, root } of layers) {
    for (const e of valueOf(root, 'vars')?.entries ?? []) vars.set(e.key, { name: e.key, value: e.value, keyPos: e.keyPos, source });
    for (const e of valueOf(root, 'policySets')?.entries ?? []) {
      if (e.value.kind === 'object') sets.set(e.key, { name: e.key, entry: e, source });
    }
  }
  return { vars, sets };
}

/** True when `path` is `prefix` or below it. */
function isWithin(path: (string | number)[] | undefined, prefix: (string | number)[]): boolean {
  return !!path && path.length >= prefix.length && prefix.every((step, i) => path[i] === step);
}

/** Issues sorted by file and position, so the report reads top to bottom. */
function inReadingOrder(issues: PolicyIssue[]): PolicyIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => {
      const fa = a.issue.pos?.file ?? '\uffff';
      const fb = b.issue.pos?.file ?? '\uffff';
      if (fa !== fb) return fa < fb ? -1 : 1;
      return (a.issue.pos?.offset ?? 0) - (b.issue.pos?.offset ?? 0) || a.i - b.i;
    })
    .map((x) => x.issue);
}

/**
 * Reads, validates and prepares a scenario file (`*.iam.yaml`): YAML syntax, the JSON Schema
 * (`schema/scenario.schema.json`), includes, vars, policy set names, every referenced policy
 * (with its own file's positions), and every action, ARN, principal and context value.
 *
 * @throws PolicyValidationError listing every error at once, each as `file:line:col` with the
 *   path in the file, e.g. `x.iam.yaml:12:9: error: unknown key "acions"; did you mean
 *   "actions"? (at principals.model-manager.allow[0].acions)`.
 */
export function loadScenario(file: string): Scenario {
  const abs = path.resolve(file);
  const issues: PolicyIssue[] = [];
  const warnings: PolicyIssue[] = [];
  const main = readScenarioSource(abs, issues);
  const fail = () => new PolicyValidationError(inReadingOrder(issues), `scenario ${main.displayFile}`);
  if (!main.root) throw fail();
  const root = main.root;
  // Counted on the tree, before the schema, vars and expectations: a huge table stops here.
  const tooMany = cellCapIssue(root, main.displayFile);
  if (tooMany) {
    issues.push(tooMany);
    throw fail();
  }
  issues.push(...schemaIssues(schemaErrors(scenarioValidators().scenario, toPlainData(root)), root));

  const layers = resolveIncludes({ source: main, root }, issues);
  const { vars: varDefs, sets } = collectDefinitions(layers);
  const vars = new VarScope(varDefs, issues);
  const builder = new PolicySetBuilder(sets, vars, issues, warnings, projectFolder(abs));

  const principals: ScenarioPrincipal[] = [];
  for (const p of valueOf(root, 'principals')?.entries ?? []) {
    if (p.value.kind !== 'object') continue;
    const at = ['principals', p.key];
    const r: ExpectationReader = { source: main, vars, issues, at };

    let arn: string | undefined;
    const arnNode = valueOf(p.value, 'arn');
    if (arnNode?.kind === 'string') {
      arn = vars.expand(VarScope.textOf(arnNode, main, [...at, 'arn']));
      const problem = requestFieldProblem('principal', arn);
      if (problem) issues.push({ severity: 'error', code: 'bad-principal', message: problem, pos: arnNode.pos, path: [...at, 'arn'] });
    }

    const policiesNode = valueOf(p.value, 'policies');
    const live = valueOf(p.value, 'source')?.value === 'live';
    if (live && policiesNode) {
      issues.push({
        severity: 'error',
        code: 'live-with-policies',
        message: `principal "${p.key}" has source: live, so its policies come from the account; remove \`policies\``,
        pos: policiesNode.pos,
        path: [...at, 'policies'],
      });
    } else if (live && arn === undefined) {
      issues.push({
        severity: 'error',
        code: 'live-without-arn',
        message: `principal "${p.key}" has source: live and needs \`arn\` (the user or role to load)`,
        pos: p.keyPos,
        path: at,
      });
    } else if (!live && !policiesNode) {
      issues.push({
        severity: 'error',
        code: 'missing-policies',
        message: `principal "${p.key}" needs \`policies\` (a policySets name or an inline set), or \`source: live\``,
        pos: p.keyPos,
        path: at,
      });
    }
    // A live principal's set is a fresh placeholder, filled from the account before its tests run.
    const set: PolicySet | undefined = live
      ? { identity: [] }
      : policiesNode?.kind === 'string'
        ? builder.byName(policiesNode, main, [...at, 'policies'])
        : policiesNode
          ? builder.fromNode(policiesNode, main, [...at, 'policies'])
          : undefined;

    const context = readCheckedContext(r, p.value, at);
    const resourceAccount = readResourceAccount(r, p.value, at);
    const expectations = [...readExpectationLists(r, p.value), ...readTable(r, p.value)]
      .map((e) => (e.resourceAccount || !resourceAccount ? e : { ...e, resourceAccount }))
      .sort((a, b) => a.pos.offset - b.pos.offset);
    const never = readNeverList(r, p.value).map((e) => (e.resourceAccount || !resourceAccount ? e : { ...e, resourceAccount }));
    // A principal without a single cell is a mistake (often a mis-indented list), unless its
    // lists already have errors of their own.
    if (!expectations.length && !never.length && !issues.some((i) => isWithin(i.path, at))) {
      issues.push({
        severity: 'error',
        code: 'no-expectations',
        message: `principal "${p.key}" states no expectations; add allow, deny, explicitDeny, implicitDeny, table or never`,
        pos: p.keyPos,
        path: at,
      });
    }
    if (!set) continue;
    const principal: ScenarioPrincipal = { name: p.key, policySet: set, expectations, never, pos: p.keyPos };
    if (arn !== undefined) principal.arn = arn;
    if (context) principal.context = context;
    if (live) principal.source = 'live';
    principals.push(principal);
  }

  const nameNode = valueOf(root, 'name');
  const name = nameNode?.kind === 'string' ? vars.expand(VarScope.textOf(nameNode, main, ['name'])) : path.basename(abs);
  if (issues.some((i) => i.severity === 'error')) throw fail();
  const scenario: Scenario = { name, file: abs, displayFile: main.displayFile, principals, warnings };
  if (builder.liveBuckets.length) scenario.liveBuckets = builder.liveBuckets;
  // The schema has checked every key and level of `validation`.
  const validationNode = valueOf(root, 'validation');
  if (validationNode?.kind === 'object') scenario.validation = toPlainData(validationNode) as Partial<ValidationConfig>;
  const crossCheckNode = valueOf(root, 'crossCheck');
  if (crossCheckNode?.kind === 'boolean') scenario.crossCheck = crossCheckNode.value === true;
  return scenario;
}
