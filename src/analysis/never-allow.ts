/**
 * "This policy set never allows X": checked over every action of the service reference that
 * the pattern matches, every resource the policies could allow it on, every principal the
 * policies name, with the request context left open where a Condition could make the difference.
 *
 * Why a finite set of requests suffices: the evaluator looks at a resource only through the
 * Resource / NotResource patterns of the statements, so resources matched by the same patterns
 * get the same decision. For every way the policies could allow the action (an Allow statement
 * of each group that must allow, one of its Resource values), an ARN is searched that those
 * values match, that has the action's ARN format, and that no Deny statement's Resource matches
 * (`never-allow-witnesses.ts`); when the search proves none exists, no resource is allowed that
 * way. Sample ARNs of the action's formats and of the policies' patterns are tried as well.
 * When nothing can be proven, the finding is `possible`: the check never passes on a guess.
 */

import { checkRequest, defaultCatalog, expandActionPattern, resourceTypesOfArn, type ServiceCatalog } from '../catalog';
import type { Decision, StatementTrace } from '../engine/decision';
import { evaluate } from '../engine/evaluate';
import { describeDecision } from '../explain/decision-wording';
import { parsePrincipal } from '../request/principal';
import type { PolicySet } from '../policy/policy-set';
import { RequestContext, type ContextInput, type ContextInputValue } from '../request/request-context';
import { compileActionPattern } from '../match/action';
import { compileArnPattern } from '../match/arn';
import { splitArn } from '../request/arn-parts';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import { variablesText } from './access-matrix';
import { arnWitness, DEFAULT_STYLE, fillPattern, UNUSUAL_STYLE } from './arn-witness';
import { failsOnlyOnCondition, formatClause } from './cell-outcome';
import { findConditionWitness, formatWitness, type ConditionWitness } from './condition-witness';
import { DEFAULT_ACCOUNT, namedPrincipals } from './never-allow-principals';
import { planWitnesses } from './never-allow-witnesses';
import { resourcePatterns, type ResourcePattern } from './policy-patterns';
import { actionResourceTypes, sampleResources, type SampleResource } from './sample-resources';
import { statementRef, type StatementRef } from '../explain/statement-ref';

/** How a never-allowed request could be allowed after all. */
export type NeverAllowKind = 'allowed' | 'conditional' | 'possible';

export interface NeverAllowFinding {
  /**
   * `allowed`: allowed with the request context given; `conditional`: allowed with the context
   * in `context` (condition keys set or left out); `possible`: an Allow statement matches all but
   * its Condition and jest-iam found no context that both satisfies it and avoids every Deny, or
   * jest-iam could not settle whether some resource escapes the Deny statements, or the request
   * names a resource for an action the service reference says takes only `"*"`.
   */
  kind: NeverAllowKind;
  action: string;
  resource: string;
  /** The principal asked as, when the check tried one the policies name (no principal given). */
  principal?: string;
  /** Keys (beyond the caller's context) that make the request allowed; `null` = key absent. */
  context: Record<string, unknown>;
  /** The Allow statements that grant (or could grant) the request. */
  statements: StatementRef[];
  /** Their condition clauses, e.g. `StringEquals aws:ResourceTag/team 'ml'`. */
  conditions: string;
  /** For `possible`: why jest-iam could not decide. */
  note?: string;
  /** The allowing decision, for `allowed` and `conditional`. */
  decision?: Decision;
  /** Other resources with the same finding (same action, kind, statements and conditions). */
  moreResources: string[];
}

export interface NeverAllowReport {
  /** Actions checked (the catalogue's expansion of the pattern). */
  actions: string[];
  /** Principals asked as (`undefined`: no principal). */
  principals: (string | undefined)[];
  /** Requests evaluated (action x principal x resource, before any context search). */
  cellsChecked: number;
  findings: NeverAllowFinding[];
  /**
   * Every decision the check made (each request tried, and each allow found under a context),
   * for statement coverage and the IAM cross-check. Possible findings made none.
   */
  decisions: Decision[];
}

