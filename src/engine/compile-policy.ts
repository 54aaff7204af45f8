import { compileCondition, type CompiledCondition } from '../conditions/compile-condition';
import { compileActionPattern } from '../match/action';
import { compileArnPattern, type ArnMatch, type ArnPattern } from '../match/arn';
import type { RequestContext } from '../request/request-context';
import type { Glob } from '../match/glob';
import type { LocatedString, Policy, PolicyStatement } from '../policy/policy-model';
import { BoundedMemo } from '../util/bounded-memo';
import type { NormalizedRequest } from '../request/access-request';

/**
 * A policy turned into ready matchers, built once per Policy object and cached, so a matrix
 * of thousands of requests never re-parses or re-compiles anything.
 */
export interface CompiledStatement {
  policy: Policy;
  statement: PolicyStatement;
  actions?: { value: LocatedString; glob: Glob }[];
  notActions?: { value: LocatedString; glob: Glob }[];
  resources?: { value: LocatedString; pattern: ArnPattern }[];
  notResources?: { value: LocatedString; pattern: ArnPattern }[];
  conditions: CompiledCondition[];
  /**
   * The decision path's specialised test of this statement (fast/statement-test.ts), kept on the
   * statement rather than in a WeakMap: 10,000 weak entries make every garbage collection slower.
   */
  fastTest?: (req: NormalizedRequest) => boolean;
}

export interface CompiledPolicy {
  policy: Policy;
  statements: CompiledStatement[];
  /**
   * Statements whose Action names one service, by lower-case service prefix; a request only
   * looks at its own service's list plus `anyService`, so unrelated statements cost nothing.
   */
  byService: Map<string, CompiledStatement[]>;
  /** Statements with NotAction or a wildcard in the service prefix. */
  anyService: CompiledStatement[];
  /**
   * Memo: request action (as given) -> the statements whose Action / NotAction admit it, in
   * policy order. Filled on first use of each action; bounded.
   */
  byAction: BoundedMemo<string, CompiledStatement[]>;
}

/** Distinct actions remembered per policy before the memo starts over. */
const MAX_ACTIONS_PER_POLICY = 2000;

const cache = new WeakMap<Policy, CompiledPolicy>();

/**
 * A statement whose matchers are compiled on first read, element by element: a policy of
 * 10,000 statements (or 1,590 managed policies) is indexed by service at once, but only the
 * statements a request's service reaches ever compile their action globs, and only those whose
 * action matches compile their Resource patterns and conditions. Both decision paths read the
 * same getters, so they still decide from one compiled representation.
 */
class LazyStatement implements CompiledStatement {
  private a?: { value: LocatedString; glob: Glob }[] | null;
  private na?: { value: LocatedString; glob: Glob }[] | null;
  private r?: { value: LocatedString; pattern: ArnPattern }[] | null;
  private nr?: { value: LocatedString; pattern: ArnPattern }[] | null;
  private c?: CompiledCondition[];
  fastTest?: (req: NormalizedRequest) => boolean;

  constructor(
    readonly policy: Policy,
    readonly statement: PolicyStatement,
  ) {}

  get actions(): { value: LocatedString; glob: Glob }[] | undefined {
    if (this.a === undefined)
      this.a = this.statement.action ? this.statement.action.map((value) => ({ value, glob: compileActionPattern(value.value) })) : null;
    return this.a ?? undefined;
  }

  get notActions(): { value: LocatedString; glob: Glob }[] | undefined {
    if (this.na === undefined)
      this.na = this.statement.notAction ? this.statement.notAction.map((value) => ({ value, glob: compileActionPattern(value.value) })) : null;
    return this.na ?? undefined;
  }

  get resources(): { value: LocatedString; pattern: ArnPattern }[] | undefined {
    if (this.r === undefined)
      this.r = this.statement.resource
        ? this.statement.resource.map((value) => ({ value, pattern: lazyArnPattern(value.value, this.policy.version === '2012-10-17') }))
        : null;
    return this.r ?? undefined;
  }

