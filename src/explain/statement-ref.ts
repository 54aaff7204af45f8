import type { StatementTrace } from '../engine/decision';
import type { PolicyRole } from '../policy/policy-set';

/** Where a statement is, as data (decision-wording.ts formats it: `formatStatementRef`). */
export interface StatementRef {
  /** Policy display name (file name, managed-policy name, template logical id, ...). */
  policy: string;
  /** File the statement is in, when it came from a file. */
  file?: string;
  /** 1-based position of the statement's opening brace. */
  line?: number;
  column?: number;
  sid?: string;
  /** 0-based index in the policy's Statement list. */
  index: number;
  role: PolicyRole;
  /** Organisation level, for SCPs and RCPs. */
  level?: string;
  effect: 'Allow' | 'Deny';
}

/** The reference of a traced statement. */
export function statementRef(t: StatementTrace): StatementRef {
  const s = t.statement;
  const ref: StatementRef = { policy: t.policy.name, index: s.index, role: t.role, effect: s.effect };
  const file = s.pos?.file ?? t.policy.file;
  if (file !== undefined) ref.file = file;
  if (s.pos) {
    ref.line = s.pos.line;
    ref.column = s.pos.column;
  }
  if (s.sid !== undefined) ref.sid = s.sid;
  if (t.level !== undefined) ref.level = t.level;
  return ref;
}