export interface NeverAllowOptions {
  /** Who asks (an ARN or account id). Default: no principal, then each principal the policies name. */
  principal?: string;
  /** Condition keys every request has; keys not given here are free for the search. */
  context?: ContextInput;
  /**
   * Account that owns the resources, when their ARNs do not say. Default, with a resource-based
   * policy: the caller's account, where a resource-based policy alone can allow (so the check
   * covers the more permissive case; reference_policies_evaluation-logic-cross-account.md).
   */
  resourceAccount?: string;
  catalog?: ServiceCatalog;
}

/** A resource to try, and whether the service reference says AWS never asks it for the action. */
type Candidate = SampleResource & { offCatalogue?: boolean };

/** The sample resources of the action (and of the pattern under test), as matrices use them. */
function samplesFor(action: string, patterns: ResourcePattern[], resourcePattern: string | undefined, catalog: ServiceCatalog): Candidate[] {
  const styles = [DEFAULT_STYLE, UNUSUAL_STYLE];
  const out: Candidate[] = [];
  const { types } = actionResourceTypes(action, catalog);
  if (resourcePattern !== undefined && resourcePattern !== '*') {
    if (!/[*?]/.test(resourcePattern)) out.push({ arn: resourcePattern, variables: {} });
    for (const style of styles) {
      for (const t of types) {
        const w = arnWitness(resourcePattern, t.arn, { variables: false, style });
        if (w) out.push({ arn: w.arn, type: t.key, variables: {} });
      }
      // The pattern under test read as a format, intersected with each policy pattern.
      for (const p of patterns) {
        const w = arnWitness(p.pattern, resourcePattern, { variables: p.variables, style });
        if (w) out.push({ arn: w.arn, pattern: p.pattern, variables: w.variables });
      }
      const filled = fillPattern(resourcePattern, { variables: false, style });
      if (filled) out.push({ arn: filled.arn, variables: {} });
    }
  } else out.push(...sampleResources(action, patterns, { catalog, styles }));
  if (!types.length) {
    // reference_policies_actions-resources-contextkeys.md ("The actions table"): an action without
    // resource types is authorized on "*". A statement that names it on an ARN would grant
    // nothing, unless the reference is out of date: such allows are reported as possible.
    for (const p of patterns) {
      if (!p.actions.some((a) => compileActionPattern(a).test(action))) continue;
      for (const style of styles) {
        const w = fillPattern(p.pattern, { variables: p.variables, style });
        if (w) out.push({ arn: w.arn, pattern: p.pattern, variables: w.variables, offCatalogue: true });
      }
    }
  }
  return out;
}

/** Whether the caller and the resource are in different accounts (both known). */
function crossAccount(d: Decision): boolean {
  const principal = d.request.principal?.account;
  return !!principal && !!d.request.resourceAccount && principal !== d.request.resourceAccount;
}

/**
 * Allow statements that apply or fail only on their Condition, for the groups that must allow.
 * Across accounts the resource-based policy must allow as well as the identity side
 * (reference_policies_evaluation-logic-cross-account.md), so an identity allow alone is no
 * candidate there: the resource grant is tried with it.
 */
