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
      issues.push({ severity: 'error', code: 'circular-value', message: `this value contains itself (it refers to ${target}): a policy document must be a tree`, path: at });
      return;
    }
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function' && !Array.isArray(value)) return; // Dates and the like: JSON.stringify knows them.
    ancestors.push(value);
    paths.push(at);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
    else for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
    ancestors.pop();
    paths.pop();
  };
  const paths: Path[] = [];
  const pathTo = (i: number) => paths[i];
  walk(doc, []);
  if (issues.length) throw new PolicyValidationError(issues, subject);
  return JSON.stringify(doc, null, 2);
}
