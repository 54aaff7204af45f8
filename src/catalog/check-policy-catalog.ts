/**
 * Checks a parsed policy against the service reference. Everything found is a warning: AWS
 * accepts a policy that names an unknown action or condition key (the element simply never
 * matches), but such a policy almost surely does not say what its author meant. Re-grade with
 * `applyLevels`.
 */

import { parseOperator } from '../conditions/parse-operator';
import type { OperatorFamily } from '../conditions/operators/operator-descriptor';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { ConditionClause, LocatedString, Policy, PolicyStatement } from '../policy/policy-model';
import { candidateServices, matchesSomeAction, MAX_WILDCARD_SERVICES } from './expand-actions';
import { nearestName } from '../diagnostics/nearest-name';
import { allGlobalConditionKeys, defaultCatalog, globalConditionKey, type CatalogConditionKey, type ServiceCatalog } from './service-catalog';

/** Issue codes this check emits. */
export type PolicyCatalogIssueCode =
  | 'unknown-service-in-policy'
  | 'unknown-action-in-policy'
  | 'unknown-condition-key'
  | 'condition-operator-type'
  | 'missing-set-qualifier'
  | 'set-qualifier-single-valued'
  | 'wildcard-in-resource-type';

/** The services a statement's actions belong to; `any` when it may be any service (`*`, NotAction). */
interface ServiceScope {
  any: boolean;
  services: Set<string>;
}

/** Service-reference warnings for every Action/NotAction value and Condition clause of `policy`. */
export function checkPolicyAgainstCatalog(policy: Policy, catalog: ServiceCatalog = defaultCatalog()): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const statement of policy.statements) {
    const scope: ServiceScope = { any: false, services: new Set() };
    checkActionList(statement, 'Action', statement.action, scope, catalog, issues);
    // IAM User Guide, reference_policies_elements_notaction.md: NotAction matches every action
    // except those listed, in any service, so its condition keys may be any service's.
    if (statement.notAction) scope.any = true;
    checkActionList(statement, 'NotAction', statement.notAction, scope, catalog, issues);
    if (scope.services.size === 0) scope.any = true;
    for (const clause of statement.conditions) checkConditionOnce(statement, clause, scope, catalog, issues);
    for (const element of ['Resource', 'NotResource'] as const) {
      const values = element === 'Resource' ? statement.resource : statement.notResource;
      values?.forEach((v, i) => {
        const message = resourceTypeWildcard(v.value, catalog);
        if (message)
          issues.push(warning('wildcard-in-resource-type', message, v.pos, ['Statement', statement.index, element, ...(values.length > 1 ? [i] : [])]));
      });
    }
  }
  return issues;
}

/**
 * A wildcard in the resource-type part of an ARN pattern (`arn:aws:quicksight:*:*:*\/*`). The
 * IAM User Guide's ARN page (reference_identifiers.md, "IAM ARNs") shows a wildcard replacing the
 * resource type as incorrect, while reference_policies_elements_resource.md allows wildcards in
 * any segment and AWS managed policies use them. jest-iam keeps matching such patterns as
 * wildcards (docs/divergences.md) and warns, for services whose every ARN format starts its
 * resource part with a literal resource type (`dashboard/...`).
 */
function resourceTypeWildcard(pattern: string, catalog: ServiceCatalog): string | undefined {
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2];
  const resource = parts.slice(5).join(':');
  const cut = resource.search(/[/:]/);
  if (cut <= 0) return undefined;
  const type = resource.slice(0, cut);
  if (!/[*?]/.test(type) || !catalog.serviceExists(service)) return undefined;
  const formats = catalog.resourceTypesOf(service).map((r) => r.arn.split(':').slice(5).join(':'));
  const typed = formats.length > 0 && formats.every((f) => /^[A-Za-z][A-Za-z0-9-]*[/:]/.test(f));
  if (!typed) return undefined;
  return `${pattern} has a wildcard in the resource-type part ("${type}"); the IAM ARN page calls a wildcard in place of the resource type incorrect, although AWS matches it as a wildcard (and some AWS managed policies use it)`;
}

function checkActionList(
  statement: PolicyStatement,
  element: 'Action' | 'NotAction',
  values: LocatedString[] | undefined,
  scope: ServiceScope,
  catalog: ServiceCatalog,
  issues: PolicyIssue[],
): void {
  if (!values) return;
  values.forEach((value, i) => {
    const path = values.length > 1 ? ['Statement', statement.index, element, i] : ['Statement', statement.index, element];
    const problem = checkActionValueOnce(value.value, scope, catalog);
    if (problem) issues.push(warning(problem.code, problem.message, value.pos, path));
  });
}

