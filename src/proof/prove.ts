/**
 * The decision procedure. A question names policy sets, a domain of requests (actions, a
 * resource pattern, principals, fixed context keys) and what counts as a bad outcome (an Allow;
 * an Allow the baseline does not grant; two different answers). The answer is PROVED (no request
 * of the domain is bad), COUNTEREXAMPLE (concrete requests, each decided by `evaluate()`), or
 * UNKNOWN with the reason.
 *
 * How: per action and principal, the requests of the domain are cut into finitely many regions,
 * one representative request per region is decided by `evaluate()`, and the region is bad exactly
 * when its representative is. That is sound because `evaluate()` is constant on every region:
 * - it reads the action only through the Action / NotAction patterns (fixed per action) and the
 *   action's service (KMS key policies, trust policies for sts:AssumeRole*, RCP support);
 * - it reads the resource only through the Resource / NotResource patterns of the statements
 *   whose action admits the request's action (engine/evaluate.ts `applyingIn`), through the
 *   `:key/` and `:role/` tests of `resourcePolicyRequired`, and through the protected-resource
 *   sets of engine/service-enforced; a region of resources is one Venn
 *   cell of exactly those patterns (string-automaton.ts), inside the domain's pattern and the ARN
 *   shape. The resource account is fixed per question, so the ARN's account part matters only
 *   through the patterns;
 * - it reads each condition key only through the clauses on it (and aws:PrincipalArn through the
 *   service-linked role test of organisation scope, the S3 ACL headers through Block Public
 *   Access, whose sets become class boundaries too); the values of a region lie in one class of
 *   value-classes.ts, whose boundaries are exactly the clauses' literals;
 * - the principal is one of the finitely many of the domain, and the keys derived from it stay
 *   as `normalizeRequest` derives them.
 * Every policy literal is therefore a region boundary and nothing else changes a decision.
 * Whatever falls outside (policy variables whose value comes from a free key, Binary operators,
 * keys compared by two operator families, too many regions) is UNKNOWN, after a search for a
 * counterexample with the variables set to sample values: never PROVED on a guess.
 */

import type { Decision } from '../engine/decision';
import { evaluate } from '../engine/evaluate';
import { compilePolicy, statementsForAction, type CompiledStatement } from '../engine/compile-policy';
import { normalizeRequest, type AccessRequest, type NormalizedRequest } from '../request/access-request';
import type { ContextInput } from '../request/request-context';
import { RequestContext } from '../request/request-context';
import { parsePrincipal } from '../request/principal';
import { supportsRcps } from '../catalog/service-catalog';
import type { Policy } from '../policy/policy-model';
import type { PolicySet } from '../policy/policy-set';
import { parseTemplate } from '../match/policy-variables';
import { DEFAULT_ACCOUNT } from '../analysis/never-allow-principals';
import { blockPublicAclsReads, PUBLIC_ACL_READS, restrictsPublicBucket, withoutRestrictPublicBuckets } from '../engine/service-enforced/block-public-access';
import { protectedRulesFor } from '../engine/service-enforced/aws-protected';
import { carriesResourceAccount, needsNoPermission } from '../request/action-exceptions';
import {
  ARN_SHAPE,
  caseInsensitiveLiteral,
  globPattern,
  patternCells,
  patternMatches,
  ProofUnknown,
  type PatternCell,
  type StringPattern,
} from './string-automaton';
import { modelResourcePattern, type ModelledPattern } from './resource-patterns';
import { keyClause, keyOptions, valueClasses, type KeyClause } from './value-classes';

export type ProofVerdict = 'PROVED' | 'COUNTEREXAMPLE' | 'UNKNOWN';

/** The requests a question is about. */
export interface ProofDomain {
  /** Actions, as the service reference spells them. */
  actions: readonly string[];
  /** Resources: an ARN pattern with `*` and `?`, or `*` (default) for every resource. */
  resourcePattern?: string;
  /** Who asks; `undefined` in the list means no principal (its keys left free). */
  principals: readonly (string | undefined)[];
  /** Condition keys every request of the domain has (fixed); every other key is free. */
  context?: ContextInput;
  /** Account owning the resources; default: the caller's, else 111122223333. `aws:ResourceAccount` is free unless given. */
  resourceAccount?: string;
}

