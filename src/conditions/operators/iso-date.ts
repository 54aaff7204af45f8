/**
 * Date/time values for the Date operators. IAM User Guide,
 * reference_policies_elements_condition_operators.md (Date condition operators): "You must specify
 * date/time values with one of the W3C implementations of the ISO 8601 date formats or in epoch
 * (UNIX) time". The W3C profile (www.w3.org/TR/NOTE-datetime) allows `YYYY-MM`, `YYYY-MM-DD`,
 * `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD` and `YYYY-MM-DDThh:mm:ss.sTZD`, TZD being `Z`
 * or `+hh:mm` / `-hh:mm`.
 *
 * Choices where the docs are silent:
 * - text made only of digits (optionally signed, optionally with a fraction) is epoch seconds,
 *   so `2019` is 33 minutes past midnight on 1970-01-01, not the year 2019;
 * - a time without a zone designator is read as UTC, and `+hhmm` is accepted beside `+hh:mm`;
 * - any number of fraction digits is kept (to the microsecond and beyond, as a float of ms).
 */

const EPOCH = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const W3C = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;

/** Milliseconds since 1970-01-01T00:00:00Z, or `null` when the text is not a date AWS accepts. */
export function parseAwsDate(text: string): number | null {
  if (EPOCH.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : null;
  }
  const m = W3C.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999.
  // Rejects 2019-02-30 and the like: the calendar must give back the same day.
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  let ms = d.getTime();
  if (m[7] !== undefined) ms += Number(`0.${m[7]}`) * 1000;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const hh = Number(zone.slice(1, 3));
    const mm = Number(zone.slice(-2));
    if (hh > 23 || mm > 59) return null;
    // 12:00+02:00 is 10:00Z.
    ms -= sign * (hh * 60 + mm) * 60_000;
  }
  return ms;
}
