/**
 * Checks a request a test names (`expect(policy).toAllow(action, resource)`) against the
 * service reference, so a misspelt action or an ARN of the wrong resource type fails loudly
 * instead of quietly testing a request AWS would never make.
 */

import { splitArn } from '../request/arn-parts';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import { compileArnTemplate, resourceTypesOfArn } from './arn-template';
import { nearestName } from '../diagnostics/nearest-name';
import { templateGlob } from './template-glob';
import {
  allGlobalConditionKeys,
  defaultCatalog,
  globalConditionKey,
  type CatalogAction,
  type CatalogResourceType,
  type ServiceCatalog,
} from './service-catalog';

/** Issue codes this check emits. */
export type RequestIssueCode =
  | 'invalid-action'
  | 'unknown-service'
  | 'unknown-action'
  | 'resource-type-mismatch'
  | 'wildcard-only-action'
  | 'resource-required'
  | 'context-key-not-for-action'
  | 'unknown-context-key';

/**
 * Problems with `action` on `resource`, all as errors (re-grade them with `applyLevels`):
 * an unknown service or action (with the nearest real one), an ARN that is none of the
 * resource types the action acts on, a specific resource for an action that only takes `"*"`,
 * or `"*"` for an action that always acts on a resource of a required type (`resource-required`,
 * a warning by default).
 */
export function checkRequest(action: string, resource: string, catalog: ServiceCatalog = defaultCatalog()): PolicyIssue[] {
  return remembered(requestFindings, catalog, action, resource, () => requestProblems(action, resource, catalog));
}

/**
 * What a check finds depends on its arguments and the catalogue alone, and a matrix asks the
 * same questions for every principal (10,000 cells, a few hundred distinct requests): each is
 * answered once per catalogue, and every caller gets its own copies.
 */
type Findings = WeakMap<ServiceCatalog, Map<string, Map<string, PolicyIssue[]>>>;
const requestFindings: Findings = new WeakMap();
const contextFindings: Findings = new WeakMap();
/** Distinct first arguments remembered per catalogue before a memo starts over. */
const MAX_REMEMBERED = 5000;

function remembered(memo: Findings, catalog: ServiceCatalog, a: string, b: string, find: () => PolicyIssue[]): PolicyIssue[] {
  let byA = memo.get(catalog);
  if (!byA) memo.set(catalog, (byA = new Map()));
  let byB = byA.get(a);
  if (!byB) {
    if (byA.size >= MAX_REMEMBERED) byA.clear();
    byA.set(a, (byB = new Map()));
  }
  let found = byB.get(b);
  if (!found) {
    if (byB.size >= MAX_REMEMBERED) byB.clear();
    byB.set(b, (found = find()));
  }
  return found.map((i) => ({ ...i }));
}

function requestProblems(action: string, resource: string, catalog: ServiceCatalog): PolicyIssue[] {
  const colon = action.indexOf(':');
  const servicePart = colon > 0 ? action.slice(0, colon) : '';
  const namePart = colon > 0 ? action.slice(colon + 1) : '';
  // IAM User Guide, reference_policies_elements_action.md: an action is `service-prefix:action-name`.
  if (!servicePart || !namePart || namePart.includes(':')) {
    return [issue('invalid-action', `a request names one action as "service:ActionName", e.g. "s3:GetObject"; got ${JSON.stringify(action)}`)];
  }
  if (/[*?]/.test(action)) {
    return [issue('invalid-action', `a request is for one action, but ${JSON.stringify(action)} is a wildcard pattern; name the action the caller performs`)];
  }
  // Access Analyzer policy checks, "Invalid service in action" / "Invalid action": suggest the nearest real name.
  if (!catalog.serviceExists(servicePart)) {
    const near = nearestName(servicePart, catalog.allServices());
    const known = near ? catalog.getAction(near, namePart) : undefined;
    const hint = near ? `; did you mean ${near}:${known ? known.name : namePart}?` : '';
    return [issue('unknown-service', `"${servicePart}" is not an AWS service prefix (in ${action})${hint}`)];
  }
  const service = servicePart.toLowerCase();
  const act = catalog.getAction(service, namePart);
  if (!act) {
    const near = nearestName(
      namePart,
      catalog.actionsOf(service).map((a) => a.name),
    );
    const hint = near ? `; did you mean ${service}:${near}?` : '';
    return [issue('unknown-action', `${service} has no action "${namePart}"${hint}`)];
  }
  if (resource === '*') return checkWildcardResource(act, catalog);
  return checkResource(act, resource, catalog);
}