/** A request of the domain whose outcome is bad, with every set's decision. */
export interface ProofWitness {
  request: AccessRequest;
  decisions: Decision[];
  /** The region it stands for: action, resource cell (the patterns it matches) and condition classes. */
  region: ProofRegion;
}

export interface ProofRegion {
  action: string;
  principal?: string;
  /** Resource patterns of the policies that the region's resources match (the others they do not). */
  resourcePatterns: string[];
  /** Condition keys the region sets (`null`: absent) with the witness values. */
  context: Record<string, string | string[] | null>;
}

export interface ProofResult {
  verdict: ProofVerdict;
  /** Bad requests found (the first, or every region's when `all`). */
  witnesses: ProofWitness[];
  /** Why parts of the domain were not decided (verdict UNKNOWN), one per action and principal. */
  unknown: { action: string; principal?: string; reason: string }[];
  /** Regions decided by evaluate(). */
  regions: number;
}

export interface ProofOptions {
  /** Every bad region (diff --prove), not only the first. */
  all?: boolean;
  /** Most regions per action and principal before the answer is UNKNOWN. */
  maxRegions?: number;
}

export const DEFAULT_MAX_REGIONS = 20_000;

/** Keys derived from the principal that stay as derived (reference_policies_condition-keys.md). */
const PRINCIPAL_KEYS = [
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:username',
  'aws:userid',
  'aws:principalisawsservice',
  'aws:principalservicename',
];

interface Group {
  policies: Policy[];
}

function groupsOf(set: PolicySet): Group[] {
  return [
    { policies: set.identity },
    { policies: [...(set.resource ?? []), ...(set.trust ? [set.trust] : [])] },
    ...(set.boundary ? [{ policies: [set.boundary] }] : []),
    ...(set.scps ?? []).map((l) => ({ policies: l.policies })),
    ...(set.rcps ?? []).map((l) => ({ policies: l.policies })),
    { policies: set.session ?? [] },
    { policies: set.endpoint ?? [] },
  ];
}

/** Statements of every set whose Action / NotAction admit the action: the only ones evaluate() reads. */
function relevantStatements(sets: readonly PolicySet[], req: NormalizedRequest): CompiledStatement[] {
  const out: CompiledStatement[] = [];
  for (const set of sets)
    for (const g of groupsOf(set)) for (const p of g.policies) out.push(...statementsForAction(compilePolicy(p), req.action, req.service));
  return out;
}

/**
 * The statements that can apply to some resource of the domain. A statement with a `Resource`
 * element applies only to the resources one of its patterns matches
 * (reference_policies_elements_resource.md), so when none of them meets the domain's pattern it
 * never applies to a request of the domain and its conditions decide nothing there. Patterns
 * with policy variables are kept (their value depends on the request).
 */
function withinResources(statements: CompiledStatement[], rp: string | undefined, ctx: RequestContext): CompiledStatement[] {
  if (rp === undefined || rp === '*') return statements;
  const domain = [ARN_SHAPE, modelResourcePattern(rp, false, ctx).model];
  const meets = new Map<string, boolean>();
  return statements.filter((cs) => {
    const resources = cs.statement.resource;
    if (!resources || cs.statement.notResource) return true;
    const variables = cs.policy.version === '2012-10-17';
    return resources.some((r) => {
      const id = `${variables}\0${r.value}`;
      let m = meets.get(id);
      if (m === undefined) {
        const model = modelResourcePattern(r.value, variables, ctx, true);
        m = model.variables.length > 0 || patternCells([model.model], domain).some((c) => c.matches[0]);
        meets.set(id, m);
      }
      return m;
    });
  });
}

interface Plan {
  resources: { witness: string; patterns: string[] }[];
  keys: { key: string; options: (string | string[] | null)[] }[];
  /** Free keys read as policy variables: the plan holds for sampled values only. */
  variableKeys: string[];
}

