/**
 * Reads a principal's expectations: the four lists (`allow`, `deny`, `explicitDeny`,
 * `implicitDeny`) and the `table`. Values are var-substituted and checked with the evaluator's
 * own request rules; every problem is an issue with its position.
 */

import type { ContextInput } from '../request/request-context';
import { quote } from '../diagnostics/issue-list';
import { formatPath, type PolicyIssue } from '../diagnostics/policy-issue';
import type { SourceNode } from '../policy/source-tree';
import { nearestName } from '../diagnostics/nearest-name';
import { readContext } from './read-context';
import { accountIdProblem, requestFieldProblem } from './request-field-problem';
import { EXPECTATION_LISTS, type Expectation, type ExpectationEntry, type NeverEntry } from './scenario-model';
import type { ScenarioSource } from './scenario-source';
import { VarScope } from './scenario-vars';
import { scalarAsWritten, valueOf } from './source-node-access';

type Path = (string | number)[];

/** What the readers share for one principal. */
export interface ExpectationReader {
  source: ScenarioSource;
  vars: VarScope;
  issues: PolicyIssue[];
  /** `['principals', <name>]`. */
  at: Path;
}

/** Table cell words -> expectations. */
const CELL_VALUES: Readonly<Record<string, Expectation>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, Expectation>, { allow: 'allow', deny: 'deny', explicit: 'explicitDeny', implicit: 'implicitDeny' }),
);

/** A string node, var-substituted and checked as a request field. */
function field(r: ExpectationReader, node: SourceNode, at: Path, kind: 'action' | 'resource' | 'principal' | 'resource-pattern'): string | undefined {
  if (node.kind !== 'string') return undefined;
  const value = r.vars.expand(VarScope.textOf(node, r.source, at));
  // A `never` resource is a pattern (`arn:aws:s3:*:*:x/*`), not a request's ARN: its reader checks its shape.
  const problem = kind === 'resource-pattern' ? undefined : requestFieldProblem(kind, value);
  if (problem) {
    r.issues.push({ severity: 'error', code: `bad-${kind}`, message: problem, pos: node.pos, path: at });
    return undefined;
  }
  return value;
}

/** `one` (a string) or `many` (a list of strings) of an entry, checked; `fallback` when neither. */
function oneOrMany(
  r: ExpectationReader,
  item: SourceNode,
  at: Path,
  one: string,
  many: string,
  kind: 'action' | 'resource' | 'resource-pattern',
  fallback?: string,
): string[] {
  const single = valueOf(item, one);
  if (single) {
    const v = field(r, single, [...at, one], kind);
    return v === undefined ? [] : [v];
  }
  const list = valueOf(item, many);
  if (list?.kind === 'array') {
    return (list.items ?? []).flatMap((n, i) => {
      const v = field(r, n, [...at, many, i], kind);
      return v === undefined ? [] : [v];
    });
  }
  return fallback === undefined ? [] : [fallback];
}

/** An optional `resourceAccount`, checked. */
export function readResourceAccount(r: ExpectationReader, owner: SourceNode, at: Path): string | undefined {
  const node = valueOf(owner, 'resourceAccount');
  if (!node || (node.kind !== 'string' && node.kind !== 'number')) return undefined;
  const value = node.kind === 'string' ? r.vars.expand(VarScope.textOf(node, r.source, [...at, 'resourceAccount'])) : scalarAsWritten(node, r.source.text);
  const problem = accountIdProblem(value);
  if (problem) {
    r.issues.push({ severity: 'error', code: 'bad-account-id', message: problem, pos: node.pos, path: [...at, 'resourceAccount'] });
    return undefined;
  }
  return value;
}

/** An optional `context` mapping, checked with the evaluator's rules. */
export function readCheckedContext(r: ExpectationReader, owner: SourceNode, at: Path): ContextInput | undefined {
  const node = valueOf(owner, 'context');
  const ctx = readContext(node, r.source, r.vars, [...at, 'context'], r.issues);
  if (ctx && node) {
    const problem = requestFieldProblem('context', ctx);
    if (problem) r.issues.push({ severity: 'error', code: 'bad-context', message: problem, pos: node.pos, path: [...at, 'context'] });
  }
  return ctx;
}

/** One entry as the model holds it, leaving out absent optional fields. */
function entry(
  base: Omit<ExpectationEntry, 'context' | 'resourceAccount'>,
  context: ContextInput | undefined,
  resourceAccount: string | undefined,
): ExpectationEntry {
  const e: ExpectationEntry = { ...base };
  if (context) e.context = context;
  if (resourceAccount) e.resourceAccount = resourceAccount;
  return e;
}

