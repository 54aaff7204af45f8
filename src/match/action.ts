import { compileGlob, literalGlob, parseGlob, type Glob } from './glob';

/**
 * Action matching. IAM User Guide, reference_policies_elements_action.md: the service prefix
 * and the action name are case-insensitive ("iam:ListAccessKeys" = "IAM:listaccesskeys"), and
 * `*` / `?` wildcards may appear anywhere.
 */
export function compileActionPattern(pattern: string): Glob {
  // Most action values name one action: no tokens to build.
  if (!pattern.includes('*') && !pattern.includes('?')) return literalGlob(pattern, true);
  return compileGlob(parseGlob(pattern), true);
}
