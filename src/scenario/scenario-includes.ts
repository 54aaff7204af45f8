/**
 * `include:` handling. The result is the list of files whose `vars` and `policySets` count, in
 * increasing precedence: included files first (depth first, in the order written), the
 * including file last, so the including file wins and a later include wins over an earlier one.
 */

import * as path from 'node:path';
import { quote } from '../diagnostics/issue-list';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourceNode } from '../policy/source-tree';
import { schemaIssues } from './schema-issues';
import { scenarioValidators, schemaErrors } from './scenario-schema';
import { resolveInFolder, scenarioFolder } from './scenario-folder';
import { displayPath, readScenarioSource, type ScenarioSource } from './scenario-source';
import { toPlainData, valueOf } from './source-node-access';

/** A read file with a usable tree. */
export interface ScenarioLayer {
  source: ScenarioSource;
  root: SourceNode;
}

/** The `include` entries of a file: one string or a list of them. */
function includeEntries(root: SourceNode): { node: SourceNode; path: (string | number)[] }[] {
  const inc = valueOf(root, 'include');
  if (!inc) return [];
  if (inc.kind === 'string') return [{ node: inc, path: ['include'] }];
  if (inc.kind !== 'array') return [];
  return (inc.items ?? []).map((node, i) => ({ node, path: ['include', i] })).filter((x) => x.node.kind === 'string');
}

/**
 * Reads the scenario's included files (recursively). Every problem is added to `issues`: an
 * absolute path or one leaving the scenario's folder (also through a symbolic link), a missing
 * or malformed file, an include cycle, and schema errors of the included file.
 */
export function resolveIncludes(main: ScenarioLayer, issues: PolicyIssue[]): ScenarioLayer[] {
  const root = scenarioFolder(main.source.file);
  const folder = root.folder;
  const done = new Set<string>([main.source.file]);
  const stack: string[] = [main.source.file];
  const layers: ScenarioLayer[] = [];

  const visit = (layer: ScenarioLayer): void => {
    for (const { node, path: at } of includeEntries(layer.root)) {
      const written = String(node.value);
      const err = (code: string, message: string) => issues.push({ severity: 'error', code, message, pos: node.pos, path: at });
      const { target, escape } = resolveInFolder(root, layer.source.file, written);
      if (escape === 'absolute') {
        err(
          'include-outside',
          `include ${quote(written)} is an absolute path; include paths are relative to the file that names them and must stay inside the scenario's folder`,
        );
        continue;
      }
      if (escape === 'parent') {
        err('include-outside', `include ${quote(written)} leaves the scenario's folder (${displayPath(folder)}); included files must be inside it`);
        continue;
      }
      if (escape === 'symlink') {
        err('include-outside', `include ${quote(written)} leads outside the scenario's folder through a symbolic link`);
        continue;
      }
      if (stack.includes(target)) {
        const names = [...stack.slice(stack.indexOf(target)), target].map((f) => path.relative(folder, f) || path.basename(f));
        err('include-cycle', `include cycle: ${names.join(' -> ')}`);
        continue;
      }
      // A file reached twice (a diamond) counts once, at its first place.
      if (done.has(target)) continue;
      done.add(target);
      const source = readScenarioSource(target, issues, { pos: node.pos, path: at });
      if (!source.root) continue;
      issues.push(...schemaIssues(schemaErrors(scenarioValidators().includedFile, toPlainData(source.root)), source.root));
      stack.push(target);
      visit({ source, root: source.root });
      stack.pop();
      layers.push({ source, root: source.root });
    }
  };
  visit(main);
  layers.push(main);
  return layers;
}
