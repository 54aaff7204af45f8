import type { StatementTrace } from '../engine/decision';
import { POLICY_ROLE_LABEL, type PolicyRole } from '../policy/policy-set';

/** Where a statement is, in the words a reviewer and an editor use. */
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

/** `policies/role.json:12:5` (or `role.json:12:5` without a file, or just the policy name). */
export function formatLocation(ref: StatementRef): string {
  const where = ref.file ?? ref.policy;
  return ref.line !== undefined ? `${where}:${ref.line}:${ref.column}` : where;
}

/** `policies/role.json:12:5, statement SpecificProject (identity-based policy)` */
export function formatStatementRef(ref: StatementRef): string {
  const name = ref.sid ? `statement ${ref.sid}` : `statement #${ref.index + 1}`;
  const level = ref.level !== undefined ? ` at ${ref.level}` : '';
  return `${formatLocation(ref)}, ${name} (${POLICY_ROLE_LABEL[ref.role]}${level})`;
}
