/**
 * How many cells of a check, a file or a whole run were compared with IAM, skipped (by the
 * simulator's limit that kept them from it) and failed. Plain data with no AWS SDK behind it, so
 * the Jest hooks and the reporter can count and print without loading the SDK.
 */
export interface CrossCheckCounts {
  cells: number;
  compared: number;
  agree: number;
  diverge: number;
  skipped: number;
  skippedBy: Record<string, number>;
  failed: number;
}

/** Counts with nothing in them. */
export const noCounts = (): CrossCheckCounts => ({ cells: 0, compared: 0, agree: 0, diverge: 0, skipped: 0, skippedBy: {}, failed: 0 });

/** Adds up outcomes (of one check or of a whole file). */
export function countOutcomes(
  outcomes: { status: 'agree' | 'diverge' | 'skipped' | 'failed'; skipReason?: string }[],
  into?: CrossCheckCounts,
): CrossCheckCounts {
  const c = into ?? noCounts();
  for (const o of outcomes) {
    c.cells++;
    if (o.status === 'agree' || o.status === 'diverge') c.compared++;
    if (o.status === 'agree') c.agree++;
    else if (o.status === 'diverge') c.diverge++;
    else if (o.status === 'failed') c.failed++;
    else {
      c.skipped++;
      const r = o.skipReason ?? 'other';
      c.skippedBy[r] = (c.skippedBy[r] ?? 0) + 1;
    }
  }
  return c;
}

/** `b` added into `a` (files of one run). */
export function addCounts(a: CrossCheckCounts, b: CrossCheckCounts): CrossCheckCounts {
  a.cells += b.cells;
  a.compared += b.compared;
  a.agree += b.agree;
  a.diverge += b.diverge;
  a.skipped += b.skipped;
  a.failed += b.failed;
  for (const [r, n] of Object.entries(b.skippedBy)) a.skippedBy[r] = (a.skippedBy[r] ?? 0) + n;
  return a;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `jest-iam cross-check: 12 cells: 9 compared (1 diverge), 2 skipped (1 RCPs, 1 session policies), 1 failed`;
 * with `files`, the run's line: `jest-iam cross-check, run of 2 files: 12 cells: ...`.
 */
export function summaryLine(c: CrossCheckCounts, files?: number): string {
  const by = Object.entries(c.skippedBy)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([r, n]) => `${n} ${r}`)
    .join(', ');
  const head = files === undefined ? 'jest-iam cross-check' : `jest-iam cross-check, run of ${plural(files, 'file')}`;
  return `${head}: ${plural(c.cells, 'cell')}: ${c.compared} compared${c.diverge ? ` (${c.diverge} diverge)` : ''}, ${c.skipped} skipped${by ? ` (${by})` : ''}, ${c.failed} failed`;
}
