/**
 * Exact decimal numbers for the Numeric operators. IAM User Guide,
 * reference_policies_elements_condition_operators.md (Numeric condition operators): values are
 * "an integer or decimal value". Comparing digit strings instead of JavaScript floats keeps
 * large integers (account ids, byte counts) and long fractions exact.
 */

export interface Decimal {
  negative: boolean;
  /** Integer digits without leading zeros (`''` for zero). */
  int: string;
  /** Fraction digits without trailing zeros. */
  frac: string;
}

/** Optional sign, then digits with an optional fraction, or a bare fraction (`.5`). No exponent. */
const DECIMAL = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))$/;

/** Reads an integer or decimal; `null` when the text is not one. */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const int = (m[2] ?? '').replace(/^0+/, '');
  const frac = (m[3] ?? m[4] ?? '').replace(/0+$/, '');
  // -0 and 0 are the same number.
  return { negative: m[1] === '-' && (int !== '' || frac !== ''), int, frac };
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1;
  if (a.int !== b.int) return a.int < b.int ? -1 : 1;
  const n = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(n, '0');
  const fb = b.frac.padEnd(n, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const c = compareMagnitude(a, b);
  return a.negative ? -c : c;
}