/** Builds the regions of one action and principal. Throws ProofUnknown when outside the fragment. */
function planRegions(
  sets: readonly PolicySet[],
  domain: ProofDomain,
  probe: NormalizedRequest,
  fixedKeys: Set<string>,
  sampled: Record<string, string | null>,
): Plan {
  const ctx = probe.context;
  const rp = domain.resourcePattern;
  const statements = withinResources(relevantStatements(sets, probe), rp, ctx);
  const free = (key: string) => !fixedKeys.has(key.toLowerCase()) && !(key.toLowerCase() in sampled);
  const variableKeys = new Set<string>();
  // Resource cells.
  const modelled: ModelledPattern[] = [];
  const seenSources = new Set<string>();
  for (const cs of statements) {
    const variables = cs.policy.version === '2012-10-17';
    for (const r of [...(cs.statement.resource ?? []), ...(cs.statement.notResource ?? [])]) {
      const id = `${variables}\0${r.value}`;
      if (seenSources.has(id)) continue;
      seenSources.add(id);
      const m = modelResourcePattern(r.value, variables, ctx, true);
      for (const k of m.variables) if (free(k)) variableKeys.add(k);
      modelled.push(m);
    }
    for (const c of cs.statement.conditions)
      for (const v of c.values)
        for (const part of parseTemplate(v.value, { variables, wildcards: false }).parts)
          if (part.kind === 'var' && free(part.key)) variableKeys.add(part.key.toLowerCase());
  }
  const special: StringPattern[] = [];
  if (probe.service === 'kms') special.push(globPattern('*:key/*', true));
  if (/^sts:assumerole/i.test(probe.action)) special.push(globPattern('*:role/*', true));
  // engine/service-enforced/aws-protected.ts: refusals on AWS managed policies, service-linked
  // and IAM Identity Center roles and AWS managed KMS aliases read the resource through these
  // sets; each is a union of the patterns below, so they are region boundaries too.
  const arnOf = (service: string, account: string, resource: string) => modelResourcePattern(`arn:*:${service}:*:${account}:${resource}`, false, ctx).model;
  // Each rule refuses only IAM actions or the KMS alias actions, so other actions need none of them.
  if (probe.service === 'iam')
    special.push(
      arnOf('iam', 'aws', 'policy/*'),
      arnOf('iam', '*', 'role/aws-service-role/*'),
      arnOf('iam', '*', 'role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_*'),
      arnOf('iam', '*', 'role/aws-reserved/sso.amazonaws.com/?*/AWSReservedSSO_*'),
    );
  if (/^kms:(create|update|delete)alias$/i.test(probe.action)) special.push(arnOf('kms', '*', 'alias/aws/*'));
  // AWS managed keys the policy set names (`awsManagedKeys`): each key ARN is a literal boundary.
  if (probe.service === 'kms') for (const x of sets) for (const k of x.awsManagedKeys ?? []) special.push(globPattern(k, false));
  const within: StringPattern[] = [ARN_SHAPE];
  if (rp !== undefined && rp !== '*') within.push(modelResourcePattern(rp, false, ctx).model);
  const patterns = [...modelled.map((m) => m.model), ...special];
  const cells = patternCells(patterns, within);
  const resources: Plan['resources'] = [];
  const domainEngine = rp !== undefined && rp !== '*' ? modelResourcePattern(rp, false, ctx).engine : undefined;
  for (const found of cells) {
    // A request names a real account: the shortest string of a cell may not (arn::kms::key/:x).
    const cell = requestWitness(found, patterns, within, probe.service);
    if (!cell) continue;
    // The model must agree with the engine's matcher on every witness (else: a prover defect, UNKNOWN).
    modelled.forEach((m, i) => {
      const engine = m.engine.match(cell.witness, ctx) === true;
      if (engine !== cell.matches[i])
        throw new ProofUnknown(`internal: the model of Resource ${JSON.stringify(m.source)} disagrees with the engine on ${JSON.stringify(cell.witness)}`);
    });
    if (domainEngine && domainEngine.match(cell.witness, ctx) !== true) throw new ProofUnknown('internal: a resource witness is outside the resource pattern');
    resources.push({ witness: cell.witness, patterns: modelled.filter((_, i) => cell.matches[i]).map((m) => m.source) });
  }
  // The resource "*": requests for actions without resource-level permissions (its own region).
  if (rp === undefined || rp === '*')
    resources.push({ witness: '*', patterns: modelled.filter((m) => m.engine.match('*', ctx) === true).map((m) => m.source) });

  // Condition keys: every clause on a free key, grouped by the key (names are case-insensitive).
  const byKey = new Map<string, { key: string; clauses: KeyClause[] }>();
  for (const cs of statements)
    for (const c of cs.statement.conditions) {
      if (!free(c.key)) continue;
      const k = c.key.toLowerCase();
      const entry = byKey.get(k) ?? { key: c.key, clauses: [] };
      entry.clauses.push(keyClause(c, cs.policy.version));
      byKey.set(k, entry);
    }
  const extra = new Map<string, StringPattern[]>();
  // engine/service-enforced/block-public-access.ts. RestrictPublicBuckets reads whether the
  // bucket policy is public (fixed per set) and who calls from which account (fixed per
  // principal and question): constant on every region. BlockPublicAcls reads the ACL headers
  // of the ACL-setting actions, through a canned ACL compared without case and grantee groups
  // anywhere in a grant value: those sets are boundaries of the keys' classes, every subset of
  // classes is tried (a list is public when any value is), and the keys count even when no
  // Condition names them.
  const setKeys = new Set<string>();
  const publicOnly = new Map<string, string>();
  if (probe.service === 's3' && sets.some((x) => blockPublicAclsReads(x, probe.action))) {
    const canned = PUBLIC_ACL_READS.cannedAclKey;
    const reads: [string, StringPattern[]][] = [
      [canned, PUBLIC_ACL_READS.publicCannedAcls.map((a) => caseInsensitiveLiteral(a))],
      ...PUBLIC_ACL_READS.grantKeys.map((k): [string, StringPattern[]] => [
        k,
        PUBLIC_ACL_READS.publicGroups.map((g) => globPattern(`*${g.replace(/[*?]/g, '')}*`, true)),
      ]),
    ];
    // A key no Condition reads matters only through "is it public", and the grant keys only
    // together ("any of them public"): one unread grant key stands for all the unread ones.
    let unreadGrant = false;
    for (const [k, patterns] of reads) {
      if (!free(k)) continue;
      const read = byKey.has(k);
      if (!read && k !== canned) {
        if (unreadGrant) continue;
        unreadGrant = true;
      }
      extra.set(k, patterns);
      setKeys.add(k);
      if (!read) {
        byKey.set(k, { key: k, clauses: [] });
        publicOnly.set(k, k === canned ? PUBLIC_ACL_READS.publicCannedAcls[0] : `uri=http://${PUBLIC_ACL_READS.publicGroups[0]}`);
      }
    }
  }
  // engine/evaluate.ts organisationScope: SCPs and RCPs do not apply to service-linked roles, read from aws:PrincipalArn.
  if (sets.some((s) => s.scps?.length || s.rcps?.length) && free('aws:PrincipalArn')) {
    extra.set('aws:principalarn', [globPattern('*:role/aws-service-role/*', true)]);
    if (!byKey.has('aws:principalarn')) byKey.set('aws:principalarn', { key: 'aws:PrincipalArn', clauses: [] });
  }
  const keys: Plan['keys'] = [];
  for (const [k, { key, clauses }] of byKey) {
    const only = publicOnly.get(k);
    if (only !== undefined) {
      keys.push({ key, options: [null, only] });
      continue;
    }
    const classes = valueClasses(clauses, ctx, extra.get(k) ?? []);
    if (setKeys.has(k))
      checkAclModel(
        k,
        classes.map((c) => c.witness),
        extra.get(k)!,
      );
    const qualified = clauses.some((c) => c.operator.qualifier !== undefined);
    const compares = clauses.some((c) => c.operator.descriptor.kind === 'comparison') || extra.has(k);
    keys.push({ key, options: keyOptions(classes, qualified, compares) });
  }
  return { resources, keys, variableKeys: [...variableKeys] };
}

