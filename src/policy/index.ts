/** The policy layer: read policy text with positions, validate the IAM grammar, normalise. */
export { parsePolicy, checkPolicy, type ParsePolicyOptions, type PolicyCheck } from './parse-policy';
export { loadPolicyFile, type LoadPolicyFileOptions } from './load-policy-file';
export { toPolicy, isPolicy, type PolicyInput, type PolicyDocument, type PolicyInputOptions } from './policy-input';
export { POLICY_TYPES, isPolicyType, type PolicyType } from './policy-type';
export {
  readSourceTree,
  detectFormat,
  DEFAULT_MAX_DEPTH,
  type SourceTree,
  type SourceNode,
  type SourceEntry,
  type SourceNodeKind,
  type SourceTreeOptions,
  type PolicyFormat,
} from './source-tree';
export { validatePolicyTree, POLICY_ELEMENTS, type GrammarOptions } from './validate-grammar';
export { STATEMENT_ELEMENTS } from './read-statement';
export { PRINCIPAL_TYPES } from './read-principal';
export { PolicyValidationError, formatIssue, formatPath, type PolicyIssue, type IssueSeverity } from '../diagnostics/policy-issue';
export type {
  Policy,
  PolicyStatement,
  PolicyVersion,
  ConditionClause,
  PrincipalSpec,
  LocatedString,
  Effect,
  StatementElement,
} from './policy-model';
export { formatPosition, LineIndex, type SourcePosition } from '../diagnostics/source-position';
