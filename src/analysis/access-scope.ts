import { defaultCatalog, expandActionPattern, type ServiceCatalog } from '../catalog';
import { nearestName } from '../diagnostics/nearest-name';
import type { ContextInput } from '../request/request-context';
import { PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';

/**
 * Which requests an access matrix, snapshot or diff covers: actions (patterns, expanded through
 * the service reference) or whole services, times resources (given, or derived from the
 * policies' own Resource patterns and the actions' ARN formats).
 *
 * @example
 * { actions: ['rekognition:*'] }
 * { services: ['rekognition', 's3'], resources: ['arn:aws:s3:::my-bucket/*'] }
 */
export interface AccessScope {
  /** Action patterns such as `rekognition:*` or `s3:Get*`; each is expanded to the real actions it matches. */
  actions?: readonly string[];
  /** Service prefixes such as `rekognition`: every action of the service. */
  services?: readonly string[];
  /** Resources to try for every action; default: derived per action. */
  resources?: readonly string[];
  /** Who asks (an ARN or account id), for every request. */
  principal?: string;
  /** The account that owns the resources when their ARNs do not say (S3 buckets and objects). */
  resourceAccount?: string;
  /** Condition keys of every request. */
  context?: ContextInput;
}

/** A scope with its actions expanded. */
export interface ResolvedScope {
  actions: string[];
  resources?: string[];
  principal?: string;
  resourceAccount?: string;
  context?: ContextInput;
  /** How the scope was written, for report headers: `actions rekognition:*`. */
  description: string;
}

function problem(message: string): PolicyIssue {
  return { severity: 'error', code: 'bad-scope', message };
}

/**
 * Expands a scope's action patterns and services through the service reference. Throws a
 * {@link PolicyValidationError} naming each pattern that matches no action (with the nearest
 * real service or action) and a scope with neither actions nor services.
 */
export function resolveScope(scope: AccessScope, catalog: ServiceCatalog = defaultCatalog()): ResolvedScope {
  if (typeof scope !== 'object' || scope === null)
    throw new PolicyValidationError([problem('the scope must be an object such as { actions: ["rekognition:*"] }')], 'scope');
  const issues: PolicyIssue[] = [];
  const patterns: string[] = [];
  for (const s of scope.services ?? []) {
    if (typeof s !== 'string' || !catalog.serviceExists(s)) {
      const near = typeof s === 'string' ? nearestName(s, catalog.allServices()) : undefined;
      issues.push(problem(`services: ${JSON.stringify(s)} is not a service prefix in the AWS service reference${near ? `; did you mean ${near}?` : ''}`));
    } else patterns.push(`${s.toLowerCase()}:*`);
  }
  for (const a of scope.actions ?? []) {
    if (typeof a !== 'string' || !a.includes(':'))
      issues.push(problem(`actions: ${JSON.stringify(a)} is not an action pattern of the form service:Action (e.g. "rekognition:*")`));
    else patterns.push(a);
  }
  if (!patterns.length && !issues.length)
    issues.push(problem('the scope names no actions: give actions (e.g. ["rekognition:*"]) or services (e.g. ["rekognition"])'));
  const actions = new Set<string>();
  for (const p of patterns) {
    let expanded: string[];
    try {
      expanded = expandActionPattern(p, catalog);
    } catch (e) {
      issues.push(problem(`actions: ${(e as Error).message}`));
      continue;
    }
    if (!expanded.length) {
      const service = p.slice(0, p.indexOf(':'));
      const near = catalog.serviceExists(service)
        ? nearestName(
            p.slice(p.indexOf(':') + 1),
            catalog.actionsOf(service).map((x) => x.name),
            { wildcards: true },
          )
        : nearestName(service, catalog.allServices());
      const hint = near ? `; did you mean ${catalog.serviceExists(service) ? `${service}:${near}` : near}?` : '';
      issues.push(problem(`actions: ${JSON.stringify(p)} matches no action in the AWS service reference${hint}`));
    }
    for (const x of expanded) actions.add(x);
  }
  for (const r of scope.resources ?? []) {
    if (typeof r !== 'string' || (r !== '*' && !/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/.test(r)))
      issues.push(problem(`resources: ${JSON.stringify(r)} is not "*" nor an ARN`));
  }
  if (issues.length) throw new PolicyValidationError(issues, 'scope');
  const resolved: ResolvedScope = { actions: [...actions].sort(), description: describeScope(scope) };
  if (scope.resources?.length) resolved.resources = [...new Set(scope.resources)].sort();
  if (scope.principal !== undefined) resolved.principal = scope.principal;
  if (scope.resourceAccount !== undefined) resolved.resourceAccount = scope.resourceAccount;
  if (scope.context !== undefined) resolved.context = scope.context;
  return resolved;
}

/** `actions rekognition:*; resources derived` */
export function describeScope(scope: AccessScope): string {
  const parts: string[] = [];
  if (scope.services?.length) parts.push(`services ${scope.services.join(', ')}`);
  if (scope.actions?.length) parts.push(`actions ${scope.actions.join(', ')}`);
  parts.push(scope.resources?.length ? `resources ${scope.resources.join(', ')}` : 'resources derived from the policies and the service reference');
  if (scope.principal) parts.push(`principal ${scope.principal}`);
  if (scope.resourceAccount) parts.push(`resource account ${scope.resourceAccount}`);
  if (scope.context && Object.keys(scope.context).length) {
    parts.push(
      `context ${Object.entries(scope.context)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)
        .join(', ')}`,
    );
  }
  return parts.join('; ');
}
