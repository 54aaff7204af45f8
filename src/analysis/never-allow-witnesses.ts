/**
 * The resources a "never" check must try so that it cannot pass falsely: for every way the
 * policies could allow the action (one Allow statement of each policy group that must allow, and
 * one Resource value of each), an ARN that those Resource values match, that has one of the
 * action's ARN formats, and that no Deny statement's Resource matches, found by an exact search
 * ({@link searchArn}). IAM User Guide, reference_policies_evaluation-logic.md: a request is
 * allowed when an Allow applies in the identity-based or resource-based policies, in every SCP
 * and RCP level, and in the permissions boundary and session policies when present, and no Deny
 * applies. When such an ARN exists it is tried; when the search proves none exists, no resource
 * is allowed that way; when the search gives up, the check says "possible", never "pass".
 */

import type { StatementTrace } from '../engine/decision';
import type { PolicyStatement } from '../policy/policy-model';
import { arnWitness, DEFAULT_STYLE, fillPattern, sampleArn, UNUSUAL_STYLE } from './arn-witness';
import { searchArn, shapeMatches, shapeOfPattern, shapeOfTemplate, type ArnShape, type VariableSource } from './arn-search';
import type { SampleResource } from './sample-resources';
import { statementRef, type StatementRef } from '../explain/statement-ref';

/** A way the policies could be satisfied on the resource side. */
interface Choice {
  must: ArnShape[];
  mustNot: ArnShape[];
  statements: StatementTrace[];
}

/** What the search could not settle, reported as a possible allow. */
export interface UndecidedWitness {
  /** The patterns a resource would have to match, e.g. `arn:aws:s3:::bucket/*`. */
  resource: string;
  statements: StatementRef[];
  note: string;
}

export interface WitnessPlan {
  resources: SampleResource[];
  undecided: UndecidedWitness[];
}

export interface WitnessTarget {
  /**
   * The probe decision's trace (the action on `*` for this principal): every statement of every
   * policy group that takes part, with whether its Action and Principal match.
   */
  trace: StatementTrace[];
  /** ARN formats of the action's resource types; empty when the service reference lists none. */
  templates: string[];
  /** The resource pattern under test (`undefined` or `*`: any resource). */
  resourcePattern?: string;
  /** Account for sample ARNs whose account the patterns leave open. */
  account: string;
  /** Policy-variable values of the request, and values to assume for the others. */
  values: VariableSource;
  /** Whether the service reference accepts `arn` for the action; else the formats it has instead. */
  accept(arn: string): { ok: true } | { ok: false; otherFormats: string[] };
}

/** Most combinations of statements searched per action and principal. */
export const MAX_CHOICES = 1000;

const ELEMENTS_OF_REQUEST = new Set(['Action', 'NotAction', 'Principal', 'NotPrincipal']);

/** The statement names the action and the principal (its Resource and Condition are open). */
function reachesRequest(t: StatementTrace): boolean {
  return t.checks.every((c) => !ELEMENTS_OF_REQUEST.has(c.element) || c.matched);
}

function versioned(t: StatementTrace): boolean {
  return t.policy.version === '2012-10-17';
}

/** The resource-side ways an Allow statement can apply. */
function allowChoices(t: StatementTrace, values: VariableSource): Choice[] {
  const s: PolicyStatement = t.statement;
  if (s.resource) {
    return s.resource.map((r) => {
      const shape = shapeOfPattern(r.value, versioned(t), values);
      return { must: shape === 'any' ? [] : [shape], mustNot: [], statements: [t] };
    });
  }
  if (s.notResource) {
    const shapes = s.notResource.map((r) => shapeOfPattern(r.value, versioned(t), values));
    // reference_policies_elements_notresource.md: NotResource "*" leaves no resource.
    if (shapes.includes('any')) return [];
    return [{ must: [], mustNot: shapes as ArnShape[], statements: [t] }];
  }
  // A trust policy has no Resource: the role it is attached to is the resource.
  return [{ must: [], mustNot: [], statements: [t] }];
}

/** How a Deny statement limits the resource: patterns to avoid, or one of some to match. */
type DenyLimit = { avoid: ArnShape[] } | { matchOneOf: ArnShape[] } | 'everything' | 'nothing';

