/**
 * Access gained and lost between two versions of a set of policies, over one scope: like IAM
 * Access Analyzer's CheckNoNewAccess, but local, cell by cell, and saying which statement grants
 * each new access.
 */

import type { ServiceCatalog } from '../catalog';
import { buildAccessMatrix, cellKey, conditionsText, variablesText, type AccessCell, type AccessMatrix, type NamedPolicySet } from './access-matrix';
import { resolveScope, type AccessScope, type ResolvedScope } from './access-scope';
import type { CellOutcome } from './cell-outcome';
import { statementRef, type StatementRef } from '../explain/statement-ref';

/** One cell whose outcome changed. */
export interface AccessChange {
  principal: string;
  action: string;
  resource: string;
  /** Policy-variable values the cell's resource assumes (`k=v, ...`, '' when none). */
  variables: string;
  before: CellOutcome;
  after: CellOutcome;
  /** Gained: the statements that grant the access now. Lost: the statements that granted it before. */
  statements: StatementRef[];
  /** Lost to an explicit Deny: the deny statements. */
  deniedBy: StatementRef[];
  /** For a conditional outcome: the deciding condition clauses. */
  conditions: string;
}

export interface AccessDiff {
  scope: ResolvedScope;
  /** Cells allowed now that were not before (including from conditional to unconditional). */
  gained: AccessChange[];
  /** Cells allowed before that are not now. */
  lost: AccessChange[];
  /** Cells that became, or stopped being, allowed under a condition (and are not allowed). */
  conditional: AccessChange[];
  /** Principals present only in the new or only in the old version. */
  addedPrincipals: string[];
  removedPrincipals: string[];
  /** Cells compared. */
  cellCount: number;
}

/**
 * Pairs the principals of two versions: by name, or, when each side has exactly one, with each
 * other (two files of one policy, `old.json` and `new.json`, are the same principal).
 */
function pairPrincipals(before: readonly NamedPolicySet[], after: readonly NamedPolicySet[]): { before: NamedPolicySet[]; after: NamedPolicySet[] } {
  if (before.length === 1 && after.length === 1 && before[0].name !== after[0].name) {
    return { before: [{ name: after[0].name, set: before[0].set }], after: [...after] };
  }
  return { before: [...before], after: [...after] };
}

/**
 * Evaluates both versions over the same cells (sample resources come from the Resource patterns
 * of both) and lists what changed.
 */
export function diffAccess(
  before: readonly NamedPolicySet[],
  after: readonly NamedPolicySet[],
  scope: AccessScope | ResolvedScope,
  options: { catalog?: ServiceCatalog; maxCells?: number } = {},
): AccessDiff {
  const resolved = 'description' in scope ? scope : resolveScope(scope, options.catalog);
  const paired = pairPrincipals(before, after);
  const beforeNames = new Set(paired.before.map((p) => p.name));
  const afterNames = new Set(paired.after.map((p) => p.name));
  const all = [...paired.before.map((p) => p.set), ...paired.after.map((p) => p.set)];
  const old = buildAccessMatrix(paired.before, resolved, { catalog: options.catalog, alsoSampleFrom: all, maxCells: options.maxCells });
  const now = buildAccessMatrix(paired.after, resolved, { catalog: options.catalog, alsoSampleFrom: all, maxCells: options.maxCells });
  return compareMatrices(old, now, {
    addedPrincipals: [...afterNames].filter((n) => !beforeNames.has(n)),
    removedPrincipals: [...beforeNames].filter((n) => !afterNames.has(n)),
  });
}

/**
 * Compares two matrices built over the same cells. A principal present on one side only is
 * compared with nothing allowed on the other: a new role's access is all gained.
 */
export function compareMatrices(old: AccessMatrix, now: AccessMatrix, principals: { addedPrincipals: string[]; removedPrincipals: string[] }): AccessDiff {
  const oldCells = new Map(old.cells.map((c) => [cellKey(c), c]));
  const newCells = new Map(now.cells.map((c) => [cellKey(c), c]));
  const diff: AccessDiff = { scope: now.scope, gained: [], lost: [], conditional: [], ...principals, cellCount: 0 };
  const keys = new Set([...oldCells.keys(), ...newCells.keys()]);
  for (const k of keys) {
    const o = oldCells.get(k);
    const n = newCells.get(k);
    diff.cellCount++;
    const was: CellOutcome = o?.outcome ?? 'implicit-deny';
    const is: CellOutcome = n?.outcome ?? 'implicit-deny';
    if (was === is) continue;
    const cell = (n ?? o)!;
    const change: AccessChange = {
      principal: cell.principal,
      action: cell.action,
      resource: cell.resource,
      variables: variablesText(cell.variables),
      before: was,
      after: is,
      statements: [],
      deniedBy: [],
      conditions: '',
    };
    if (is === 'allow') {
      change.statements = granting(n!);
      diff.gained.push(change);
    } else if (was === 'allow') {
      change.statements = o ? granting(o) : [];
      if (n?.decision.result === 'ExplicitDeny') change.deniedBy = n.decision.deciding.map(statementRef);
      if (is === 'conditional') change.conditions = conditionsText(n!);
      diff.lost.push(change);
    } else if (is === 'conditional' || was === 'conditional') {
      const c = is === 'conditional' ? n! : o!;
      change.statements = c.conditionalAllows.map(statementRef);
      change.conditions = conditionsText(c);
      if (n?.decision.result === 'ExplicitDeny') change.deniedBy = n.decision.deciding.map(statementRef);
      diff.conditional.push(change);
    }
  }
  const order = (a: AccessChange, b: AccessChange) =>
    (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0) ||
    (a.action < b.action ? -1 : a.action > b.action ? 1 : 0) ||
    (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0);
  diff.gained.sort(order);
  diff.lost.sort(order);
  diff.conditional.sort(order);
  return diff;
}

/** The Allow statements that decided an allowed cell. */
function granting(c: AccessCell): StatementRef[] {
  return c.decision.deciding.filter((t) => t.statement.effect === 'Allow').map(statementRef);
}

/** True when the new version grants something the old one did not. */
export function hasNewAccess(diff: AccessDiff): boolean {
  return diff.gained.length > 0 || diff.conditional.some((c) => c.after === 'conditional');
}
