import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourceNode } from '../diagnostics/source-node';
import { EXPECTATION_LISTS } from './scenario-model';

/**
 * A cap on the cells (Jest tests) one scenario file may state, counted on the YAML tree before
 * anything is expanded or checked: a 1,000 x 1,000 table would otherwise run for minutes before
 * anyone learns it was a mistake. 10,000 unless `JEST_IAM_MAX_CELLS` says otherwise.
 */
export const DEFAULT_MAX_CELLS = 10_000;

/** The cap in force: `JEST_IAM_MAX_CELLS` when a positive integer, else 10,000. */
export function maxCells(): number {
  const raw = process.env.JEST_IAM_MAX_CELLS;
  if (raw !== undefined && /^\d+$/.test(raw.trim()) && Number(raw) > 0) return Number(raw);
  return DEFAULT_MAX_CELLS;
}

const valueOf = (node: SourceNode | undefined, key: string) => node?.entries?.find((e) => e.key === key)?.value;

/** Items of `one` (a single value) or `many` (a list) in an entry: at least 1. */
function countOf(item: SourceNode, one: string, many: string): number {
  const list = valueOf(item, many);
  if (list?.kind === 'array') return Math.max(1, list.items?.length ?? 0);
  void one;
  return 1;
}

/** The number of cells `root` states (a lower bound when vars are lists): tables' cells plus each entry's actions x resources. */
export function countCells(root: SourceNode): number {
  let n = 0;
  for (const p of valueOf(root, 'principals')?.entries ?? []) {
    for (const list of EXPECTATION_LISTS) {
      for (const item of valueOf(p.value, list)?.items ?? [])
        if (item.kind === 'object') n += countOf(item, 'action', 'actions') * countOf(item, 'resource', 'resources');
    }
    for (const row of valueOf(valueOf(p.value, 'table'), 'rows')?.entries ?? []) n += row.value.entries?.length ?? 0;
  }
  return n;
}

/** What is wrong with `JEST_IAM_MAX_CELLS` when it is set but is no positive whole number ("10k", "-1"). */
export function maxCellsProblem(): string | undefined {
  const raw = process.env.JEST_IAM_MAX_CELLS;
  if (raw === undefined || raw === '' || (/^\d+$/.test(raw.trim()) && Number(raw) > 0)) return undefined;
  return `JEST_IAM_MAX_CELLS=${JSON.stringify(raw)} is not a positive whole number of cells (e.g. 50000); fix or unset it`;
}

/** An error at the file's `principals` when it states more cells than the cap (or the cap's setting is unreadable). */
export function cellCapIssue(root: SourceNode, file: string, cap: number = maxCells()): PolicyIssue | undefined {
  const setting = maxCellsProblem();
  const at = root.entries?.find((e) => e.key === 'principals');
  if (setting) return { severity: 'error', code: 'too-many-cells', message: setting, pos: at?.keyPos ?? root.pos, path: ['principals'] };
  const n = countCells(root);
  if (n <= cap) return undefined;
  return {
    severity: 'error',
    code: 'too-many-cells',
    message: `${file} states ${n.toLocaleString('en-US')} cells, over the cap of ${cap.toLocaleString('en-US')} per scenario file: split the file, or set JEST_IAM_MAX_CELLS to raise the cap`,
    pos: at?.keyPos ?? root.pos,
    path: ['principals'],
  };
}
