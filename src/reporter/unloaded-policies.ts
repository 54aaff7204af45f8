/**
 * Policy files the reporter's `policies` option names that no test loaded: they count for
 * statement coverage with every statement uncovered, as Jest's `collectCoverageFrom` counts
 * source files no test imported.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPolicy } from '../policy/parse-policy';
import { formatIssue } from '../diagnostics/policy-issue';
import type { PolicyType } from '../policy/policy-type';
import type { PolicyRecord, RunRecord } from '../coverage/run-records';

/** Policy types tried in turn: a bucket policy is not a valid identity policy (it has a Principal). */
const TYPES: PolicyType[] = ['identity', 'resource', 'scp', 'rcp', 'boundary', 'session', 'trust'];

/** The file name a policy loaded from `file` carries (as `toPolicy` shows it): relative to `cwd`, unless outside it. */
function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * Policy records (every statement, with its position) for the `files` no recorded policy came
 * from, and an error line for each file that is not a valid policy.
 */
export function unloadedPolicyRecords(
  files: readonly string[],
  records: readonly RunRecord[],
  cwd: string = process.cwd(),
): { records: PolicyRecord[]; errors: string[] } {
  const loaded = new Set(records.filter((r): r is PolicyRecord => r.t === 'policy' && r.file !== undefined).map((r) => path.resolve(cwd, r.file!)));
  const out: PolicyRecord[] = [];
  const errors: string[] = [];
  for (const file of files) {
    if (loaded.has(path.resolve(file))) continue;
    const shown = shownPath(file, cwd);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      errors.push(`${shown}: cannot read the file: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const format = /\.json$/i.test(file) ? 'json' : /\.ya?ml$/i.test(file) ? 'yaml' : 'auto';
    let first: ReturnType<typeof checkPolicy> | undefined;
    let policy;
    for (const policyType of TYPES) {
      const check = checkPolicy(text, { file: shown, name: path.basename(file), format, policyType });
      first ??= check;
      if (check.policy) {
        policy = check.policy;
        break;
      }
    }
    if (!policy) {
      const problem = first?.issues.find((i) => i.severity === 'error');
      errors.push(problem?.pos?.file ? formatIssue(problem) : `${shown}: ${problem ? formatIssue(problem) : 'not a policy document'}`);
      continue;
    }
    out.push({
      t: 'policy',
      key: `${shown}@unloaded`,
      name: policy.name,
      file: shown,
      unloaded: true,
      statements: policy.statements.map((s) => ({
        index: s.index,
        effect: s.effect,
        ...(s.sid !== undefined ? { sid: s.sid } : {}),
        ...(s.pos ? { line: s.pos.line, column: s.pos.column } : {}),
      })),
    });
  }
  return { records: out, errors };
}
