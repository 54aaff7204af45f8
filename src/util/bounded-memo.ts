/**
 * A memo that forgets everything when it is full. jest-iam compiles once and evaluates many
 * times (docs/architecture.md: "caches are keyed by identity or content and bounded"), so every
 * cache keyed by a value a user or a long run can vary without end (policy text, principals,
 * spellings of keys and actions, substituted patterns) is one of these: a hit costs one map
 * lookup, and a run that generates new keys forever holds at most `limit` of them.
 *
 * Clearing all at once rather than evicting the oldest keeps a hit free of bookkeeping; the
 * working set of a test run (a few policies, principals and actions) is far below every limit.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  /** @param limit most entries held; adding one more first forgets them all. */
  constructor(readonly limit: number) {}

  /** The value remembered for `key`, else `compute(key)`, remembered (nothing when it throws). */
  get(key: K, compute: (key: K) => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) return hit as V;
    const value = compute(key);
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }
}
