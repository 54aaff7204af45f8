import { cellLine, parseAccessSnapshot, type SnapshotCell } from './access-snapshot-text';

/** How the access in two snapshot texts differs, cell by cell. */
export interface SnapshotChange {
  /** Allowed now, listed and not allowed before. */
  nowAllowed: SnapshotCell[];
  /** Allowed before, listed and not allowed now. */
  noLongerAllowed: SnapshotCell[];
  /**
   * Allowed now and not listed before: a new Resource pattern brought a new sample resource.
   * The stored snapshot cannot say what the old policy decided for it.
   */
  newlyListedAllowed: SnapshotCell[];
  /** Allowed before and no longer listed (its sample resource came from a pattern now gone). */
  unlistedAllowed: SnapshotCell[];
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
  const change: SnapshotChange = { nowAllowed: [], noLongerAllowed: [], newlyListedAllowed: [], unlistedAllowed: [], nowConditional: [], noLongerConditional: [] };
  for (const [k, c] of after) {
    const was = before.get(k)?.outcome;
    if (c.outcome === 'allow' && was === undefined) change.newlyListedAllowed.push(c);
    else if (c.outcome === 'allow' && was !== 'allow') change.nowAllowed.push(c);
    if (c.outcome === 'conditional' && was !== 'conditional' && was !== 'allow') change.nowConditional.push(c);
    if (c.outcome !== 'allow' && c.outcome !== 'conditional' && was === 'conditional') change.noLongerConditional.push(before.get(k)!);
  }
  for (const [k, c] of before) {
    const now = after.get(k)?.outcome;
    if (c.outcome === 'allow' && now === undefined) change.unlistedAllowed.push(c);
    else if (c.outcome === 'allow' && now !== 'allow') change.noLongerAllowed.push(c);
    if (c.outcome === 'conditional' && now === undefined) change.noLongerConditional.push(c);
  }
  return change;
}

/** True when the two snapshots grant the same access. */
export function isUnchanged(c: SnapshotChange): boolean {
  return !c.nowAllowed.length && !c.noLongerAllowed.length && !c.newlyListedAllowed.length && !c.unlistedAllowed.length && !c.nowConditional.length && !c.noLongerConditional.length;
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
    ...part('newly listed resources, allowed (the stored snapshot did not list them)', c.newlyListedAllowed),
    ...part('no longer listed, were allowed', c.unlistedAllowed),
    ...part('now allowed under condition', c.nowConditional),
    ...part('no longer allowed under condition', c.noLongerConditional),
  ];
  return lines.length ? lines.join('\n') : 'no change in allowed access (only denials changed between explicit and implicit, or cells were added or removed)';
}
