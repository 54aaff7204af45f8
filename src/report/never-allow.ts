import { defaultCatalog, expandActionPattern, type ServiceCatalog } from '../catalog';
import type { Decision, StatementTrace } from '../engine/decision';
import { evaluate } from '../engine/evaluate';
import type { PolicySet } from '../engine/policy-set';
import { RequestContext, type ContextInput } from '../engine/request-context';
import { compileActionPattern } from '../match/action';
import { compileArnPattern } from '../match/arn';
import { PolicyValidationError } from '../policy/policy-issue';
import { arnWitness, DEFAULT_STYLE, fillPattern, UNUSUAL_STYLE } from './arn-witness';
import { failsOnlyOnCondition, formatClause } from './cell-outcome';
import { findConditionWitness, formatWitness } from './condition-witness';
import { resourcePatterns, type ResourcePattern } from './policy-patterns';
import { actionResourceTypes, sampleResources, type SampleResource } from './sample-resources';
import { statementRef, type StatementRef } from './statement-ref';
import { variablesText } from './access-matrix';

/**
 * "This policy set never allows X": checked over every action of the service reference that
 * the pattern matches, and every class of resource the policies tell apart, with the request
 * context left open where a Condition could make the difference.
 *
 * Why a finite set of resources suffices: the evaluator looks at a resource only through the
 * Resource / NotResource patterns of the statements (and the keys derived from it), so two
 * resources matched by the same patterns get the same decision. Each pattern is intersected with
 * each of the action's ARN formats (and with the pattern under test) and one ARN of each
 * intersection is tried, in two spellings: one with ordinary sample names and one with names no
 * policy spells out (`jest-iam-other-...`), which lands outside Deny statements that name
 * particular resources.
 */

/** How a never-allowed request could be allowed after all. */
export type NeverAllowKind = 'allowed' | 'conditional' | 'possible';

export interface NeverAllowFinding {
  /**
   * `allowed`: allowed with the request context given; `conditional`: allowed with the context
   * in `context` (condition keys set or left out); `possible`: an Allow statement matches all but
   * its Condition and jest-iam found no context that both satisfies it and avoids every Deny.
   */
  kind: NeverAllowKind;
  action: string;
  resource: string;
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
  /** Requests evaluated (action x resource, before any context search). */
  cellsChecked: number;
  findings: NeverAllowFinding[];
}

export interface NeverAllowOptions {
  /** Who asks (an ARN or account id). */
  principal?: string;
  /** Condition keys every request has; keys not given here are free for the search. */
  context?: ContextInput;
  /** Account that owns the resources, when their ARNs do not say. */
  resourceAccount?: string;
  catalog?: ServiceCatalog;
}

/** Resources to try for one action. */
function resourcesFor(action: string, patterns: ResourcePattern[], resourcePattern: string | undefined, catalog: ServiceCatalog): SampleResource[] {
  const styles = [DEFAULT_STYLE, UNUSUAL_STYLE];
  const out = new Map<string, SampleResource>();
  const add = (r: SampleResource) => out.set(`${r.arn}\0${JSON.stringify(r.variables)}`, r);
  const inScope = (arn: string, ctx: RequestContext) => resourcePattern === undefined || (arn === '*' ? resourcePattern === '*' : compileArnPattern(resourcePattern, false).match(arn, ctx) === true);
  if (resourcePattern !== undefined && resourcePattern !== '*') {
    if (!/[*?]/.test(resourcePattern)) add({ arn: resourcePattern, variables: {} });
    const { types } = actionResourceTypes(action, catalog);
    for (const style of styles) {
      for (const t of types) {
        const w = arnWitness(resourcePattern, t.arn, { variables: false, style });
        if (w) add({ arn: w.arn, type: t.key, variables: {} });
      }
      // The pattern under test read as a format, intersected with each policy pattern.
      for (const p of patterns) {
        const w = arnWitness(p.pattern, resourcePattern, { variables: p.variables, style });
        if (w) add({ arn: w.arn, pattern: p.pattern, variables: w.variables });
      }
      const filled = fillPattern(resourcePattern, { variables: false, style });
      if (filled) add({ arn: filled.arn, variables: {} });
    }
  } else {
    for (const r of sampleResources(action, patterns, { catalog, styles })) add(r);
    // Patterns of statements that name this action, whatever the catalogue says of its types:
    // a stale or incomplete reference must not hide an allow.
    for (const p of patterns) {
      if (!p.actions.some((a) => compileActionPattern(a).test(action))) continue;
      for (const style of styles) {
        const w = fillPattern(p.pattern, { variables: p.variables, style });
        if (w) add({ arn: w.arn, pattern: p.pattern, variables: w.variables });
      }
    }
  }
  return [...out.values()].filter((r) => inScope(r.arn, RequestContext.from(r.variables)));
}