/** The ACL-header models must agree with what Block Public Access reads on every witness (else: a prover defect, UNKNOWN). */
function checkAclModel(key: string, witnesses: string[], patterns: StringPattern[]): void {
  const canned = key === PUBLIC_ACL_READS.cannedAclKey;
  for (const w of witnesses)
    patterns.forEach((p, i) => {
      const engine = canned ? w.toLowerCase() === PUBLIC_ACL_READS.publicCannedAcls[i] : w.includes(PUBLIC_ACL_READS.publicGroups[i]);
      if (engine !== patternMatches(p, w)) throw new ProofUnknown(`internal: the model of ${key} disagrees with Block Public Access on ${JSON.stringify(w)}`);
    });
}

const statementIds = new WeakMap<CompiledStatement, number>();
let nextStatementId = 0;

/** What of an action evaluate() reads: the statements it admits (per set) and its service's special rules. */
function actionSignature(sets: readonly PolicySet[], probe: NormalizedRequest): string {
  const parts: string[] = [
    probe.service === 'kms' ? 'kms' : '',
    /^sts:assumerole/i.test(probe.action) ? 'assume' : '',
    sets.some((x) => x.rcps?.length) && supportsRcps(probe.service) ? 'rcp' : '',
    // Service-enforced refusals read the action too: AWS-protected resources (IAM and KMS
    // actions) and Block Public Access (S3, the ACL actions apart).
    protectedRulesFor(probe.action).join(','),
    // request/action-exceptions.ts: actions decided without policies, and actions without aws:ResourceAccount.
    needsNoPermission(probe.action) ? 'free' : '',
    carriesResourceAccount(probe.action) ? '' : 'no-resource-account',
    probe.service === 's3' && sets.some((x) => x.blockPublicAccess) ? `s3bpa${sets.some((x) => blockPublicAclsReads(x, probe.action)) ? '-acl' : ''}` : '',
  ];
  for (const set of sets)
    for (const g of groupsOf(set)) {
      const ids: number[] = [];
      for (const p of g.policies)
        for (const cs of statementsForAction(compilePolicy(p), probe.action, probe.service)) {
          let id = statementIds.get(cs);
          if (id === undefined) statementIds.set(cs, (id = nextStatementId++));
          ids.push(id);
        }
      parts.push(ids.join(','));
    }
  return parts.join('|');
}