function denyLimit(t: StatementTrace, values: VariableSource): DenyLimit {
  const s = t.statement;
  if (s.resource) {
    const shapes = s.resource.map((r) => shapeOfPattern(r.value, versioned(t), values));
    return shapes.includes('any') ? 'everything' : { avoid: shapes as ArnShape[] };
  }
  if (s.notResource) {
    const shapes = s.notResource.map((r) => shapeOfPattern(r.value, versioned(t), values));
    // To escape a Deny with NotResource, the resource must be one it lists.
    return shapes.includes('any') ? 'nothing' : { matchOneOf: shapes as ArnShape[] };
  }
  return 'everything';
}

/** The cartesian product of choice lists, merged, at most `limit` (null past it). */
function product(lists: Choice[][], limit: number): Choice[] | null {
  let out: Choice[] = [{ must: [], mustNot: [], statements: [] }];
  for (const list of lists) {
    const next: Choice[] = [];
    for (const a of out)
      for (const b of list) {
        next.push({ must: [...a.must, ...b.must], mustNot: [...a.mustNot, ...b.mustNot], statements: [...a.statements, ...b.statements] });
        if (next.length > limit) return null;
      }
    out = next;
  }
  return out;
}

/** Shapes without repeats (by source and assumed variables). */
function distinct(shapes: ArnShape[]): ArnShape[] {
  const seen = new Map<string, ArnShape>();
  for (const s of shapes) seen.set(`${s.source}\0${JSON.stringify(s.variables)}`, s);
  return [...seen.values()];
}

/** Readable candidates first: the sample names reports use, checked against every shape. */
function readableCandidates(must: ArnShape[], template: string | undefined): string[] {
  const out: string[] = [];
  for (const style of [DEFAULT_STYLE, UNUSUAL_STYLE]) {
    for (const m of must) {
      if (!m.pattern) continue;
      const w = template
        ? arnWitness(m.pattern.text, template, { variables: m.pattern.variables, style })
        : fillPattern(m.pattern.text, { variables: m.pattern.variables, style });
      if (w) out.push(w.arn);
    }
    if (template) out.push(sampleArn(template, style));
  }
  return out;
}

/** Shapes that pin partition, region and account to realistic values, tried before none. */
function realism(account: string): ArnShape[][] {
  const pin = (text: string) => shapeOfPattern(text, false, { known: () => undefined, assume: () => '' }) as ArnShape;
  return [[pin(`arn:aws:*:us-east-1:${account}:*`)], [pin(`arn:aws:*:*:${account}:*`)], [pin('arn:aws:*:us-east-1:*:*')], [pin('arn:aws:*')], []];
}

type Found = { kind: 'found'; arn: string } | { kind: 'none' } | { kind: 'gave-up' };

/** An ARN for one choice within one format (or none), readable when possible. */
function findArn(target: WitnessTarget, must: ArnShape[], mustNot: ArnShape[], template: string | undefined): Found {
  const fits = (arn: string) => must.every((s) => shapeMatches(s, arn)) && !mustNot.some((s) => shapeMatches(s, arn));
  const withFormat = template ? [...must, shapeOfTemplate(template)] : must;
  for (const arn of readableCandidates(must, template)) if (fits(arn) && (!template || target.accept(arn).ok)) return { kind: 'found', arn };
  let avoid = mustNot;
  // The service reference reads a few ARNs of one format as another, more specific type; those
  // types are excluded and the search repeated.
  for (let round = 0; round < 3; round++) {
    const exact = searchArn(withFormat, avoid);
    if (exact.kind !== 'found') return exact;
    let arn = exact.arn;
    for (const pins of realism(target.account)) {
      const nicer = pins.length ? searchArn([...withFormat, ...pins], avoid) : exact;
      if (nicer.kind === 'found') {
        arn = nicer.arn;
        break;
      }
    }
    if (!template) return { kind: 'found', arn };
    const verdict = target.accept(arn);
    if (verdict.ok) return { kind: 'found', arn };
    avoid = [...avoid, ...verdict.otherFormats.map(shapeOfTemplate)];
  }
  return { kind: 'gave-up' };
}

/**
 * The witness resources for one action and principal. Resources are returned with the
 * policy-variable values they assume; `undecided` lists what the search could not settle.
 */