/** Allow statements that apply or fail only on their Condition, for the groups that must allow. */
function allowCandidates(trace: StatementTrace[]): StatementTrace[] | null {
  const usable = (t: StatementTrace) => t.statement.effect === 'Allow' && (t.applies || failsOnlyOnCondition(t));
  const groups = new Map<string, StatementTrace[]>();
  for (const t of trace) {
    const key = `${t.role}\0${t.level ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const chosen: StatementTrace[] = [];
  // reference_policies_evaluation-logic.md: every SCP level, the boundary and the session
  // policies must allow, and the identity-based or the resource-based policies must.
  for (const [key, list] of groups) {
    const role = key.split('\0')[0];
    if (role !== 'scp' && role !== 'boundary' && role !== 'session') continue;
    const first = list.find(usable);
    if (!first) return null;
    chosen.push(first);
  }
  const grant = [...(groups.get('identity\0') ?? []), ...(groups.get('resource\0') ?? [])].filter(usable);
  if (!grant.length) return null;
  return [...chosen, ...grant];
}

/** Deny statements that apply or would apply under some context. */
function denyCandidates(trace: StatementTrace[]): StatementTrace[] {
  return trace.filter((t) => t.statement.effect === 'Deny' && (t.applies || failsOnlyOnCondition(t)));
}

function clausesOf(ts: StatementTrace[]): string {
  return [...new Set(ts.filter((t) => t.statement.conditions.length).map((t) => t.statement.conditions.map(formatClause).join(' and ')))].join(' or ');
}

/**
 * Checks that `set` allows no action matching `actionPattern` (expanded through the service
 * reference) on any resource matching `resourcePattern` (default: any resource), under any
 * request context. Throws a {@link PolicyValidationError} when the pattern matches no action.
 *
 * @example
 * const report = checkNeverAllow(set, 'rekognition:Delete*');
 * report.findings // [] when nothing could ever be allowed
 */
export function checkNeverAllow(set: PolicySet, actionPattern: string, resourcePattern?: string, options: NeverAllowOptions = {}): NeverAllowReport {
  const catalog = options.catalog ?? defaultCatalog();
  let actions: string[];
  try {
    actions = typeof actionPattern === 'string' && actionPattern.includes(':') ? expandActionPattern(actionPattern, catalog) : [];
  } catch (e) {
    throw new PolicyValidationError([{ severity: 'error', code: 'bad-scope', message: (e as Error).message }], 'toNeverAllow');
  }
  if (!actions.length) {
    throw new PolicyValidationError(
      [{ severity: 'error', code: 'bad-scope', message: `${JSON.stringify(actionPattern)} matches no action in the AWS service reference (write service:Action, wildcards allowed, e.g. "s3:Delete*")` }],
      'toNeverAllow',
    );
  }
  if (resourcePattern !== undefined && (typeof resourcePattern !== 'string' || (resourcePattern !== '*' && !resourcePattern.startsWith('arn:')))) {
    throw new PolicyValidationError([{ severity: 'error', code: 'bad-scope', message: `resource pattern ${JSON.stringify(resourcePattern)} is not "*" nor an ARN pattern` }], 'toNeverAllow');
  }
  const patterns = resourcePatterns([set]);
  const given = options.context ?? {};
  const findings: Omit<NeverAllowFinding, 'moreResources'>[] = [];
  let cells = 0;
  for (const action of actions) {
    for (const r of resourcesFor(action, patterns, resourcePattern, catalog)) {
      cells++;
      const base = { action, resource: r.arn, ...(options.principal ? { principal: options.principal } : {}), ...(options.resourceAccount ? { resourceAccount: options.resourceAccount } : {}) };
      const baseContext = { ...given, ...r.variables };
      const d = evaluate(set, { ...base, context: baseContext });
      const finding = { action, resource: r.arn };
      if (d.result === 'Allow') {
        const allows = d.deciding.filter((t) => t.statement.effect === 'Allow');
        const variableNote = Object.keys(r.variables).length ? `policy variables ${variablesText(r.variables)}` : '';
        findings.push({
          ...finding,
          kind: variableNote ? 'conditional' : 'allowed',
          context: { ...r.variables },
          statements: allows.map(statementRef),
          conditions: [variableNote, clausesOf(allows)].filter(Boolean).join(' and '),
          decision: d,
        });
        continue;
      }
      const grant = allowCandidates(d.trace);
      if (!grant) continue;
      const denies = denyCandidates(d.trace);
      const witness = findConditionWitness(grant, denies, RequestContext.from(baseContext));
      const grantRefs = grant.filter((t) => t.role === 'identity' || t.role === 'resource').map(statementRef);
      if (witness) {
        const context = { ...baseContext, ...witness.context };
        const d2 = evaluate(set, { ...base, context: context as ContextInput });
        if (d2.result === 'Allow') {
          findings.push({ ...finding, kind: 'conditional', context: { ...r.variables, ...witness.context }, statements: grantRefs, conditions: clausesOf(grant) || formatWitness(witness), decision: d2 });
          continue;
        }
        // Denied although the allowing conditions hold: an unconditional Deny settles it.
        const blocking = d2.result === 'ExplicitDeny' ? d2.deciding : [];
        if (blocking.length && blocking.every((t) => t.statement.conditions.length === 0)) continue;
        const why = blocking.length
          ? `with ${formatWitness(witness)} the request is denied by ${blocking.map((t) => formatClauseOwner(t)).join(', ')}, whose conditions jest-iam could not make false while keeping the allow`
          : `with ${formatWitness(witness)} the request is still denied (${d2.summary})`;
        findings.push({ ...finding, kind: 'possible', context: { ...r.variables, ...witness.context }, statements: grantRefs, conditions: clausesOf(grant), note: why });
      } else {
        findings.push({ ...finding, kind: 'possible', context: { ...r.variables }, statements: grantRefs, conditions: clausesOf(grant), note: 'jest-iam found no sample value that satisfies every clause together' });
      }
    }
  }
  return { actions, cellsChecked: cells, findings: mergeFindings(findings) };
}

/** One finding per action, kind, statements and conditions; the other resources listed in it. */
function mergeFindings(list: Omit<NeverAllowFinding, 'moreResources'>[]): NeverAllowFinding[] {
  const out = new Map<string, NeverAllowFinding>();
  for (const f of list) {
    const key = `${f.action}\0${f.kind}\0${f.conditions}\0${f.statements.map((s) => `${s.file ?? s.policy}#${s.index}`).join(',')}`;
    const have = out.get(key);
    if (have) have.moreResources.push(f.resource);
    else out.set(key, { ...f, moreResources: [] });
  }
  return [...out.values()];
}

function formatClauseOwner(t: StatementTrace): string {
  const ref = statementRef(t);
  return `${ref.sid ? `statement ${ref.sid}` : `statement #${ref.index + 1}`} of ${ref.policy}`;
}
