import { formatPosition, type SourcePosition } from './source-position';
import { trimInternalFrames } from './user-facing-stack';

/** `error`: AWS would reject the policy (or the request is malformed); `warning`: valid but almost surely a mistake. */
export type IssueSeverity = 'error' | 'warning';

/** One problem found in a policy, a scenario file or a request, with where it is. */
export interface PolicyIssue {
  severity: IssueSeverity;
  /** Stable machine-readable code, e.g. `json-syntax`, `unknown-element`, `bad-effect`. */
  code: string;
  message: string;
  /** Position of the offending token, when known. */
  pos?: SourcePosition;
  /** JSON path of the offending key, e.g. `["Statement", 2, "Effect"]`. */
  path?: (string | number)[];
}

/** `file:line:col: error: message (at Statement[2].Effect)` */
export function formatIssue(issue: PolicyIssue): string {
  const where = issue.pos ? `${formatPosition(issue.pos)}: ` : '';
  const path = issue.path && issue.path.length ? ` (at ${formatPath(issue.path)})` : '';
  return `${where}${issue.severity}: ${issue.message}${path}`;
}

/** `Statement[2].Condition.StringEquals` */
export function formatPath(path: (string | number)[]): string {
  let out = '';
  for (const p of path) {
    // A key can be any user text, up to megabytes: keep the path readable.
    const key = typeof p === 'string' && p.length > 200 ? `${p.slice(0, 197)}...` : p;
    out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  }
  return out;
}

/**
 * Thrown when input cannot be used as given. Carries every issue found, each with its
 * location, so a user sees all mistakes at once and never a stack trace.
 */
export class PolicyValidationError extends Error {
  readonly issues: PolicyIssue[];

  constructor(issues: PolicyIssue[], subject?: string) {
    const errors = issues.filter((i) => i.severity === 'error');
    const shown = errors.length ? errors : issues;
    super(`${subject ? `${subject}: ` : ''}${shown.length} problem${shown.length === 1 ? '' : 's'}:\n` + shown.map((i) => `  ${formatIssue(i)}`).join('\n'));
    this.name = 'PolicyValidationError';
    this.issues = issues;
    // A user's mistake: show where in the user's code, not jest-iam's internals.
    this.stack = trimInternalFrames(this.stack);
  }
}
