import type { SyncExpectationResult } from 'expect';
import type { IamMatcherContext } from './matcher-context';
import { assertionOrigin } from './assertion-origin';
import type { Decision, DecisionResult } from '../src/engine/decision';
import { evaluate } from '../src/engine/evaluate';
import { unreadableValueMessages } from '../src/explain/unreadable-values';
import { PolicyValidationError } from '../src/diagnostics/policy-issue';
import { trimInternalFrames } from '../src/diagnostics/user-facing-stack';
import { checkPolicySetAgainstCatalog, prepareCells, warnOnce } from '../src/catalog/prepare-cells';
import { resolveValidationConfig } from '../src/catalog/validation-config';
import { CatalogError } from '../src/catalog/service-catalog';
import { nearestName } from '../src/diagnostics/nearest-name';
import { recordForCrossCheck } from '../src/live/cross-check-hook';
import { recordDecision } from '../src/coverage/record-decision';
import { explainDecision, RESULT_LABEL } from '../src/explain/explain-decision';
import type { IamMatcherOptions } from './matcher-options';
import { receivedPolicySet } from './received-policy-set';

/** The decisions each matcher accepts. */
export const EXPECTED: Record<string, { results: DecisionResult[]; label: string }> = {
  toAllow: { results: ['Allow'], label: 'Allow' },
  toDeny: { results: ['ExplicitDeny', 'ImplicitDeny'], label: 'Deny (explicit or implicit)' },
  toExplicitlyDeny: { results: ['ExplicitDeny'], label: 'explicit Deny' },
  toImplicitlyDeny: { results: ['ImplicitDeny'], label: 'implicit Deny' },
};

/**
 * A user's mistake (bad policy, bad request) fails the assertion with the message alone:
 * no stack trace into jest-iam's internals.
 */
export class IamUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'jest-iam';
    // Keep the user's own frames (the assertion line, for Jest's code frame), drop jest-iam's.
    this.stack = trimInternalFrames(this.stack);
  }
}

const OPTION_KEYS = ['context', 'principal', 'resourceAccount', 'now', 'federatedBy', 'vpcEndpoint', 'validation', 'crossCheck'];

/** A misspelt option or an empty list would silently test something else: both are errors. */
function checkMatcherArguments(name: string, action: unknown, resource: unknown, options: unknown): void {
  const problems: string[] = [];
  if (Array.isArray(action) && action.length === 0) problems.push(`${name}: the list of actions is empty, so nothing would be checked`);
  if (Array.isArray(resource) && resource.length === 0) problems.push(`${name}: the list of resources is empty, so nothing would be checked`);
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) problems.push(`${name}: options must be an object { ${OPTION_KEYS.join(', ')} }`);
  else if (options) {
    for (const key of Object.keys(options)) {
      if (OPTION_KEYS.includes(key)) continue;
      const near = nearestName(key, OPTION_KEYS);
      problems.push(`${name}: unknown option ${JSON.stringify(key)}${near ? `; did you mean ${JSON.stringify(near)}?` : ` (options: ${OPTION_KEYS.join(', ')})`}`);
    }
  }
  if (problems.length) throw new PolicyValidationError(problems.map((message) => ({ severity: 'error' as const, code: 'bad-matcher-arguments', message })), 'invalid assertion');
}

const asList = (x: string | readonly string[] | undefined, dflt: string): string[] => (x === undefined ? [dflt] : typeof x === 'string' ? [x] : [...x]);

/**
 * Shared body of the four decision matchers. With lists of actions and resources the assertion
 * covers every cell of their cross product: it passes when every cell has the expected
 * decision, and under `.not` when no cell has it; the message lists each offending cell with
 * its explanation.
 */
export function assertDecision(
  ctx: IamMatcherContext,
  matcherName: keyof typeof EXPECTED,
  received: unknown,
  action: string | readonly string[],
  resource?: string | readonly string[],
  options: IamMatcherOptions = {},
): SyncExpectationResult {
  const want = EXPECTED[matcherName];
  let decisions: Decision[];
  try {
    checkMatcherArguments(matcherName, action, resource, options);
    const set = receivedPolicySet(received);
    const { validation, crossCheck, ...request } = options;
    const config = resolveValidationConfig(validation);
    const origin = () => assertionOrigin(ctx);
    warnOnce(checkPolicySetAgainstCatalog(set, config), origin);
    const { cells, warnings } = prepareCells(asList(action, ''), asList(resource, '*'), config, Object.keys(request.context ?? {}));
    warnOnce(warnings, origin);
    decisions = cells.map((c) => evaluate(set, { ...request, action: c.action, resource: c.resource }));
    // A context value no condition can read would decide by accident: the test is wrong, not the policy.
    const unreadable = unreadableValueMessages(decisions);
    if (unreadable.length) throw new IamUsageError(`${matcherName}: ${unreadable.join('\n')}`);
    for (const d of decisions) {
      recordForCrossCheck(set, d.request, d, crossCheck);
      recordDecision(d, request.principal ? { principal: request.principal } : {});
    }
  } catch (e) {
    if (e instanceof PolicyValidationError || e instanceof TypeError || e instanceof CatalogError) throw new IamUsageError(`${matcherName}: ${e.message}`);
    throw e;
  }
  const hits = decisions.filter((d) => want.results.includes(d.result));
  const pass = ctx.isNot ? hits.length > 0 : hits.length === decisions.length;
  const offending = ctx.isNot ? hits : decisions.filter((d) => !want.results.includes(d.result));
  const hint = ctx.utils.matcherHint(matcherName, 'policy', resource === undefined ? 'action' : 'action, resource', { isNot: ctx.isNot, comment: undefined });
  const message = () => {
    const head = `${hint}\n\nExpected: ${ctx.isNot ? 'not ' : ''}${want.label}`;
    const count = decisions.length > 1 ? ` in ${offending.length} of ${decisions.length} cells` : '';
    const got = [...new Set(offending.map((d) => RESULT_LABEL[d.result]))].join(', ');
    const cells = offending.map((d, i) => `${decisions.length > 1 ? `Cell ${i + 1}/${offending.length}: ${d.request.action} on ${d.request.resource}\n` : ''}${explainDecision(d, { indent: '  ' })}`);
    return `${head}\nReceived: ${got}${count}\n\n${cells.join('\n\n')}`;
  };
  return { pass, message };
}
