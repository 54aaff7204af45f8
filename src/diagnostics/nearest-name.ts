/**
 * The one "did you mean ...?" of jest-iam, for policy elements, option keys, service prefixes,
 * action names, condition keys and operators: the candidate
 * with the fewest edits (insert, delete, substitute, swap two neighbours), compared without
 * regard to case, within a budget that grows with the name's length.
 *
 * Cost is bounded: names longer than {@link MAX_NAME_LENGTH} get no suggestion, and each
 * comparison stops as soon as a row of the edit table exceeds the budget, so a pass over the
 * ~750 EC2 actions stays well under a millisecond per name.
 */

/** Inputs longer than this get no suggestion. */
export const MAX_NAME_LENGTH = 128;

export interface NearestNameOptions {
  /** Most edits a suggestion may be away (default: 1 for short names, up to 4 for long ones). */
  maxDistance?: number;
  /**
   * Read `*` and `?` in `name` as IAM wildcards: `*` absorbs any run of characters for free,
   * `?` any one character. Lets `rekognition:Descibe*` suggest `rekognition:DescribeProjects`.
   */
  wildcards?: boolean;
}

/** The candidate nearest to `name`, or `undefined` when none is close enough. */
export function nearestName(name: string, candidates: Iterable<string>, options: NearestNameOptions = {}): string | undefined {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return undefined;
  const lower = name.toLowerCase();
  const literalLength = options.wildcards ? lower.replace(/[*?]/g, '').length : lower.length;
  const budget = options.maxDistance ?? defaultBudget(literalLength);
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const candidate of candidates) {
    if (candidate.length > MAX_NAME_LENGTH * 2) continue;
    const c = candidate.toLowerCase();
    if (c === lower) return candidate;
    // A limit of the best distance so far keeps ties exact (a cut-off comparison returns limit + 1).
    const limit = Math.min(budget, bestDistance);
    const d = options.wildcards ? wildcardDistance(lower, c, limit) : editDistance(lower, c, limit);
    if (d > limit) continue;
    if (d < bestDistance || (best !== undefined && closerInLength(candidate, best, name))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * 1 edit for names up to 4 characters (`Sid` is not a misspelt `Id`), 2 up to 11 (`Efect`,
 * `Statment`), then one more per 4 characters, at most 4.
 */
function defaultBudget(length: number): number {
  if (length <= 4) return 1;
  return Math.max(2, Math.min(4, Math.floor(length / 4)));
}

function closerInLength(candidate: string, best: string, name: string): boolean {
  return Math.abs(candidate.length - name.length) < Math.abs(best.length - name.length);
}

/**
 * Optimal-string-alignment distance (Levenshtein plus swapping two neighbours), or `limit + 1`
 * once it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    // A swap reaches back two rows, so stop only when the last two rows both exceed the limit.
    if (rowMin > limit && prevMin > limit) return limit + 1;
    prevMin = rowMin;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Edits needed for the wildcard pattern `p` to match `t`: literal characters cost as in
 * {@link editDistance} (without swaps), `*` matches any run for free, `?` any one character.
 */
function wildcardDistance(p: string, t: string, limit: number): number {
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= p.length; i++) {
    const ch = p[i - 1];
    const cur: number[] = [];
    let rowMin = Infinity;
    for (let j = 0; j <= t.length; j++) {
      let v: number;
      if (ch === '*') v = j === 0 ? prev[0] : Math.min(prev[j], cur[j - 1]);
      else if (j === 0) v = prev[0] + 1;
      else {
        const same = ch === '?' || ch === t[j - 1] ? 0 : 1;
        v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + same);
      }
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[t.length];
}