/** The entries of the four expectation lists of a principal. */
export function readExpectationLists(r: ExpectationReader, principal: SourceNode): ExpectationEntry[] {
  const out: ExpectationEntry[] = [];
  for (const expectation of EXPECTATION_LISTS) {
    const list = valueOf(principal, expectation);
    if (list?.kind !== 'array') continue;
    (list.items ?? []).forEach((item, i) => {
      if (item.kind !== 'object') return;
      const at = [...r.at, expectation, i];
      const actions = oneOrMany(r, item, at, 'action', 'actions', 'action');
      // reference_policies_elements_resource.md: "*" for actions without resource-level permissions.
      const resources = oneOrMany(r, item, at, 'resource', 'resources', 'resource', '*');
      out.push(
        entry({ expectation, actions, resources, pos: item.pos, source: formatPath(at) }, readCheckedContext(r, item, at), readResourceAccount(r, item, at)),
      );
    });
  }
  return out;
}

/** The cells of a principal's `table`, one entry each. */
export function readTable(r: ExpectationReader, principal: SourceNode): ExpectationEntry[] {
  const table = valueOf(principal, 'table');
  if (table?.kind !== 'object') return [];
  const at = [...r.at, 'table'];
  const columns = new Map<string, string | undefined>();
  for (const c of valueOf(table, 'columns')?.entries ?? []) columns.set(c.key, field(r, c.value, [...at, 'columns', c.key], 'resource'));
  const context = readCheckedContext(r, table, at);
  const resourceAccount = readResourceAccount(r, table, at);
  const out: ExpectationEntry[] = [];
  for (const row of valueOf(table, 'rows')?.entries ?? []) {
    const rowAt = [...at, 'rows', row.key];
    const lineEnd = r.source.text.indexOf('\n', row.keyPos.offset);
    const raw = r.source.text.slice(row.keyPos.offset, lineEnd < 0 ? undefined : lineEnd);
    const action = r.vars.expand({ value: row.key, pos: row.keyPos, source: r.source, raw, path: rowAt });
    const problem = requestFieldProblem('action', action);
    if (problem) r.issues.push({ severity: 'error', code: 'bad-action', message: problem, pos: row.keyPos, path: rowAt });
    for (const cell of row.value.entries ?? []) {
      if (!columns.has(cell.key)) {
        const hint = nearestName(cell.key, columns.keys());
        r.issues.push({
          severity: 'error',
          code: 'unknown-column',
          message: `unknown column ${quote(cell.key)}${hint ? `; did you mean "${hint}"?` : `; columns: ${[...columns.keys()].join(', ')}`}`,
          pos: cell.keyPos,
          path: [...rowAt, cell.key],
        });
        continue;
      }
      const resource = columns.get(cell.key);
      const expectation = cell.value.kind === 'string' ? CELL_VALUES[String(cell.value.value)] : undefined;
      // Bad cell values are reported by the schema; bad column ARNs where the column is defined.
      if (problem || resource === undefined || !expectation) continue;
      const source = `${formatPath(at)}, row ${action}, column ${cell.key}`;
      out.push(entry({ expectation, actions: [action], resources: [resource], pos: cell.value.pos, source }, context, resourceAccount));
    }
  }
  return out;
}

/**
 * The entries of a principal's `never` list. Action patterns are checked against the service
 * reference when the cells are expanded; resources must be `*` or ARN patterns, the only
 * resource patterns the proof reads.
 */
export function readNeverList(r: ExpectationReader, principal: SourceNode): NeverEntry[] {
  const list = valueOf(principal, 'never');
  if (list?.kind !== 'array') return [];
  const out: NeverEntry[] = [];
  (list.items ?? []).forEach((item, i) => {
    if (item.kind !== 'object') return;
    const at = [...r.at, 'never', i];
    const actions = oneOrMany(r, item, at, 'action', 'actions', 'action');
    const resources = oneOrMany(r, item, at, 'resource', 'resources', 'resource-pattern', '*');
    for (const [k, node] of [
      ['resource', valueOf(item, 'resource')],
      ...(valueOf(item, 'resources')?.items ?? []).map((n, j) => [`resources[${j}]`, n] as const),
    ] as const) {
      if (node?.kind !== 'string') continue;
      const value = r.vars.expand(VarScope.textOf(node, r.source, [...at, k]));
      if (value !== '*' && !value.startsWith('arn:'))
        r.issues.push({
          severity: 'error',
          code: 'bad-resource',
          message: `never: resource pattern ${quote(value)} is neither "*" nor an ARN pattern (arn:partition:service:region:account:resource, with * and ?)`,
          pos: node.pos,
          path: [...at, k],
        });
    }
    const ifUnknown = valueOf(item, 'ifUnknown')?.value === 'warn' ? 'warn' : 'fail';
    const context = readCheckedContext(r, item, at);
    const resourceAccount = readResourceAccount(r, item, at);
    const e: NeverEntry = { actions, resources, ifUnknown, pos: item.pos, source: formatPath(at) };
    if (context) e.context = context;
    if (resourceAccount) e.resourceAccount = resourceAccount;
    out.push(e);
  });
  return out;
}
