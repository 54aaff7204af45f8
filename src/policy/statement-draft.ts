import type { ConditionClause, Effect, LocatedString, PrincipalSpec, StatementElement } from './policy-model';
import type { SourcePosition } from '../diagnostics/source-position';
import type { SourceNode } from './source-tree';
import type { IssuePath } from '../diagnostics/issue-list';

/** A statement while it is being read: what was written (even if malformed) and what was valid. */
export interface StatementDraft {
  index: number;
  node: SourceNode;
  /** JSON path of the statement, e.g. `["Statement", 2]`. */
  path: IssuePath;
  /** Key position of every element written, valid or not. */
  elements: Partial<Record<StatementElement, SourcePosition>>;
  sid?: LocatedString;
  effect?: Effect;
  action?: LocatedString[];
  notAction?: LocatedString[];
  resource?: LocatedString[];
  notResource?: LocatedString[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  conditions: ConditionClause[];
}
