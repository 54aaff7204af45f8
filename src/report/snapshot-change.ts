import { cellLine, parseAccessSnapshot, type SnapshotCell } from './access-snapshot-text';

/** How the access in two snapshot texts differs, cell by cell. */
export interface SnapshotChange {
  /** Allowed now, not allowed before (or not listed before). */
  nowAllowed: SnapshotCell[];
  /** Allowed before, not allowed now (or no longer listed). */
  noLongerAllowed: SnapshotCell[];
  /** Allowed under a condition now, denied before. */
  nowConditional: SnapshotCell[];
  /** Allowed under a condition before, denied now. */
  noLongerConditional: SnapshotCell[];
}

const key = (c: SnapshotCell) => `${c.principal}\0${c.action}\0${c.resource}\0${c.variables}`;

/** Compares the cells of a stored snapshot with the current one. */
export function compareSnapshots(stored: string, current: string): SnapshotChange {
  const before = new Map(parseAccessSnapshot(stored).map((c) => [key(c), c]));
  const after = new Map(parseAccessSnapshot(current).map((c) => [key(c), c]));
  const change: SnapshotChange = { nowAllowed: [], noLongerAllowed: [], nowConditional: [], noLongerConditional: [] };
  for (const [k, c] of after) {
    const was = before.get(k)?.outcome;
    if (c.outcome === 'allow' && was !== 'allow') change.nowAllowed.push(c);
    if (c.outcome === 'conditional' && was !== 'conditional' && was !== 'allow') change.nowConditional.push(c);
    if (c.outcome !== 'allow' && c.outcome !== 'conditional' && was === 'conditional') change.noLongerConditional.push(before.get(k)!);
  }
  for (const [k, c] of before) {
    const now = after.get(k)?.outcome;
    if (c.outcome === 'allow' && now !== 'allow') change.noLongerAllowed.push(c);
    if (c.outcome === 'conditional' && now === undefined) change.noLongerConditional.push(c);
  }
  return change;
}

/** True when the two snapshots grant the same access. */
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
  const lines = [
    ...part('now allowed', c.nowAllowed),
    ...part('no longer allowed', c.noLongerAllowed),
    ...part('now allowed under condition', c.nowConditional),
    ...part('no longer allowed under condition', c.noLongerConditional),
  ];
  return lines.length ? lines.join('\n') : 'no change in allowed access (only denials changed between explicit and implicit, or cells were added or removed)';
}