/**
 * `"*"` as the resource of an action with a required resource type. Service Authorization
 * Reference (the "Resource types" column of each service's actions table): "If the action has
 * one or more required resources, the caller must have permission to use the action with those
 * resources. Required resources are indicated in the table with an asterisk (*)". Such a request
 * always carries an ARN of that type, so a test on `"*"` checks a request AWS never sends (a
 * statement scoped to the real ARN would not match it, one on `"*"` would). Types that are
 * optional alternatives (s3:GetObject on an object or an access point object) are not judged.
 */
function checkWildcardResource(act: CatalogAction, catalog: ServiceCatalog): PolicyIssue[] {
  const required = act.resourceTypes.filter((r) => r.required);
  if (!required.length) return [];
  const formats = required.map((r) => {
    const type = catalog.getResourceType(act.service, r.name);
    return type ? `${type.key} (${type.arn})` : r.name;
  });
  const message =
    formats.length === 1
      ? `${act.service}:${act.name} always acts on ${article(formats[0])} ${formats[0]}; AWS never decides it on "*", so give the test a resource ARN of that format`
      : `${act.service}:${act.name} always acts on each of ${formats.join(', ')}; AWS decides it on each of those resources, never on "*", so give the test a resource ARN of one of those formats`;
  return [issue('resource-required', message)];
}

/** How many actions a folded `resource-required` finding names before "and N more". */
const FOLDED_NAMES = 5;

/**
 * {@link checkRequest} for each action a test's action pattern expanded to, on one resource.
 * For a wildcard pattern on `"*"` the `resource-required` findings are folded into one, so
 * `toImplicitlyDeny('s3:*')` warns once, not once per S3 action; other findings are kept as
 * they are. A concrete action gives exactly what {@link checkRequest} gives.
 */
export function checkExpandedRequest(pattern: string, actions: readonly string[], resource: string, catalog: ServiceCatalog = defaultCatalog()): PolicyIssue[] {
  const issues = actions.flatMap((a) => checkRequest(a, resource, catalog));
  if (resource !== '*' || !/[*?]/.test(pattern)) return issues;
  const needing = actions.flatMap((a) => {
    const act = actionOf(a, catalog);
    const required = act?.resourceTypes.filter((r) => r.required).map((r) => r.name) ?? [];
    return act && required.length ? [`${act.service}:${act.name} (${required.join(', ')})`] : [];
  });
  if (needing.length < 2) return issues;
  const shown = needing.slice(0, FOLDED_NAMES).join(', ') + (needing.length > FOLDED_NAMES ? `, and ${needing.length - FOLDED_NAMES} more` : '');
  const folded = issue(
    'resource-required',
    `${pattern} on "*": ${needing.length} of the ${actions.length} actions it matches always act on a resource of a required type, which AWS never decides on "*": ${shown}; give the test resource ARNs of those types`,
  );
  const rest = issues.filter((i) => i.code !== 'resource-required');
  return [folded, ...rest];
}

function checkResource(act: CatalogAction, resource: string, catalog: ServiceCatalog): PolicyIssue[] {
  const full = `${act.service}:${act.name}`;
  // Service Authorization Reference (the "Resource types" column of each service's actions table):
  // "If there is no value for this column, you must specify all resources ("*")".
  if (act.resourceTypes.length === 0) {
    return [issue('wildcard-only-action', `${full} does not support resource-level permissions; use "*" as the resource, not ${resource}`)];
  }
  const serviceTypes = catalog.resourceTypesOf(act.service);
  const wanted = act.resourceTypes.map((r) => catalog.getResourceType(act.service, r.name)).filter((t): t is CatalogResourceType => t !== undefined);
  if (wanted.length === 0) return []; // the reference names types it does not define: nothing to judge by
  const wantedKeys = new Set(wanted.map((t) => t.key.toLowerCase()));
  const actual = resourceTypesOfArn(resource, serviceTypes);
  if (actual.some((t) => wantedKeys.has(t.key.toLowerCase()))) return [];
  const actsOn = wanted.map((t) => `${t.key} (${t.arn})`).join(' or ');
  return [issue('resource-type-mismatch', `${full} acts on ${actsOn}; ${resource} ${describeArn(resource, act.service, actual)}`)];
}

/** "is a project", "is not an ARN", ... */
function describeArn(resource: string, service: string, types: CatalogResourceType[]): string {
  if (types.length) {
    const top = compileArnTemplate(types[0].arn).literalLength;
    const best = types.filter((t) => compileArnTemplate(t.arn).literalLength === top).map((t) => t.key);
    return `is ${article(best[0])} ${best.join(' or ')}`;
  }
  const parts = splitArn(resource);
  if (!parts) return 'is not an ARN (arn:partition:service:region:account-id:resource)';
  if (parts.service !== service) return `is an ARN of service "${parts.service}", not ${service}`;
  return `fits no ${service} resource type`;
}