/** Count of the regions of a plan. */
function regionCount(plan: Plan): number {
  return plan.keys.reduce((n, k) => n * k.options.length, plan.resources.length);
}

function fixedKeysOf(probe: NormalizedRequest, domain: ProofDomain, principal: string | undefined): Set<string> {
  const fixed = new Set<string>(Object.keys(domain.context ?? {}).map((k) => k.toLowerCase()));
  if (principal !== undefined) for (const k of PRINCIPAL_KEYS) if (probe.context.get(k)) fixed.add(k);
  if (domain.resourceAccount !== undefined) fixed.add('aws:resourceaccount');
  return fixed;
}

/**
 * Decides the question over the domain. `bad` reads one decision per set (same order as `sets`).
 */
export function prove(sets: readonly PolicySet[], domain: ProofDomain, bad: (decisions: Decision[]) => boolean, options: ProofOptions = {}): ProofResult {
  const maxRegions = options.maxRegions ?? DEFAULT_MAX_REGIONS;
  const witnesses: ProofWitness[] = [];
  const unknown: ProofResult['unknown'] = [];
  let regions = 0;
  const settled = new Map<string, string>();
  for (const action of domain.actions) {
    // RestrictPublicBuckets refuses a request without a principal but admits callers of the
    // bucket owner's account and service principals: for those the question is asked once more,
    // with "no principal" (keys free) standing for every such caller the policies do not name,
    // decided by the sets without that setting (ownerView).
    const views: { principal: string | undefined; ownerView: boolean }[] = domain.principals.map((p) => ({ principal: p, ownerView: false }));
    const variants = ownerViewSets(sets, action);
    if (variants && domain.principals.includes(undefined)) views.push({ principal: undefined, ownerView: true });
    for (const { principal, ownerView } of views) {
      const evalSets = ownerView ? variants! : sets;
      const principalAccount = principal !== undefined ? parsePrincipal(principal)?.account : undefined;
      const resourceAccount = domain.resourceAccount ?? (principalAccount && /^\d{12}$/.test(principalAccount) ? principalAccount : DEFAULT_ACCOUNT);
      const base: AccessRequest = { action, resourceAccount, ...(principal !== undefined ? { principal } : {}), context: domain.context ?? {} };
      const probe = normalizeRequest(base);
      const fixedKeys = fixedKeysOf(probe, domain, principal);
      // Two actions that admit the same statements of every set, of services the engine treats
      // alike, get the same decision on every region (evaluate() reads the action only through
      // Action / NotAction and those service tests): an action like one already proved clean is
      // clean too, and one already UNKNOWN is UNKNOWN for the same reason.
      const signature = `${String(principal)}\0${ownerView ? 'owner' : ''}\0${actionSignature(sets, probe)}`;
      const known = settled.get(signature);
      if (known !== undefined && !options.all) {
        if (known !== '') unknown.push({ action, ...(principal !== undefined ? { principal } : {}), reason: known });
        continue;
      }
      const unknownBefore = unknown.length;
      const run = (sampled: Record<string, string | null>): { found: boolean; variableKeys: string[] } => {
        const plan = planRegions(sets, domain, withSamples(probe, sampled), fixedKeys, sampled);
        if (plan.variableKeys.length && !Object.keys(sampled).length) return { found: false, variableKeys: plan.variableKeys };
        const count = regionCount(plan);
        if (count > maxRegions) throw new ProofUnknown(`${count} regions (more than ${maxRegions})`);
        let found = false;
        const idx = plan.keys.map(() => 0);
        for (const r of plan.resources) {
          idx.fill(0);
          for (;;) {
            const context: Record<string, string | string[] | null> = {};
            plan.keys.forEach((k, i) => (context[k.key] = k.options[idx[i]]));
            const request: AccessRequest = {
              ...base,
              resource: r.witness,
              context: { ...sampledContext(sampled), ...(domain.context ?? {}), ...dropNull(context) },
            };
            regions++;
            const decisions = evalSets.map((s) => evaluate(s, request));
            if (bad(decisions)) {
              if (ownerView) {
                // A real request of such a caller: a user of the owner's account, its own keys derived.
                const caller = `arn:aws:iam::${resourceAccount}:user/jest-iam-other`;
                const ctx = Object.fromEntries(Object.entries(request.context ?? {}).filter(([k]) => !PRINCIPAL_KEYS.includes(k.toLowerCase())));
                const real: AccessRequest = { ...request, principal: caller, context: ctx };
                const realDecisions = sets.map((s) => evaluate(s, real));
                if (!bad(realDecisions))
                  throw new ProofUnknown(
                    `RestrictPublicBuckets: a caller of the bucket owner's account may be allowed (${action} on ${r.witness}), but no concrete request of one could be built (give a principal)`,
                  );
                found = true;
                witnesses.push({
                  request: real,
                  decisions: realDecisions,
                  region: { action, principal: caller, resourcePatterns: r.patterns, context: { ...sampled, ...context } },
                });
                if (!options.all) return { found, variableKeys: [] };
              } else {
                found = true;
                witnesses.push({
                  request,
                  decisions,
                  region: { action, ...(principal !== undefined ? { principal } : {}), resourcePatterns: r.patterns, context: { ...sampled, ...context } },
                });
                if (!options.all) return { found, variableKeys: [] };
              }
            }
            let i = 0;
            while (i < idx.length && ++idx[i] === plan.keys[i].options.length) idx[i++] = 0;
            if (i === idx.length) break;
          }
        }
        return { found, variableKeys: [] };
      };
      try {
        const first = run({});
        if (first.variableKeys.length) {
          // Policy variables read free keys: the regions depend on their values, which no finite
          // partition by literals covers. Sampled values may still show a counterexample.
          let found = false;
          for (const value of ['jest-iam-value', null] as const) {
            const sampled = Object.fromEntries(first.variableKeys.map((k) => [k, value]));
            if (run(sampled).found) {
              found = true;
              break;
            }
          }
          if (!found)
            unknown.push({
              action,
              ...(principal !== undefined ? { principal } : {}),
              reason: `policy variable${first.variableKeys.length > 1 ? 's' : ''} ${first.variableKeys.map((k) => `\${${k}}`).join(', ')} take${first.variableKeys.length > 1 ? '' : 's'} the value of a request key the question leaves free (give it in context, or a principal)`,
            });
        }
      } catch (e) {
        if (!(e instanceof ProofUnknown)) throw e;
        unknown.push({ action, ...(principal !== undefined ? { principal } : {}), reason: e.reason });
      }
      if (witnesses.length && !options.all) return { verdict: 'COUNTEREXAMPLE', witnesses, unknown, regions };
      settled.set(signature, unknown.length > unknownBefore ? unknown[unknown.length - 1].reason : '');
    }
  }
  return { verdict: witnesses.length ? 'COUNTEREXAMPLE' : unknown.length ? 'UNKNOWN' : 'PROVED', witnesses, unknown, regions };
}