  get notResources(): { value: LocatedString; pattern: ArnPattern }[] | undefined {
    if (this.nr === undefined)
      this.nr = this.statement.notResource
        ? this.statement.notResource.map((value) => ({ value, pattern: lazyArnPattern(value.value, this.policy.version === '2012-10-17') }))
        : null;
    return this.nr ?? undefined;
  }

  get conditions(): CompiledCondition[] {
    this.c ??= this.statement.conditions.map((c) => compileCondition(c, this.policy.version));
    return this.c;
  }
}

/**
 * A Resource / NotResource pattern whose matcher is built on its first `match`: the decision
 * path's resource tests (fast/resource-test.ts) read only `source` for the common shapes
 * (literal ARN, prefix, suffix), so most patterns never build the general matcher at all.
 */
function lazyArnPattern(source: string, variables: boolean): ArnPattern {
  if (source === '*') return compileArnPattern(source, variables, false, true);
  return new LazyArnPattern(source, variables);
}

/** One object per pattern, no closure: a 10,000-statement policy makes 10,000 of them at once. */
class LazyArnPattern implements ArnPattern {
  readonly matchesAll = false;
  private compiled?: ArnPattern;

  constructor(
    readonly source: string,
    private readonly variables: boolean,
  ) {}

  match(value: string, ctx: RequestContext): ArnMatch {
    return (this.compiled ??= compileArnPattern(this.source, this.variables, false, true)).match(value, ctx);
  }
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const hit = cache.get(policy);
  if (hit) return hit;
  const statements: CompiledStatement[] = policy.statements.map((s) => new LazyStatement(policy, s));
  const byService = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  for (const cs of statements) {
    const services = cs.statement.action ? serviceKeys(cs.statement.action) : null;
    if (!services) anyService.push(cs);
    else
      for (const svc of services) {
        const list = byService.get(svc);
        if (list) list.push(cs);
        else byService.set(svc, [cs]);
      }
  }
  const compiled: CompiledPolicy = { policy, statements, byService, anyService, byAction: new BoundedMemo(MAX_ACTIONS_PER_POLICY) };
  cache.set(policy, compiled);
  return compiled;
}

/** Lower-case service prefixes of a statement's actions, or null when any could match. */
function serviceKeys(actions: LocatedString[]): Set<string> | null {
  const out = new Set<string>();
  for (const { value: a } of actions) {
    const c = a.indexOf(':');
    const svc = c < 0 ? a : a.slice(0, c);
    if (c < 0 || svc.includes('*') || svc.includes('?')) return null;
    out.add(svc.toLowerCase());
  }
  return out;
}

/** Statements of a compiled policy that could apply to an action of `service`, in policy order. */
export function candidateStatements(cp: CompiledPolicy, service: string): CompiledStatement[] {
  const own = cp.byService.get(service);
  if (!own) return cp.anyService;
  if (!cp.anyService.length) return own;
  return [...own, ...cp.anyService].sort((a, b) => a.statement.index - b.statement.index);
}

/** Whether the statement's Action / NotAction admit `action` (reference_policies_elements_action.md, _notaction.md). */
export function actionAdmits(cs: CompiledStatement, action: string): boolean {
  if (cs.actions && !cs.actions.some((a) => a.glob.test(action))) return false;
  if (cs.notActions && cs.notActions.some((a) => a.glob.test(action))) return false;
  return true;
}

/**
 * Statements of a compiled policy whose action element admits `action` (of `service`), in
 * policy order. Whether a statement's action matches depends on the action alone, so it is
 * worked out once per distinct action and remembered: a request then only checks the
 * resource, principal and conditions of statements that name its action, and the cost of a
 * decision grows with the statements that match, not with the size of the policy.
 */
export function statementsForAction(cp: CompiledPolicy, action: string, service: string): CompiledStatement[] {
  return cp.byAction.get(action, () => candidateStatements(cp, service).filter((cs) => actionAdmits(cs, action)));
}