function article(word: string): string {
  return /^[aeio]/i.test(word) ? 'an' : 'a';
}

function issue(code: RequestIssueCode, message: string): PolicyIssue {
  return { severity: 'error', code, message };
}

/**
 * Context keys a test gives that no request of the action carries:
 * - a global `aws:` key the reference does not list (`aws:SoruceIp`), with the nearest real
 *   one (`unknown-context-key`, a warning by default);
 * - a service-specific key the action never carries (`context-key-not-for-action`, a warning by
 *   default). The Service Authorization Reference lists, per action and per resource type, the
 *   condition keys a request for that action can hold; a key of another service (say
 *   `s3:max-keys` on `iam:GetUser`) describes a request AWS never sends.
 * Which known global keys a request has depends on the caller, so those are not judged.
 */
export function checkRequestContext(action: string, contextKeys: readonly string[], catalog: ServiceCatalog = defaultCatalog()): PolicyIssue[] {
  return remembered(contextFindings, catalog, action, JSON.stringify(contextKeys), () => contextProblems(action, contextKeys, catalog));
}

function contextProblems(action: string, contextKeys: readonly string[], catalog: ServiceCatalog): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  const act = actionOf(action, catalog);
  const keys = act
    ? [...act.conditionKeys, ...act.resourceTypes.flatMap((r) => [...r.conditionKeys, ...(catalog.getResourceType(act.service, r.name)?.conditionKeys ?? [])])]
    : [];
  // `${TagKey}`-style placeholders in the reference stand for any text.
  const templates = keys.map((k) => templateGlob(k));
  for (const key of contextKeys) {
    if (/^aws:/i.test(key)) {
      // IAM User Guide, reference_policies_condition-keys.md: the global keys; an action's own
      // list may name more `aws:` keys, which count as known too.
      if (!globalConditionKey(key) && !templates.some((t) => t.test(key))) out.push(issue('unknown-context-key', unknownGlobalKeyMessage(key)));
      continue;
    }
    if (!act || !key.includes(':')) continue;
    if (templates.some((t) => t.test(key))) continue;
    out.push(
      issue(
        'context-key-not-for-action',
        `${act.service}:${act.name} never carries the condition key ${key} (the AWS service reference lists ${keys.length ? keys.filter((k) => !/^aws:/i.test(k)).join(', ') || 'only global keys' : 'no condition keys'} for it), so this context describes a request AWS does not send`,
      ),
    );
  }
  return out;
}

/** The catalogue action a concrete `service:Action` names, or undefined. */
function actionOf(action: string, catalog: ServiceCatalog): CatalogAction | undefined {
  const colon = action.indexOf(':');
  if (colon < 1 || /[*?]/.test(action)) return undefined;
  const service = action.slice(0, colon);
  if (!catalog.serviceExists(service)) return undefined;
  return catalog.getAction(service, action.slice(colon + 1));
}

/**
 * "aws:SoruceIp is not a global condition key; did you mean aws:SourceIp?". Tag keys are
 * compared by their head, so `aws:PrincpalTag/team` suggests `aws:PrincipalTag/team`, and a
 * tag key without its tag (`aws:PrincipalTag`) says what it lacks.
 */
function unknownGlobalKeyMessage(key: string): string {
  const all = allGlobalConditionKeys().filter((k) => /^aws:/i.test(k));
  // The reference writes tag keys as `aws:PrincipalTag/tag-key`.
  const tagHeads = all.filter((k) => k.includes('/')).map((k) => k.slice(0, k.indexOf('/')));
  const plain = all.filter((k) => !k.includes('/'));
  const slash = key.indexOf('/');
  const head = slash < 0 ? key : key.slice(0, slash);
  const tail = slash < 0 ? '' : key.slice(slash + 1);
  const tagHead = tagHeads.find((h) => h.toLowerCase() === head.toLowerCase());
  let hint: string | undefined;
  if (tagHead) hint = `${tagHead} needs a tag key after the slash, e.g. ${tagHead}/team`;
  else if (tail) {
    const near = nearestName(head, tagHeads);
    if (near) hint = `did you mean ${near}/${tail}?`;
  } else {
    const near = nearestName(key, [...plain, ...tagHeads]);
    if (near) hint = tagHeads.includes(near) ? `did you mean ${near}/<tag-key>?` : `did you mean ${near}?`;
  }
  return `${key} is not a global condition key in the AWS service reference, so no AWS request carries it${hint ? `; ${hint}` : ''}`;
}