/**
 * The sets as a caller that RestrictPublicBuckets admits sees them (the setting off), when some
 * set would refuse requests of the action without a principal by it; else undefined.
 */
function ownerViewSets(sets: readonly PolicySet[], action: string): PolicySet[] | undefined {
  if (!/^s3:/i.test(action) || !sets.some(restrictsPublicBucket)) return undefined;
  return sets.map((x) => (restrictsPublicBucket(x) ? { ...x, blockPublicAccess: withoutRestrictPublicBuckets(x.blockPublicAccess!) } : x));
}

function dropNull(c: Record<string, string | string[] | null>): ContextInput {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(c)) if (v !== null) out[k] = v;
  return out;
}

function sampledContext(sampled: Record<string, string | null>): ContextInput {
  return dropNull(sampled);
}

/** The probe with sampled variable values added to its context (so patterns resolve against them). */
function withSamples(probe: NormalizedRequest, sampled: Record<string, string | null>): NormalizedRequest {
  if (!Object.keys(sampled).length) return probe;
  const ctx = RequestContext.from(sampledContext(sampled));
  for (const c of probe.context.all()) if (!ctx.has(c.key)) ctx.set(c.key, c.multi ? c.values : c.values[0]);
  return { ...probe, context: ctx };
}

/**
 * A request's resource ARN has an account segment that is empty, `aws` or 12 digits (the request
 * check in request/access-request.ts; reference_policies_elements_principal.md for the 12 digits),
 * and a counterexample reads best with a region, an account and a resource name. The shortest
 * string of a cell may have none of these (`arn::kms::key/:x`, `arn:aws:s3:::lake/`): this gives
 * the cell a witness with them filled in where the string stays in the same cell (every string of
 * a cell gets the same decision), and undefined when every string of the cell names an account no
 * request can have (such a cell holds no request, so leaving it out loses nothing).
 */
