import * as path from 'node:path';
import { PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import type { Policy } from './policy-model';
import type { PolicyType } from './policy-type';
import type { OffsetLocator } from '../diagnostics/source-position';
import { readSourceTree, type PolicyFormat } from './source-tree';
import { validatePolicyTree } from './validate-grammar';

export interface ParsePolicyOptions {
  /** File the text came from; recorded in every position. */
  file?: string;
  /** Display name (default: the file's base name, else `inline policy`). */
  name?: string;
  /** `auto` (default): JSON when the text opens with `{` or `[`, else YAML. */
  format?: PolicyFormat;
  /** Which grammar rules apply (Principal, Resource, Sid, ...). Absent: only the common ones. */
  policyType?: PolicyType;
  /** Positions in the file the policy text is embedded in (see {@link SourceTreeOptions.locate}). */
  locate?: OffsetLocator;
}

export interface PolicyCheck {
  /** Set only when no error was found. */
  policy?: Policy;
  /** Every error and warning, in source order per check. */
  issues: PolicyIssue[];
}

/**
 * Parses and validates policy text without throwing: syntax (JSON or YAML), then the IAM policy
 * grammar and the rules of `policyType`. Each issue carries a position and a JSON path.
 */
export function checkPolicy(text: string, options: ParsePolicyOptions = {}): PolicyCheck {
  if (typeof text !== 'string') {
    return {
      issues: [{ severity: 'error', code: 'bad-input', message: `policy text must be a string, not ${text === null ? 'null' : typeof text}`, path: [] }],
    };
  }
  const tree = readSourceTree(text, { format: options.format, file: options.file, ...(options.locate ? { locate: options.locate } : {}) });
  const syntaxErrors = tree.issues.some((i) => i.severity === 'error');
  if (syntaxErrors || !tree.root) return { issues: tree.issues };
  const grammar = validatePolicyTree(tree.root, { name: policyName(options), file: options.file, text, policyType: options.policyType });
  const issues = [...tree.issues, ...grammar.issues];
  return grammar.policy ? { policy: grammar.policy, issues } : { issues };
}

/**
 * Parses and validates policy text. Throws a {@link PolicyValidationError} listing every error
 * (with file, line, column and JSON path) when the policy is not one AWS would accept; warnings
 * do not throw.
 */
export function parsePolicy(text: string, options: ParsePolicyOptions = {}): Policy {
  const { policy, issues } = checkPolicy(text, options);
  if (!policy) throw new PolicyValidationError(issues, options.file ?? policyName(options));
  return policy;
}

function policyName(options: ParsePolicyOptions): string {
  return options.name ?? (options.file ? path.basename(options.file) : 'inline policy');
}
