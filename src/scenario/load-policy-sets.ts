import * as path from 'node:path';
import type { PolicySet } from '../policy/policy-set';
import { PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import { quote } from '../diagnostics/issue-list';
import { nearestName } from '../diagnostics/nearest-name';
import { schemaIssues } from './schema-issues';
import { projectFolder } from './scenario-folder';
import { resolveIncludes } from './scenario-includes';
import { PolicySetBuilder, type NamedPolicySet as SetDefinition } from './scenario-policy-sets';
import { scenarioValidators, schemaErrors } from './scenario-schema';
import { readScenarioSource } from './scenario-source';
import { VarScope, type VarDefinition } from './scenario-vars';
import { toPlainData, valueOf } from './source-node-access';

/** One built set of a policy-set file, under its `policySets` key. */
export interface LoadedPolicySet {
  name: string;
  set: PolicySet;
}

/**
 * Reads a policy-set file: the `policySets` (with `vars` and `include`) of a scenario file, or
 * a file holding only those keys (what `include` takes), so the CLI and the YAML suites share
 * one description of a policy set. Paths resolve as in a scenario, relative to the file that
 * names them and inside its project. `only` picks one set by name.
 *
 * @throws PolicyValidationError with every problem, each with file:line:col.
 */
export function loadPolicySets(file: string, only?: string): LoadedPolicySet[] {
  const abs = path.resolve(file);
  const issues: PolicyIssue[] = [];
  const main = readScenarioSource(abs, issues);
  const fail = () => new PolicyValidationError(issues, `policy sets ${main.displayFile}`);
  if (!main.root) throw fail();
  const root = main.root;
  // A scenario file is checked as one; a file without principals as an included file.
  const validators = scenarioValidators();
  issues.push(...schemaIssues(schemaErrors(valueOf(root, 'principals') ? validators.scenario : validators.includedFile, toPlainData(root)), root));

  const layers = resolveIncludes({ source: main, root }, issues);
  const vars = new Map<string, VarDefinition>();
  const sets = new Map<string, SetDefinition>();
  for (const { source, root: r } of layers) {
    for (const e of valueOf(r, 'vars')?.entries ?? []) vars.set(e.key, { name: e.key, value: e.value, keyPos: e.keyPos, source });
    for (const e of valueOf(r, 'policySets')?.entries ?? []) if (e.value.kind === 'object') sets.set(e.key, { name: e.key, entry: e, source });
  }
  if (!issues.some((i) => i.severity === 'error')) {
    if (!sets.size)
      issues.push({
        severity: 'error',
        code: 'no-policy-sets',
        message: `${main.displayFile} defines no policySets (write policySets: { name: { identity: [...], boundary: ..., scps: [...] } })`,
        pos: main.lines.at(0),
        path: [],
      });
    else if (only !== undefined && !sets.has(only)) {
      const hint = nearestName(only, sets.keys());
      issues.push({
        severity: 'error',
        code: 'unknown-policy-set',
        message: `unknown policy set ${quote(only)}${hint ? `; did you mean "${hint}"?` : ''}; ${main.displayFile} defines ${[...sets.keys()].join(', ')}`,
        pos: main.lines.at(0),
        path: ['policySets'],
      });
    }
  }
  if (issues.some((i) => i.severity === 'error')) throw fail();

  const warnings: PolicyIssue[] = [];
  const builder = new PolicySetBuilder(sets, new VarScope(vars, issues), issues, warnings, projectFolder(abs));
  const out: LoadedPolicySet[] = [];
  for (const [name, def] of sets) {
    if (only !== undefined && name !== only) continue;
    const set = builder.fromNode(def.entry.value, def.source, ['policySets', name]);
    if (set) out.push({ name, set });
  }
  if (issues.some((i) => i.severity === 'error')) throw fail();
  return out;
}
