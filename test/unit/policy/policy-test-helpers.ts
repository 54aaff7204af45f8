import { checkPolicy, type ParsePolicyOptions } from '../../../src/policy/parse-policy';
import type { PolicyIssue } from '../../../src/diagnostics/policy-issue';

/** Lines joined with "\n", so a test reads its line numbers off the array. */
export function lines(...rows: string[]): string {
  return rows.join('\n');
}

/** Every issue of `text` with `code`. */
export function issuesWith(text: string, code: string, options: ParsePolicyOptions = {}): PolicyIssue[] {
  return checkPolicy(text, options).issues.filter((i) => i.code === code);
}

/** The single issue of `text` with `code` (fails the test when there is not exactly one). */
export function oneIssue(text: string, code: string, options: ParsePolicyOptions = {}): PolicyIssue {
  const found = issuesWith(text, code, options);
  if (found.length !== 1) {
    const all = checkPolicy(text, options).issues.map((i) => `${i.code}@${where(i)}: ${i.message}`);
    throw new Error(`expected one "${code}" issue, got ${found.length}:\n${all.join('\n')}`);
  }
  return found[0];
}

/** `line:column` of an issue. */
export function where(issue: PolicyIssue): string {
  return issue.pos ? `${issue.pos.line}:${issue.pos.column}` : '<none>';
}

/** Test oracle: 1-based `line:column` of the n-th occurrence of `needle` in `text`. */
export function locate(text: string, needle: string, nth = 0): string {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not found`);
  }
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** Codes of all errors (not warnings). */
export function errorCodes(text: string, options: ParsePolicyOptions = {}): string[] {
  return checkPolicy(text, options)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => i.code);
}

/** Test oracle: `line:column` of `needle` at or after the first `marker`. */
export function locateAfter(text: string, marker: string, needle: string): string {
  const from = text.indexOf(marker);
  const at = text.indexOf(needle, from < 0 ? 0 : from);
  if (from < 0 || at < 0) throw new Error(`${needle} after ${marker} not found`);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}
