import { matchNotPrincipal, matchPrincipal, type PrincipalMatchKind } from '../../match/principal';
import type { PrincipalSpec } from '../../match/principal-spec';
import type { NormalizedRequest } from '../../request/access-request';
import type { RequestPrincipal } from '../../request/principal';
import type { CompiledStatement } from '../compile-policy';
import { resourceTest, type ResourceTest } from './resource-test';

/**
 * One statement of the compiled policy turned into a single predicate for the decision-only
 * path, with the rules of `statementApplies` (src/engine/match-statement.ts) in the same order:
 * principal, NotPrincipal, Resource, NotResource, then each condition. Its action is known to
 * match (statements come from `statementsForAction`), and elements that always match (`"*"`
 * principals and resources, no conditions) are folded away at compile time.
 */
export type StatementTest = (req: NormalizedRequest) => boolean;

const TRUE: StatementTest = () => true;

export function statementTest(cs: CompiledStatement): StatementTest {
  return (cs.fastTest ??= build(cs));
}

/**
 * `matchPrincipal` for one statement, remembered for the last caller: requests of a matrix come
 * from a handful of principals, each read once (normalizeRequest caches them by text).
 */
export function principalKinds(spec: PrincipalSpec): (who: RequestPrincipal | undefined) => PrincipalMatchKind | undefined {
  let last: RequestPrincipal | undefined | null = null;
  let kind: PrincipalMatchKind | undefined;
  // Requests alternate between principals: each one's answer is kept (principal objects live as long as their cache entry).
  const known = new WeakMap<RequestPrincipal, PrincipalMatchKind | null>();
  return (who) => {
    if (who !== last) {
      last = who;
      const k = who ? known.get(who) : undefined;
      if (k !== undefined) kind = k ?? undefined;
      else {
        const m = matchPrincipal(spec, who);
        kind = m.matched ? (m.kind ?? 'any') : undefined;
        if (who) known.set(who, kind ?? null);
      }
    }
    return kind;
  };
}

function build(cs: CompiledStatement): StatementTest {
  const s = cs.statement;
  const tests: StatementTest[] = [];
  if (s.principal && !s.principal.any) {
    const kindOf = principalKinds(s.principal);
    tests.push((req) => kindOf(req.principal) !== undefined);
  }
  if (s.notPrincipal) {
    const spec = s.notPrincipal;
    tests.push((req) => !matchNotPrincipal(spec, req.principal, req.callerHasBoundary).exempt);
  }
  if (cs.resources) {
    const variables = cs.policy.version === '2012-10-17';
    const rs: ResourceTest[] = cs.resources.map((r) => resourceTest(r.pattern, variables));
    if (!rs.some((r) => r.always))
      tests.push(
        rs.length === 1
          ? rs[0]
          : (req) => {
              // A loop, not rs.some(r => r(req)): no closure is made per request.
              for (let i = 0; i < rs.length; i++) if (rs[i](req)) return true;
              return false;
            },
      );
  }
  if (cs.notResources) {
    // An unresolved variable makes the statement invalid (reference_policies_variables.md): only `false` passes.
    const patterns = cs.notResources.map((r) => r.pattern);
    tests.push((req) => {
      for (const p of patterns) if (p.match(req.resource, req.context) !== false) return false;
      return true;
    });
  }
  for (const c of cs.conditions) tests.push((req) => c.test(req.context));
  return all(tests);
}

function all(tests: StatementTest[]): StatementTest {
  switch (tests.length) {
    case 0:
      return TRUE;
    case 1:
      return tests[0];
    case 2: {
      const [a, b] = tests;
      return (req) => a(req) && b(req);
    }
    case 3: {
      const [a, b, c] = tests;
      return (req) => a(req) && b(req) && c(req);
    }
    default:
      return (req) => {
        for (const t of tests) if (!t(req)) return false;
        return true;
      };
  }
}