/** What checking one Action value found: its warning, and the services it names. */
interface ActionValueOutcome {
  problem?: { code: PolicyCatalogIssueCode; message: string };
  any: boolean;
  services: string[];
}

/**
 * Action values recur across policies (`s3:Get*`, `ec2:Describe*` in hundreds of AWS managed
 * policies), and what a value finds depends on the value and the catalogue alone: each is
 * checked once per catalogue, and its outcome is replayed into the statement's scope.
 */
const actionOutcomes = new WeakMap<ServiceCatalog, Map<string, ActionValueOutcome>>();

function checkActionValueOnce(pattern: string, scope: ServiceScope, catalog: ServiceCatalog): { code: PolicyCatalogIssueCode; message: string } | undefined {
  let memo = actionOutcomes.get(catalog);
  if (!memo) actionOutcomes.set(catalog, (memo = new Map()));
  let outcome = memo.get(pattern);
  if (!outcome) {
    const own: ServiceScope = { any: false, services: new Set() };
    const problem = checkActionValue(pattern, own, catalog);
    outcome = { any: own.any, services: [...own.services] };
    if (problem) outcome.problem = problem;
    if (memo.size >= 20000) memo.clear();
    memo.set(pattern, outcome);
  }
  if (outcome.any) scope.any = true;
  for (const s of outcome.services) scope.services.add(s);
  return outcome.problem;
}

function checkActionValue(pattern: string, scope: ServiceScope, catalog: ServiceCatalog): { code: PolicyCatalogIssueCode; message: string } | undefined {
  const colon = pattern.indexOf(':');
  if (pattern === '*' || colon <= 0) {
    // `*` is every action; a value without `service:` is the grammar check's to report.
    scope.any = true;
    return undefined;
  }
  const servicePart = pattern.slice(0, colon);
  const namePart = pattern.slice(colon + 1);
  // Access Analyzer policy checks, "Invalid service in action" and "Invalid action" (with "Did you mean").
  if (/[*?]/.test(servicePart)) {
    const services = candidateServices(pattern, catalog);
    if (services.length === 0) {
      const near = nearestName(servicePart, catalog.allServices(), { wildcards: true });
      return {
        code: 'unknown-service-in-policy',
        message: `"${servicePart}" matches no AWS service prefix, so ${pattern} matches no action${near ? `; did you mean ${near}:${namePart}?` : ''}`,
      };
    }
    if (services.length > MAX_WILDCARD_SERVICES) {
      scope.any = true;
      return undefined;
    }
    for (const s of services) scope.services.add(s);
    if (!matchesSomeAction(pattern, catalog)) return { code: 'unknown-action-in-policy', message: `${pattern} matches no action of ${services.join(', ')}` };
    return undefined;
  }
  if (!catalog.serviceExists(servicePart)) {
    const near = nearestName(servicePart, catalog.allServices());
    const known = near && !/[*?]/.test(namePart) ? catalog.getAction(near, namePart) : undefined;
    const hint = near ? `; did you mean ${near}:${known ? known.name : namePart}?` : '';
    return { code: 'unknown-service-in-policy', message: `"${servicePart}" is not an AWS service prefix, so ${pattern} matches no action${hint}` };
  }
  const service = servicePart.toLowerCase();
  scope.services.add(service);
  const names = () => [...catalog.actionNamesOf(service)];
  if (/[*?]/.test(namePart)) {
    if (matchesSomeAction(pattern, catalog)) return undefined;
    const near = nearestName(namePart, names(), { wildcards: true });
    return { code: 'unknown-action-in-policy', message: `${pattern} matches no ${service} action${near ? `; did you mean ${service}:${near}?` : ''}` };
  }
  if (catalog.hasAction(service, namePart)) return undefined;
  const near = nearestName(namePart, names());
  return { code: 'unknown-action-in-policy', message: `${service} has no action "${namePart}"${near ? `; did you mean ${service}:${near}?` : ''}` };
}

type Finding = { code: PolicyCatalogIssueCode; message: string };

/**
 * What a clause finds depends on its operator, its key and the statement's services (in order) alone, and
 * the same clauses recur across policies: each combination is looked up once per catalogue.
 */
