import { cellLine, parseAccessSnapshot, parseImplicitDenyCounts, type SnapshotCell } from './access-snapshot-text';
import type { CellOutcome } from './cell-outcome';

/** How the access in two snapshot texts differs, cell by cell. */
export interface SnapshotChange {
  /**
   * Allowed now, and not allowed in the stored snapshot: listed there as explicitly denied or
   * allowed under a condition, or not listed (implicit denies are only counted, and a new
   * Resource pattern brings new sample resources).
   */
  nowAllowed: SnapshotCell[];
  /** Allowed in the stored snapshot, and not allowed now. */
  noLongerAllowed: SnapshotCell[];
  /**
   * Allowed in the stored snapshot and no longer listed, although the current policies still
   * allow it: its sample resource is no longer tried (it came from a Resource pattern now written
   * differently, or is a request the service reference says AWS does not make).
   */
  unlistedAllowed: SnapshotCell[];
  /** Allowed under a condition now, and neither allowed nor conditional before. */
  nowConditional: SnapshotCell[];
  /** Allowed under a condition before, and neither allowed nor conditional now. */
  noLongerConditional: SnapshotCell[];
  /** Services whose count of implicitly denied requests changed. */
  implicitDenyCounts: { principal: string; service: string; before: number; after: number }[];
}

const key = (c: SnapshotCell) => `${c.principal}\0${c.action}\0${c.resource}\0${c.variables}`;
const granted = (o: CellOutcome | undefined) => o === 'allow' || o === 'conditional';

/**
 * Decides a stored cell the current snapshot does not list (the matcher evaluates the current
 * policies); without it, such a cell is taken to be implicitly denied now.
 */
export type RecheckCell = (cell: SnapshotCell) => CellOutcome;

/** Compares the cells of a stored snapshot with the current one. */
export function compareSnapshots(stored: string, current: string, recheck?: RecheckCell): SnapshotChange {
  const before = new Map(parseAccessSnapshot(stored).map((c) => [key(c), c]));
  const after = new Map(parseAccessSnapshot(current).map((c) => [key(c), c]));
  const change: SnapshotChange = {
    nowAllowed: [],
    noLongerAllowed: [],
    unlistedAllowed: [],
    nowConditional: [],
    noLongerConditional: [],
    implicitDenyCounts: [],
  };
  for (const [k, c] of after) {
    const was = before.get(k)?.outcome;
    if (c.outcome === 'allow' && was !== 'allow') change.nowAllowed.push(c);
    if (c.outcome === 'conditional' && !granted(was)) change.nowConditional.push(c);
  }
  for (const [k, c] of before) {
    let now = after.get(k)?.outcome;
    if (now === undefined && granted(c.outcome)) {
      now = recheck ? recheck(c) : 'implicit-deny';
      if (now === 'allow' && c.outcome === 'allow') {
        change.unlistedAllowed.push(c);
        continue;
      }
    }
    if (c.outcome === 'allow' && now !== 'allow') change.noLongerAllowed.push(c);
    if (c.outcome === 'conditional' && !granted(now)) change.noLongerConditional.push(c);
  }
  const countsBefore = parseImplicitDenyCounts(stored);
  const countsAfter = parseImplicitDenyCounts(current);
  for (const k of [...new Set([...countsBefore.keys(), ...countsAfter.keys()])].sort()) {
    const [principal, service] = k.split('\0');
    const b = countsBefore.get(k) ?? 0;
    const a = countsAfter.get(k) ?? 0;
    if (a !== b) change.implicitDenyCounts.push({ principal, service, before: b, after: a });
  }
  return change;
}

/** True when the two snapshots grant the same access (implicit-deny counts aside). */
export function isUnchanged(c: SnapshotChange): boolean {
  return !c.nowAllowed.length && !c.noLongerAllowed.length && !c.nowConditional.length && !c.noLongerConditional.length;
}

/**
 * `now allowed: a on r, ...; no longer allowed: ...` — one paragraph per kind of change, each
 * cell on its own line, for a failure message.
 */
export function formatSnapshotChange(c: SnapshotChange): string {
  const part = (title: string, cells: SnapshotCell[]) =>
    cells.length ? [`${title} (${cells.length}):`, ...cells.map((x) => `  ${x.principal ? `${x.principal}: ` : ''}${cellLine(x)}`)] : [];
  const access = [
    ...part('now allowed', c.nowAllowed),
    ...part('no longer allowed', c.noLongerAllowed),
    ...part('now allowed under condition', c.nowConditional),
    ...part('no longer allowed under condition', c.noLongerConditional),
  ];
  const lines = access.length ? access : ['no change in allowed access'];
  if (c.unlistedAllowed.length) {
    lines.push(...part('still allowed, no longer listed (its sample resource is no longer tried)', c.unlistedAllowed));
  }
  if (c.implicitDenyCounts.length) {
    const counts = c.implicitDenyCounts.map((x) => `${x.principal ? `${x.principal} ` : ''}${x.service} ${x.before} -> ${x.after}`).join(', ');
    // With no access change, only the requests tried changed: a new action in the service
    // reference, or sample resources from Resource patterns written differently.
    const why = access.length ? '' : ' (the requests tried changed: the AWS service reference gained or lost actions, or Resource patterns changed)';
    lines.push(`implicitly denied requests: ${counts}${why}`);
  }
  return lines.join('\n');
}
