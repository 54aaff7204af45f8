import { expandActionPattern } from '../catalog';
import { actionPatterns } from '../analysis/policy-patterns';
import type { AccessScope } from '../analysis/access-scope';
import { policiesOf, type PolicySet } from '../policy/policy-set';
import { unreadableContextMessages } from '../explain/unreadable-values';
import { InputError } from '../policy-sources/read-policy-source';
import { UsageError } from './cli-io';
import { principalProblem } from '../request/access-request';

/** The parseArgs option table of the request flags: who asks, who owns the resource, the context. */
export const REQUEST_OPTIONS = {
  principal: { type: 'string' },
  'resource-account': { type: 'string' },
  context: { type: 'string', multiple: true },
} as const;

/** The parseArgs option table of the scope flags. */
export const SCOPE_OPTIONS = {
  actions: { type: 'string', multiple: true },
  services: { type: 'string', multiple: true },
  resources: { type: 'string', multiple: true },
  ...REQUEST_OPTIONS,
} as const;

/** `--resource-account`, checked: a 12-digit account id. */
export function resourceAccountOf(values: Record<string, unknown>, command: string): string | undefined {
  const v = values['resource-account'];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{12}$/.test(v))
    throw new UsageError(`--resource-account takes a 12-digit AWS account id, got ${JSON.stringify(v)}`, command);
  return v;
}

/** `--principal`, checked as a request's principal is: a bad account id is a usage error, not a finding. */
export function principalOf(values: Record<string, unknown>, command: string): string | undefined {
  const v = values.principal;
  if (v === undefined) return undefined;
  const problem = principalProblem(v);
  if (problem) throw new UsageError(`--principal ${problem}`, command);
  return v as string;
}

/** `a,b` and repeated flags, as one list. */
function listOf(values: unknown): string[] {
  return ((values as string[] | undefined) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** `KEY=VALUE` flags as a context; a key given twice becomes a multivalued key. */
export function contextOf(values: unknown, command: string): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const kv of (values as string[] | undefined) ?? []) {
    const eq = kv.indexOf('=');
    if (eq < 1) throw new UsageError(`--context takes KEY=VALUE, got ${JSON.stringify(kv)}`, command);
    const key = kv.slice(0, eq);
    const value = kv.slice(eq + 1);
    const prev = context[key];
    context[key] = prev === undefined ? value : ([] as string[]).concat(prev, value);
  }
  return context;
}

/**
 * The scope the flags give; without --actions and --services, the actions the policies name
 * (patterns whose service prefix has no wildcard). A policy with `*` or NotAction and no scope
 * flag is a usage error: the whole catalogue is not a useful matrix.
 */
export function scopeFromFlags(values: Record<string, unknown>, sets: readonly PolicySet[], command: string): AccessScope {
  const scope: AccessScope = {};
  const actions = listOf(values.actions);
  const services = listOf(values.services);
  const resources = listOf(values.resources);
  if (actions.length) scope.actions = actions;
  if (services.length) scope.services = services;
  if (resources.length) scope.resources = resources;
  const principal = principalOf(values, command);
  if (principal !== undefined) scope.principal = principal;
  const resourceAccount = resourceAccountOf(values, command);
  if (resourceAccount) scope.resourceAccount = resourceAccount;
  const context = contextOf(values.context, command);
  if (Object.keys(context).length) {
    scope.context = context;
    // A value no condition can read would make every cell quietly skip that condition.
    const unreadable = unreadableContextMessages(sets.flatMap(policiesOf), context);
    if (unreadable.length) throw new InputError(unreadable.map((m) => m.replace(/^request context /, '--context ')).join('; '));
  }
  if (!actions.length && !services.length) {
    const named = actionPatterns(sets);
    // Names the service reference does not know are left to `validate` to report.
    const known = (a: string) => {
      try {
        return expandActionPattern(a).length > 0;
      } catch {
        return false;
      }
    };
    const concrete = named.actions.filter((a) => a.includes(':') && !/[*?]/.test(a.slice(0, a.indexOf(':'))) && known(a));
    if (!concrete.length) {
      throw new UsageError('the policies name no action of a particular service (only "*" or NotAction): give --actions or --services', command);
    }
    scope.actions = concrete;
  }
  return scope;
}