const conditionFindings = new WeakMap<ServiceCatalog, Map<string, Finding[]>>();

function checkConditionOnce(statement: PolicyStatement, clause: ConditionClause, scope: ServiceScope, catalog: ServiceCatalog, issues: PolicyIssue[]): void {
  let memo = conditionFindings.get(catalog);
  if (!memo) conditionFindings.set(catalog, (memo = new Map()));
  const key = `${clause.operator}\0${clause.key}\0${scope.any ? '*' : [...scope.services].join(',')}`;
  let found = memo.get(key);
  if (!found) {
    const list: Finding[] = [];
    checkCondition(clause, scope, catalog, (code, message) => list.push({ code, message }));
    if (memo.size >= 20000) memo.clear();
    memo.set(key, (found = list));
  }
  if (!found.length) return;
  const path = ['Statement', statement.index, 'Condition', clause.operator, clause.key];
  for (const f of found) issues.push(warning(f.code, f.message, clause.keyPos, path));
}

function checkCondition(
  clause: ConditionClause,
  scope: ServiceScope,
  catalog: ServiceCatalog,
  add: (code: PolicyCatalogIssueCode, message: string) => void,
): void {
  const found = lookupKey(clause.key, scope, catalog);
  if (!found.key) {
    add('unknown-condition-key', found.message);
    return;
  }
  const parsed = parseOperator(clause.operator);
  if (!parsed.ok) return; // an unknown operator is the grammar check's to report
  const { descriptor, qualifier } = parsed.operator;
  if (descriptor.family === 'Null') return; // Null tests presence only, for a key of any type
  const type = found.key.type;
  const multivalued = type.startsWith('ArrayOf');
  const element = multivalued ? type.slice('ArrayOf'.length) : type;
  if (!operatorSuits(descriptor.family, element, found.key.key)) {
    // Access Analyzer policy checks, "General Warning – Type mismatch"; each key's operators are
    // listed in reference_policies_condition-keys.md ("Works with ... operators").
    add(
      'condition-operator-type',
      `${descriptor.name} compares ${FAMILY_COMPARES[descriptor.family]}, but ${clause.key} is ${/^[AEIO]/.test(type) ? 'an' : 'a'} ${type} key; use ${OPERATORS_FOR[element]}`,
    );
  }
  if (multivalued && !qualifier) {
    // Access Analyzer policy checks, "Missing qualifier": keys of an ArrayOf type are multivalued
    // and need ForAllValues or ForAnyValue (reference_policies_condition-single-vs-multi-valued-context-keys.md).
    add(
      'missing-set-qualifier',
      `${clause.key} is multivalued (${type}); use ForAnyValue:${clause.operator} or ForAllValues:${clause.operator} to compare its set of values`,
    );
  }
  if (!multivalued && qualifier === 'ForAllValues') {
    // Access Analyzer policy checks, "Security Warning – ForAllValues with single valued key":
    // ForAllValues is also true when the key is absent, which is overly permissive.
    add(
      'set-qualifier-single-valued',
      `${clause.key} is single-valued (${type}); ForAllValues on it is also true when the key is absent from the request, so drop the qualifier`,
    );
  }
}

type KeyLookup = { key: CatalogConditionKey; message?: undefined } | { key?: undefined; message: string };

/**
 * Finds the key among the global keys (reference_policies_condition-keys.md), then among the
 * keys of the services the statement's actions belong to (Service Authorization Reference,
 * "Condition keys" tables). Keys are case-insensitive (reference_policies_elements_condition.md).
 */
function lookupKey(name: string, scope: ServiceScope, catalog: ServiceCatalog): KeyLookup {
  const global = globalConditionKey(name);
  if (global) return { key: global };
  const owners = ownerServices(name, catalog);
  const searched = scope.any ? owners : [...scope.services];
  for (const s of searched) {
    const key = catalog.findConditionKey(s, name);
    if (key) return { key };
  }
  const oidc = oidcProviderKey(name, catalog);
  if (oidc && (scope.any || scope.services.has('sts'))) return { key: oidc };
  if (oidc) {
    return {
      message: `${name} is an OIDC federation key, which only sts:AssumeRoleWithWebIdentity requests carry, but this statement's actions are ${[...scope.services].join(', ')} actions`,
    };
  }
  if (!scope.any) {
    for (const s of owners) {
      if (catalog.findConditionKey(s, name)) {
        const list = [...scope.services].join(', ');
        return { message: `${name} is a condition key of ${s}, but this statement's actions are ${list} actions, whose requests do not carry it` };
      }
    }
  }
  const candidates = [...allGlobalConditionKeys()];
  for (const s of new Set([...searched, ...owners])) candidates.push(...catalog.conditionKeysOf(s).map((k) => k.key));
  const near = nearestName(name, candidates);
  const where = searched.length ? `a key of ${searched.join(', ')}` : 'the key of a known service';
  return { message: `${name} is neither a global condition key nor ${where}${near ? `; did you mean ${near}?` : ''}` };
}

