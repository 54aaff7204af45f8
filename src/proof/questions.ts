/**
 * The questions users ask, on top of {@link prove}: "never allows" (IAM Access Analyzer's
 * CheckAccessNotGranted), "grants no new access over a baseline" (CheckNoNewAccess, over the
 * composed decision of the whole policy set), "is equivalent to" and "stays within".
 */

import { defaultCatalog, expandActionPattern, type ServiceCatalog } from '../catalog';
import { compileActionPattern } from '../match/action';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import { policiesOf, type PolicySet } from '../policy/policy-set';
import type { ContextInput } from '../request/request-context';
import { namedPrincipals } from '../analysis/never-allow-principals';
import { normalizeRequest } from '../request/access-request';
import { prove, type ProofOptions, type ProofResult } from './prove';
import { changedActions, changedStatementPatterns } from './changed-actions';
import { unlistedActionClasses } from './unknown-actions';
import { ProofUnknown } from './string-automaton';

/** What a proof question may fix about the requests; everything else ranges freely. */
export interface ProofQuestionOptions extends ProofOptions {
  /** Action pattern (service reference expansion). Default for comparisons: every action an Allow statement could grant. */
  actions?: string;
  /** ARN pattern of the resources; default every resource. */
  resource?: string;
  /** Who asks. Default: no principal (its keys free), then every principal the policies name. */
  principal?: string;
  /** Condition keys every request has. */
  context?: ContextInput;
  /** Account owning the resources. */
  resourceAccount?: string;
  catalog?: ServiceCatalog;
}

function badScope(message: string, what: string): never {
  throw new PolicyValidationError([{ severity: 'error', code: 'bad-scope', message }], what);
}

function actionsOf(pattern: string, catalog: ServiceCatalog, what: string): string[] {
  let actions: string[];
  try {
    actions = pattern.includes(':') ? expandActionPattern(pattern, catalog) : [];
  } catch (e) {
    return badScope((e as Error).message, what);
  }
  if (!actions.length) badScope(`${JSON.stringify(pattern)} matches no action in the AWS service reference (write service:Action, wildcards allowed)`, what);
  return actions;
}

/**
 * Every catalogue action some Allow statement of the sets could grant (an action no Allow admits
 * is allowed only to the root user, whom comparisons of two sets treat alike). NotAction and
 * wildcard services read the whole catalogue.
 */
export function grantableActions(sets: readonly PolicySet[], catalog: ServiceCatalog = defaultCatalog()): string[] {
  const out = new Set<string>();
  let everything = false;
  const patterns: string[] = [];
  for (const set of sets)
    for (const p of policiesOf(set))
      for (const s of p.statements) {
        if (s.effect !== 'Allow') continue;
        if (s.notAction) everything = true;
        for (const a of s.action ?? []) {
          const service = a.value.includes(':') ? a.value.slice(0, a.value.indexOf(':')) : a.value;
          if (/[*?]/.test(service)) everything = true;
          else patterns.push(a.value);
        }
      }
  if (everything) {
    for (const service of catalog.allServices()) for (const a of catalog.actionsOf(service)) out.add(`${service}:${a.name}`);
    return [...out].sort();
  }
  for (const pattern of patterns) {
    const service = pattern.slice(0, pattern.indexOf(':')).toLowerCase();
    if (!catalog.serviceExists(service)) continue;
    const glob = compileActionPattern(pattern);
    for (const a of catalog.actionsOf(service)) if (glob.test(`${service}:${a.name}`)) out.add(`${service}:${a.name}`);
  }
  return [...out].sort();
}

function requestPrincipalValid(principal: string): boolean {
  try {
    normalizeRequest({ action: 'iam:GetUser', resource: '*', principal });
    return true;
  } catch (e) {
    if (e instanceof PolicyValidationError) return false;
    throw e;
  }
}

function domainOf(sets: readonly PolicySet[], actions: string[], o: ProofQuestionOptions) {
  if (o.resource !== undefined && (typeof o.resource !== 'string' || (o.resource !== '*' && !o.resource.startsWith('arn:'))))
    badScope(`resource pattern ${JSON.stringify(o.resource)} is not "*" nor an ARN pattern`, 'proof');
  // A named principal the request rules reject (a pattern made concrete, `arn:aws:iam::*:role/x`)
  // is left out: "no principal", whose keys are free, already stands for it.
  const principals =
    o.principal !== undefined
      ? [o.principal]
      : [undefined, ...new Set(sets.flatMap((s) => namedPrincipals(s)))].filter((p) => p === undefined || requestPrincipalValid(p));
  return {
    actions,
    principals,
    ...(o.resource !== undefined ? { resourcePattern: o.resource } : {}),
    ...(o.context ? { context: o.context } : {}),
    ...(o.resourceAccount ? { resourceAccount: o.resourceAccount } : {}),
  };
}

/** Every Action and NotAction value of the sets (they cut the classes of unlisted actions). */
function policyActionPatterns(sets: readonly PolicySet[]): string[] {
  const out = new Set<string>();
  for (const set of sets)
    for (const p of policiesOf(set)) for (const s of p.statements) for (const a of [...(s.action ?? []), ...(s.notAction ?? [])]) out.add(a.value);
  return [...out];
}