function requestWitness(cell: PatternCell, patterns: readonly StringPattern[], within: readonly StringPattern[], service: string): PatternCell | undefined {
  const parts = cell.witness.split(':');
  if (parts.length < 6) return cell;
  const sameCell = (witness: string) =>
    within.every((p) => patternMatches(p, witness)) && patterns.every((p, i) => patternMatches(p, witness) === cell.matches[i]);
  const validAccount = (a: string) => a === '' || a === 'aws' || /^\d{12}$/.test(a);
  const literalAccounts = new Set<string>();
  for (const p of [...patterns, ...within])
    if (p.kind === 'tokens')
      for (const m of p.tokens
        .map((t) => (t.kind === 'char' ? t.ch : ':'))
        .join('')
        .matchAll(/\d{12}/g))
        literalAccounts.add(m[0]);
  // Each part is tried in turn and kept only when the string stays in the cell.
  const tries: { index: number; values: string[] }[] = [
    {
      index: 4,
      values: validAccount(parts[4]) && parts[4] !== '' ? [] : [DEFAULT_ACCOUNT, ...literalAccounts, ...(validAccount(parts[4]) ? [] : ['', 'aws'])],
    },
    { index: 3, values: parts[3] === '' ? ['us-east-1'] : [] },
    { index: 1, values: parts[1] === '' ? ['aws'] : [] },
    { index: 2, values: parts[2] === '' ? [service] : [] },
  ];
  let current = parts;
  for (const t of tries)
    for (const v of t.values) {
      const next = [...current];
      next[t.index] = v;
      if (sameCell(next.join(':'))) {
        current = next;
        break;
      }
    }
  if (!validAccount(current[4])) return undefined;
  // A resource path that ends in a separator names nothing: give it a name when the cell allows.
  let witness = current.join(':');
  if (/[/:]$/.test(witness) && sameCell(`${witness}example`)) witness = `${witness}example`;
  return witness === cell.witness ? cell : { matches: cell.matches, witness };
}