function allowCandidates(trace: StatementTrace[], acrossAccounts = false): { required: StatementTrace[]; grants: StatementTrace[] } | null {
  const usable = (t: StatementTrace) => t.statement.effect === 'Allow' && (t.applies || failsOnlyOnCondition(t));
  const groups = new Map<string, StatementTrace[]>();
  for (const t of trace) {
    const key = `${t.role}\0${t.level ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const required: StatementTrace[] = [];
  // reference_policies_evaluation-logic.md: every SCP and RCP level, the boundary and the session
  // policies must allow, and the identity-based or the resource-based policies must.
  for (const [key, list] of groups) {
    const role = key.split('\0')[0];
    if (role !== 'scp' && role !== 'rcp' && role !== 'boundary' && role !== 'session' && role !== 'endpoint') continue;
    const first = list.find(usable);
    if (!first) return null;
    required.push(first);
  }
  const identity = (groups.get('identity\0') ?? []).filter(usable);
  const resource = (groups.get('resource\0') ?? []).filter(usable);
  if (acrossAccounts) {
    if (!identity.length || !resource.length) return null;
    return { required: [...required, identity[0]], grants: resource };
  }
  const grants = [...identity, ...resource];
  return grants.length ? { required, grants } : null;
}

/** Deny statements that apply or would apply under some context. */
function denyCandidates(trace: StatementTrace[]): StatementTrace[] {
  return trace.filter((t) => t.statement.effect === 'Deny' && (t.applies || failsOnlyOnCondition(t)));
}

function clausesOf(ts: StatementTrace[]): string {
  return [...new Set(ts.filter((t) => t.statement.conditions.length).map((t) => t.statement.conditions.map(formatClause).join(' and ')))].join(' or ');
}

function validate(actionPattern: string, resourcePattern: string | undefined, catalog: ServiceCatalog): string[] {
  let actions: string[];
  try {
    actions = typeof actionPattern === 'string' && actionPattern.includes(':') ? expandActionPattern(actionPattern, catalog) : [];
  } catch (e) {
    throw new PolicyValidationError([{ severity: 'error', code: 'bad-scope', message: (e as Error).message }], 'toNeverAllow');
  }
  if (!actions.length) {
    throw new PolicyValidationError(
      [
        {
          severity: 'error',
          code: 'bad-scope',
          message: `${JSON.stringify(actionPattern)} matches no action in the AWS service reference (write service:Action, wildcards allowed, e.g. "s3:Delete*")`,
        },
      ],
      'toNeverAllow',
    );
  }
  if (resourcePattern !== undefined && (typeof resourcePattern !== 'string' || (resourcePattern !== '*' && !resourcePattern.startsWith('arn:')))) {
    throw new PolicyValidationError(
      [{ severity: 'error', code: 'bad-scope', message: `resource pattern ${JSON.stringify(resourcePattern)} is not "*" nor an ARN pattern` }],
      'toNeverAllow',
    );
  }
  return actions;
}

/** Keys AWS derives from the caller: kept as they are while searching contexts. */
const PRINCIPAL_KEYS = /^aws:(principal|username$|userid$)/i;

/**
 * Checks that `set` allows no action matching `actionPattern` (expanded through the service
 * reference) on any resource matching `resourcePattern` (default: any resource), under any
 * request context, for the principal given or, without one, for no principal and for every
 * principal the policies name. Throws a {@link PolicyValidationError} when the pattern matches
 * no action.
 *
 * @example
 * const report = checkNeverAllow(set, 'rekognition:Delete*');
 * report.findings // [] when nothing could ever be allowed
 */
export function checkNeverAllow(set: PolicySet, actionPattern: string, resourcePattern?: string, options: NeverAllowOptions = {}): NeverAllowReport {
  const catalog = options.catalog ?? defaultCatalog();
  const actions = validate(actionPattern, resourcePattern, catalog);
  const patterns = resourcePatterns([set]);
  const given = options.context ?? {};
  const principals: (string | undefined)[] = options.principal !== undefined ? [options.principal] : [undefined, ...namedPrincipals(set)];
  const findings: Omit<NeverAllowFinding, 'moreResources'>[] = [];
  const decisions: Decision[] = [];
  let cells = 0;
  const inScope = (arn: string, variables: Record<string, string>) =>
    resourcePattern === undefined ||
    (arn === '*' ? resourcePattern === '*' : compileArnPattern(resourcePattern, false).match(arn, RequestContext.from(variables)) === true);

  for (const action of actions) {
    const { types } = actionResourceTypes(action, catalog);
    const service = action.slice(0, action.indexOf(':')).toLowerCase();
    const accept = (arn: string): { ok: true } | { ok: false; otherFormats: string[] } =>
      checkRequest(action, arn, catalog).length === 0
        ? { ok: true }
        : { ok: false, otherFormats: resourceTypesOfArn(arn, catalog.resourceTypesOf(service)).map((t) => t.arn) };
    for (const principal of principals) {
      const principalAccount = principal !== undefined ? parsePrincipal(principal)?.account : undefined;
      // A resource without an account in its ARN (S3) is taken to be in the caller's account, the
      // case where a resource-based policy alone can allow (reference_policies_evaluation-logic.md).
      const accountFor = (arn: string) =>
        options.resourceAccount ?? (set.resource?.length && principalAccount && !/^\d{12}$/.test(splitArn(arn)?.account ?? '') ? principalAccount : undefined);
      const request = (resource: string, context: ContextInput) => {
        const resourceAccount = accountFor(resource);
        return { action, resource, context, ...(principal !== undefined ? { principal } : {}), ...(resourceAccount ? { resourceAccount } : {}) };
      };
      const probe = evaluate(set, request('*', given));
      const known = (key: string) => probe.request.context.get(key)?.values[0];
      const plan = planWitnesses({
        trace: probe.trace,
        templates: types.map((t) => t.arn),
        ...(resourcePattern !== undefined ? { resourcePattern } : {}),
        account: principalAccount ?? DEFAULT_ACCOUNT,
        values: { known, assume: (key) => DEFAULT_STYLE.variable(key) },
        accept,
      });
      const candidates = new Map<string, Candidate>();
      for (const sample of [...samplesFor(action, patterns, resourcePattern, catalog), ...plan.resources]) {
        // An ARN for an action the reference gives no resource types is a request AWS does not
        // make; for any other action, only ARNs of its resource types are requests AWS makes.
        const r: Candidate = { ...sample, offCatalogue: sample.arn !== '*' && !types.length };
        if (r.arn !== '*' && types.length && !accept(r.arn).ok) continue;
        if (!inScope(r.arn, r.variables)) continue;
        const key = `${r.arn}\0${JSON.stringify(r.variables)}`;
        const have = candidates.get(key);
        if (!have || (have.offCatalogue && !r.offCatalogue)) candidates.set(key, r);
      }
      const fixed: Record<string, ContextInputValue> = {};
      if (principal !== undefined)
        for (const c of probe.request.context.all()) if (PRINCIPAL_KEYS.test(c.key) && !(c.key in given)) fixed[c.key] = c.multi ? c.values : c.values[0];
      for (const r of candidates.values()) {
        cells++;
        const f = judge(set, r, request, { ...fixed, ...given }, decisions);
        if (f) findings.push({ ...f, ...(principal !== undefined && options.principal === undefined ? { principal } : {}) });
      }
      for (const u of plan.undecided) {
        findings.push({
          kind: 'possible',
          action,
          resource: u.resource,
          ...(principal !== undefined && options.principal === undefined ? { principal } : {}),
          context: {},
          statements: u.statements,
          conditions: '',
          note: u.note,
        });
      }
    }
  }
  return { actions, principals, cellsChecked: cells, findings: mergeFindings(findings), decisions };
}

type RequestOf = (resource: string, context: ContextInput) => Parameters<typeof evaluate>[1];

/** Evaluates one candidate and, when it is denied, searches for a context that allows it. */
function judge(set: PolicySet, r: Candidate, request: RequestOf, given: ContextInput, decisions: Decision[]): Omit<NeverAllowFinding, 'moreResources'> | null {
  const baseContext = { ...given, ...r.variables };
  const d = evaluate(set, request(r.arn, baseContext));
  // A request AWS never makes is no decision to cover or cross-check.
  if (!r.offCatalogue) decisions.push(d);
  const finding = { action: d.request.action, resource: r.arn };
  const offNote = r.offCatalogue
    ? `the AWS service reference lists no resource types for ${d.request.action}, so AWS authorizes it on "*" only; a statement names it on this resource, which grants it only if the reference is out of date`
    : undefined;
  if (d.result === 'Allow') {
    const allows = d.deciding.filter((t) => t.statement.effect === 'Allow');
    const variableNote = Object.keys(r.variables).length ? `policy variables ${variablesText(r.variables)}` : '';
    const conditions = [variableNote, clausesOf(allows)].filter(Boolean).join(' and ');
    if (offNote) return { ...finding, kind: 'possible', context: { ...r.variables }, statements: allows.map(statementRef), conditions, note: offNote };
    return {
      ...finding,
      kind: variableNote ? 'conditional' : 'allowed',
      context: { ...r.variables },
      statements: allows.map(statementRef),
      conditions,
      decision: d,
    };
  }
  // A refusal the service makes whatever the context (RestrictPublicBuckets, an AWS-protected
  // resource) settles the request.
  if (d.serviceDenial && d.serviceDenial.code !== 'bpa-block-public-acls') return null;
  const candidates = allowCandidates(d.trace, crossAccount(d));
  if (!candidates) return null;
  const denies = denyCandidates(d.trace);
  const grantRefs = candidates.grants.map(statementRef);
  // Each granting statement is tried on its own: two Allows with contradicting conditions must
  // not hide that either one alone could allow.
  let tried: { witness: ConditionWitness; decision: Decision } | undefined;
  for (const grant of candidates.grants) {
    const witness = findConditionWitness([...candidates.required, grant], denies, RequestContext.from(baseContext));
    if (!witness) continue;
    const context = { ...baseContext, ...witness.context };
    const d2 = evaluate(set, request(r.arn, context as ContextInput));
    if (d2.result === 'Allow') {
      if (offNote)
        return {
          ...finding,
          kind: 'possible',
          context: { ...r.variables, ...witness.context },
          statements: [statementRef(grant)],
          conditions: clausesOf([grant]) || formatWitness(witness),
          note: offNote,
        };
      decisions.push(d2);
      return {
        ...finding,
        kind: 'conditional',
        context: { ...r.variables, ...witness.context },
        statements: [statementRef(grant)],
        conditions: clausesOf([...candidates.required, grant]) || formatWitness(witness),
        decision: d2,
      };
    }
    tried ??= { witness, decision: d2 };
  }
  if (!tried)
    return {
      ...finding,
      kind: 'possible',
      context: { ...r.variables },
      statements: grantRefs,
      conditions: clausesOf(candidates.grants),
      note: 'jest-iam found no sample value that satisfies every clause together',
    };
  // Denied although the allowing conditions hold: an unconditional Deny settles it.
  const blocking = tried.decision.result === 'ExplicitDeny' ? tried.decision.deciding : [];
  if (blocking.length && blocking.every((t) => t.statement.conditions.length === 0)) return null;
  const why = blocking.length
    ? `with ${formatWitness(tried.witness)} the request is denied by ${blocking.map(formatClauseOwner).join(', ')}, whose conditions jest-iam could not make false while keeping the allow`
    : `with ${formatWitness(tried.witness)} the request is still denied (${describeDecision(tried.decision)})`;
  return {
    ...finding,
    kind: 'possible',
    context: { ...r.variables, ...tried.witness.context },
    statements: grantRefs,
    conditions: clausesOf(candidates.grants),
    note: why,
  };
}

/** One finding per action, principal, kind, statements and conditions; the other resources listed in it. */
function mergeFindings(list: Omit<NeverAllowFinding, 'moreResources'>[]): NeverAllowFinding[] {
  const out = new Map<string, NeverAllowFinding>();
  for (const f of list) {
    const key = `${f.action}\0${f.principal ?? ''}\0${f.kind}\0${f.conditions}\0${f.note ?? ''}\0${f.statements.map((s) => `${s.file ?? s.policy}#${s.index}`).join(',')}`;
    const have = out.get(key);
    if (have) {
      if (f.resource !== have.resource && !have.moreResources.includes(f.resource)) have.moreResources.push(f.resource);
    } else out.set(key, { ...f, moreResources: [] });
  }
  return [...out.values()];
}

function formatClauseOwner(t: StatementTrace): string {
  const ref = statementRef(t);
  return `${ref.sid ? `statement ${ref.sid}` : `statement #${ref.index + 1}`} of ${ref.policy}`;
}