/** Claims IAM exposes for any OIDC identity provider, as `<provider-url>:<claim>`. */
const OIDC_CLAIMS = new Set(['aud', 'sub', 'oaud', 'amr', 'azp', 'email']);

/**
 * A key of an OIDC identity provider that the reference cannot list, because its prefix is the
 * account's own provider URL (`oidc.eks.us-east-1.amazonaws.com/id/ABC:sub`,
 * `token.actions.githubusercontent.com:sub`). IAM User Guide, reference_policies_iam-condition-keys.md
 * (keys for OIDC federation): the keys are the provider URL, a colon and the claim.
 */
function oidcProviderKey(name: string, catalog: ServiceCatalog): CatalogConditionKey | undefined {
  const colon = name.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const provider = name.slice(0, colon);
  if (!provider.includes('.') || catalog.serviceExists(provider)) return undefined;
  return OIDC_CLAIMS.has(name.slice(colon + 1).toLowerCase()) ? { key: name, type: 'String' } : undefined;
}

/** Services whose keys use the key's prefix: the prefix itself, or those `unassociatedConditions.json` names. */
function ownerServices(name: string, catalog: ServiceCatalog): string[] {
  const colon = name.indexOf(':');
  if (colon <= 0) return [];
  const prefix = name.slice(0, colon);
  return catalog.serviceExists(prefix) ? [prefix.toLowerCase()] : catalog.servicesForKeyPrefix(prefix);
}

/** The catalogue types each operator family suits (reference_policies_elements_condition_operators.md). */
const SUITS: Record<Exclude<OperatorFamily, 'Null'>, readonly string[]> = {
  String: ['String', 'ARN'], // e.g. aws:PrincipalArn "Works with ARN operators and string operators"
  // ARN operators on String keys are not flagged: the catalogue types some ARN-valued keys as
  // String (aws:SourceVpcArn), so a warning there would often be wrong.
  Arn: ['ARN', 'String'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  Boolean: ['Bool', 'Boolean'],
  Binary: ['Binary'],
  IpAddress: ['IPAddress'],
};

const KNOWN_TYPES = new Set(['String', 'ARN', 'Numeric', 'Date', 'Bool', 'Boolean', 'Binary', 'IPAddress']);

function operatorSuits(family: Exclude<OperatorFamily, 'Null'>, element: string, key: string): boolean {
  if (!KNOWN_TYPES.has(element)) return true; // a type we cannot judge
  // reference_policies_condition-keys.md, aws:EpochTime: "Works with date operators or numeric operators".
  if (family === 'Numeric' && key.toLowerCase() === 'aws:epochtime') return true;
  return SUITS[family].includes(element);
}

const FAMILY_COMPARES: Record<OperatorFamily, string> = {
  String: 'strings',
  Numeric: 'numbers',
  Date: 'dates',
  Boolean: 'booleans',
  Binary: 'base-64 binary values',
  IpAddress: 'IP addresses',
  Arn: 'ARNs',
  Null: 'presence',
};

const OPERATORS_FOR: Record<string, string> = {
  String: 'a string operator (StringEquals, StringLike, ...)',
  ARN: 'an ARN operator (ArnEquals, ArnLike, ...) or a string operator',
  Numeric: 'a numeric operator (NumericEquals, NumericLessThan, ...)',
  Date: 'a date operator (DateEquals, DateLessThan, ...)',
  Bool: 'Bool',
  Boolean: 'Bool',
  Binary: 'BinaryEquals',
  IPAddress: 'IpAddress or NotIpAddress',
};

function warning(code: PolicyCatalogIssueCode, message: string, pos: PolicyIssue['pos'], path: (string | number)[]): PolicyIssue {
  const issue: PolicyIssue = { severity: 'warning', code, message, path };
  if (pos) issue.pos = pos;
  return issue;
}
