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

/** The service prefix of `service:Action` in lower case, or `*` for a bare wildcard. */
export function actionService(action: string): string {
  const c = action.indexOf(':');
  return c < 0 ? '*' : action.slice(0, c).toLowerCase();
}