export function planWitnesses(target: WitnessTarget): WitnessPlan {
  const { values } = target;
  const reaching = target.trace.filter(reachesRequest);
  const groups = new Map<string, StatementTrace[]>();
  for (const t of reaching) {
    if (t.statement.effect !== 'Allow') continue;
    const key = t.role === 'identity' || t.role === 'resource' ? 'grant' : `${t.role}\0${t.level ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  // Every SCP and RCP level, the boundary and the session policies that take part must allow.
  const required = new Set(target.trace.filter((t) => t.role !== 'identity' && t.role !== 'resource').map((t) => `${t.role}\0${t.level ?? ''}`));
  const allowLists: Choice[][] = [];
  for (const key of ['grant', ...required]) {
    const list = (groups.get(key) ?? []).flatMap((t) => allowChoices(t, values));
    if (!list.length) return { resources: [], undecided: [] };
    allowLists.push(list);
  }
  const scope = target.resourcePattern && target.resourcePattern !== '*' ? shapeOfPattern(target.resourcePattern, false, values) : 'any';
  const denies = reaching.filter((t) => t.statement.effect === 'Deny');
  // Tier 1 avoids every Deny; tier 2 only those that apply whatever the context (no Condition):
  // a resource only conditional Denies cover is still tried, and the context search decides.
  const tiers = [denies, denies.filter((t) => t.statement.conditions.length === 0)];
  const resources = new Map<string, SampleResource>();
  const undecided: UndecidedWitness[] = [];
  const templates: (string | undefined)[] = target.templates.length ? target.templates : [undefined];

  const choicesOf = (tier: StatementTrace[]): Choice[] | null | 'none' => {
    const limits = tier.map((t) => denyLimit(t, values));
    if (limits.includes('everything')) return 'none';
    const avoid = limits.flatMap((l) => (typeof l === 'object' && 'avoid' in l ? l.avoid : []));
    const oneOf = limits.flatMap((l) =>
      typeof l === 'object' && 'matchOneOf' in l ? [l.matchOneOf.map((m) => ({ must: [m], mustNot: [], statements: [] }))] : [],
    );
    const all = product([...allowLists, ...oneOf], MAX_CHOICES);
    return all && all.map((c) => ({ ...c, mustNot: [...c.mustNot, ...avoid] }));
  };
  const tierChoices = tiers.map(choicesOf);

  // Choices are compared on their allow side: tier 2 is searched only where tier 1 found nothing.
  const allowKey = (c: Choice) => c.statements.map((t) => `${t.policy.name}#${t.statement.index}`).join(',') + '\0' + c.must.map((m) => m.source).join(',');
  const settled = new Set<string>();
  for (const choices of tierChoices) {
    if (choices === 'none') continue;
    if (choices === null) {
      undecided.push({
        resource: target.resourcePattern ?? '*',
        statements: [],
        note: `more than ${MAX_CHOICES} combinations of Allow and Deny resource patterns: jest-iam could not search them all`,
      });
      break;
    }
    for (const c of choices) {
      const k = allowKey(c);
      if (settled.has(k)) continue;
      const must = distinct(scope === 'any' ? c.must : [...c.must, scope]);
      const mustNot = distinct(c.mustNot);
      // Without a format (an action the reference gives no resource types), "*" is the request,
      // and only Resource values that name ARNs are searched.
      if (!target.templates.length && !c.must.some((m) => m.source.startsWith('arn:'))) {
        settled.add(k);
        continue;
      }
      let gaveUp = false;
      let found = false;
      for (const template of templates) {
        const r = findArn(target, must, mustNot, template);
        if (r.kind === 'gave-up') gaveUp = true;
        if (r.kind !== 'found') continue;
        found = true;
        const variables = Object.assign({}, ...must.map((m) => m.variables), ...mustNot.map((m) => m.variables)) as Record<string, string>;
        const key = `${r.arn}\0${JSON.stringify(variables)}`;
        if (!resources.has(key)) resources.set(key, { arn: r.arn, variables, ...(c.must[0]?.pattern ? { pattern: c.must[0].pattern.text } : {}) });
      }
      if (found) settled.add(k);
      else if (gaveUp) {
        settled.add(k);
        undecided.push({
          resource: must.map((m) => m.source).join(' and ') || target.templates.join(' or ') || '*',
          statements: c.statements.filter((t) => t.role === 'identity' || t.role === 'resource').map(statementRef),
          note: `jest-iam could not decide whether some resource matching ${must.map((m) => m.source).join(' and ') || 'any pattern'} escapes ${mustNot.map((m) => m.source).join(', ')} (search limit reached)`,
        });
      }
    }
  }
  return { resources: [...resources.values()], undecided };
}
