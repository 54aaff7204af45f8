import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourcePosition } from '../diagnostics/source-position';

/**
 * IAM User Guide, reference_policies_grammar.md ("Policy grammar notes"): individual elements
 * must not contain multiple instances of the same key. JSON.parse would silently keep the last.
 */
export function duplicateKeyIssue(key: string, pos: SourcePosition, first: SourcePosition, path: (string | number)[]): PolicyIssue {
  return {
    severity: 'error',
    code: 'duplicate-key',
    message: `duplicate key "${key}" (first written at line ${first.line}:${first.column}); a key may appear only once in an object`,
    pos,
    path,
  };
}

export function tooDeepIssue(pos: SourcePosition, maxDepth: number): PolicyIssue {
  return {
    severity: 'error',
    code: 'too-deep',
    message: `arrays and objects are nested more than ${maxDepth} levels deep; no IAM policy needs that`,
    pos,
    path: [],
  };
}
