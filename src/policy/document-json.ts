/**
 * A policy document given as a JavaScript value, written as JSON text for the parser. JSON has
 * no cycles, no BigInt, no NaN or Infinity and no functions (ECMA-404); `JSON.stringify` would
 * throw a TypeError for the first two and quietly write `null` for the others, so a Deny with
 * `NumericLessThan: { "s3:max-keys": NaN }` would read as "found null". Each is an error here
 * with the JSON path of the value.
 */

import { PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import { formatPath } from '../diagnostics/policy-issue';

type Path = (string | number)[];

/** What makes `value` not JSON, or undefined when it is fine at this level. */
function problemOf(value: unknown): string | undefined {
  if (typeof value === 'bigint') return `${value}n is a BigInt, which JSON cannot hold: write the number as a string or a Number`;
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} is not a JSON number: a policy value must be a finite number or a string`;
  if (typeof value === 'function') return 'a function is not a policy value';
  if (typeof value === 'symbol') return 'a symbol is not a policy value';
  return undefined;
}

/**
 * Objects JSON.stringify writes as something else than they hold: a Map or Set as `{}` (a
 * Condition given as a Map would vanish, and the statement apply unconditionally), an invalid
 * Date as null, a typed array as an object of indices.
 */
function builtinProblem(value: object): string | undefined {
  const lost = (name: string, instead: string) =>
    `a ${name} is not a policy value: JSON writes it as ${instead}, so it would not be read as written; ${name === 'Map' ? 'use a plain object (Object.fromEntries(map))' : name === 'Set' ? 'use an array ([...set])' : 'use a string, number, boolean, array or plain object'}`;
  if (value instanceof Map) return lost('Map', '{}');
  if (value instanceof Set) return lost('Set', '{}');
  if (value instanceof WeakMap || value instanceof WeakSet) return lost(value instanceof WeakMap ? 'WeakMap' : 'WeakSet', '{}');
  if (value instanceof RegExp) return lost('RegExp', '{}');
  if (value instanceof Promise) return lost('Promise', '{}');
  if (value instanceof Error) return lost('Error', '{}');
  if (value instanceof Date && Number.isNaN(value.getTime())) return 'an invalid Date is not a policy value: JSON writes it as null';
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return lost(value.constructor?.name ?? 'typed array', 'an object of indices');
  return undefined;
}

/** Why reading a value's entries threw (a getter or a Proxy trap), in one line. */
function thrown(e: unknown): string {
  return `reading this value threw ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}: a policy document must be plain data`;
}

/** JSON text of `doc`, or a {@link PolicyValidationError} naming every value JSON cannot hold (cycles included). */
export function documentToJson(doc: object, subject: string): string {
  const issues: PolicyIssue[] = [];
  const ancestors: object[] = [];
  const walk = (value: unknown, at: Path): void => {
    if (issues.length >= 20) return;
    const problem = problemOf(value);
    if (problem) {
      issues.push({ severity: 'error', code: 'bad-value', message: problem, path: at });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const loop = ancestors.indexOf(value);
    if (loop >= 0) {
      const target = loop === 0 ? 'the policy document itself' : `its own ancestor at ${formatPath(pathTo(loop))}`;
      issues.push({
        severity: 'error',
        code: 'circular-value',
        message: `this value contains itself (it refers to ${target}): a policy document must be a tree`,
        path: at,
      });
      return;
    }
    const builtin = builtinProblem(value);
    if (builtin) {
      issues.push({ severity: 'error', code: 'bad-value', message: builtin, path: at });
      return;
    }
    let entries: [string | number, unknown][];
    try {
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function' && !Array.isArray(value)) return; // Dates and the like: JSON.stringify knows them.
      // Holes of a sparse array are written as null by JSON: read them as the missing values they are.
      entries = Array.isArray(value) ? Array.from(value, (v, i) => [i, v] as [number, unknown]) : Object.entries(value);
    } catch (e) {
      issues.push({ severity: 'error', code: 'bad-value', message: thrown(e), path: at });
      return;
    }
    ancestors.push(value);
    paths.push(at);
    for (const [k, v] of entries) {
      if (v === undefined && typeof k === 'number')
        issues.push({
          severity: 'error',
          code: 'bad-value',
          message: 'an empty slot or undefined in a list is not a policy value: JSON writes it as null',
          path: [...at, k],
        });
      else walk(v, [...at, k]);
    }
    ancestors.pop();
    paths.pop();
  };
  const paths: Path[] = [];
  const pathTo = (i: number) => paths[i];
  walk(doc, []);
  if (issues.length) throw new PolicyValidationError(issues, subject);
  try {
    return JSON.stringify(doc, null, 2);
  } catch (e) {
    // A getter that throws only on the second read, or a toJSON that throws.
    throw new PolicyValidationError([{ severity: 'error', code: 'bad-value', message: thrown(e), path: [] }], subject);
  }
}