/** The patterns whose actions an Allow statement of the sets may grant (`*` when a NotAction one may grant any). */
function grantablePatterns(sets: readonly PolicySet[]): string[] {
  const out = new Set<string>();
  for (const set of sets)
    for (const p of policiesOf(set))
      for (const s of p.statements) {
        if (s.effect !== 'Allow') continue;
        if (s.notAction) return ['*'];
        for (const a of s.action ?? []) out.add(a.value);
      }
  return [...out];
}

function listedAction(action: string, catalog: ServiceCatalog): boolean {
  const i = action.indexOf(':');
  const service = action.slice(0, i).toLowerCase();
  return catalog.serviceExists(service) && catalog.actionsOf(service).some((a) => a.name.toLowerCase() === action.slice(i + 1).toLowerCase());
}

/** Listed actions plus one per class of unlisted ones (unknown-actions.ts) that `wanted` reaches. */
function withUnlisted(listed: string[], wanted: readonly string[], sets: readonly PolicySet[], catalog: ServiceCatalog): string[] {
  // A pattern without wildcards that the reference does not list names one unlisted action: its own class.
  const known = new Set(listed.map((a) => a.toLowerCase()));
  const literal = wanted.filter((w) => !/[*?]/.test(w) && /^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/.test(w) && !known.has(w.toLowerCase()) && !listedAction(w, catalog));
  const reaching = wanted.filter((w) => /[*?]/.test(w));
  if (!reaching.length) return [...listed, ...literal];
  return [...listed, ...literal, ...unlistedActionClasses(reaching, policyActionPatterns(sets), catalog)];
}

/**
 * PROVED when no request of the domain is allowed by `set`. A wildcard pattern covers the
 * actions the service reference does not list too (one class per service prefix and per cut of
 * the policies' patterns).
 */
export function proveNeverAllows(set: PolicySet, actionPattern: string, o: Omit<ProofQuestionOptions, 'actions'> = {}): ProofResult {
  const catalog = o.catalog ?? defaultCatalog();
  const listed = actionsOf(actionPattern, catalog, 'toNeverAllow');
  let actions: string[];
  try {
    actions = withUnlisted(listed, [actionPattern], [set], catalog);
  } catch (e) {
    if (!(e instanceof ProofUnknown)) throw e;
    return { verdict: 'UNKNOWN', witnesses: [], unknown: [{ action: actionPattern, reason: e.reason }], regions: 0 };
  }
  return prove([set], domainOf([set], actions, o), ([d]) => d.result === 'Allow', o);
}

/**
 * For a comparison over every grantable action, the unlisted actions worth a class: only those
 * a changed statement admits can be decided differently (the others meet the same statements in
 * both sets), and any extra class is harmless (an action no Allow grants is allowed by neither
 * set). With explicit actions, or when a changed statement may reach everything, the patterns stay.
 */
function narrowed(wanted: string[], explicit: boolean, a: PolicySet, b: PolicySet): string[] {
  if (explicit) return wanted;
  const changed = changedStatementPatterns(a, b);
  return changed === undefined || changed.includes('*') ? wanted : changed;
}

/** {@link withUnlisted}, or the UNKNOWN result when the unlisted actions cannot be classed. */
function unlistedToo(listed: string[], wanted: readonly string[], sets: readonly PolicySet[], catalog: ServiceCatalog): string[] | ProofResult {
  try {
    return withUnlisted(listed, wanted, sets, catalog);
  } catch (e) {
    if (!(e instanceof ProofUnknown)) throw e;
    return { verdict: 'UNKNOWN', witnesses: [], unknown: [{ action: wanted.join(', '), reason: e.reason }], regions: 0 };
  }
}

/** PROVED when every request `candidate` allows, `baseline` allows too (IAM Access Analyzer's CheckNoNewAccess, composed). */
export function proveNoNewAccess(candidate: PolicySet, baseline: PolicySet, o: ProofQuestionOptions = {}): ProofResult {
  const catalog = o.catalog ?? defaultCatalog();
  const listed = o.actions !== undefined ? actionsOf(o.actions, catalog, 'no new access') : grantableActions([candidate], catalog);
  const all = unlistedToo(
    listed,
    narrowed(o.actions !== undefined ? [o.actions] : grantablePatterns([candidate]), o.actions !== undefined, candidate, baseline),
    [candidate, baseline],
    catalog,
  );
  if (!Array.isArray(all)) return all;
  // Actions whose statements are the same in both sets are decided alike: nothing new there.
  const actions = changedActions(candidate, baseline, all);
  return prove([candidate, baseline], domainOf([candidate, baseline], actions, o), ([c, b]) => c.result === 'Allow' && b.result !== 'Allow', o);
}

/** PROVED when the two sets allow exactly the same requests; a witness is a request they decide differently. */
export function proveEquivalent(a: PolicySet, b: PolicySet, o: ProofQuestionOptions = {}): ProofResult {
  const catalog = o.catalog ?? defaultCatalog();
  const listed = o.actions !== undefined ? actionsOf(o.actions, catalog, 'equivalence') : grantableActions([a, b], catalog);
  const all = unlistedToo(listed, narrowed(o.actions !== undefined ? [o.actions] : grantablePatterns([a, b]), o.actions !== undefined, a, b), [a, b], catalog);
  if (!Array.isArray(all)) return all;
  const actions = changedActions(a, b, all);
  return prove([a, b], domainOf([a, b], actions, o), ([x, y]) => (x.result === 'Allow') !== (y.result === 'Allow'), o);
}
