import type { SyncExpectationResult } from 'expect';
import type { IamMatcherContext } from './matcher-context';
import { assertionOrigin } from './assertion-origin';
import type { DecisionResult } from '../src/engine/decision';
import { evaluate } from '../src/engine/evaluate';
import { unreadableValueMessages } from '../src/explain/unreadable-values';
import { checkPolicySetAgainstCatalog, prepareCells, warnOnce } from '../src/catalog/prepare-cells';
import { resolveValidationConfig } from '../src/catalog/validation-config';
import { explainDecision, RESULT_LABEL } from '../src/explain/explain-decision';
import type { IamMatcherOptions } from './matcher-options';
import { receivedPolicySet } from './kit/received-policies';
import { asUsageErrors, IamUsageError } from './kit/usage-error';
import { optionProblems, type OptionKeys } from './kit/check-options';
import { recordDecisions } from './kit/record-decisions';
/** The decisions each matcher accepts. */
export const EXPECTED: Record<string, { results: DecisionResult[]; label: string }> = {
  toAllow: { results: ['Allow'], label: 'Allow' },
  toDeny: { results: ['ExplicitDeny', 'ImplicitDeny'], label: 'Deny (explicit or implicit)' },
  toExplicitlyDeny: { results: ['ExplicitDeny'], label: 'explicit Deny' },
  toImplicitlyDeny: { results: ['ImplicitDeny'], label: 'implicit Deny' },
};

const OPTION_KEYS: OptionKeys<IamMatcherOptions> = ['context', 'principal', 'resourceAccount', 'now', 'federatedBy', 'vpcEndpoint', 'validation', 'crossCheck'];

/** A misspelt option or an empty list would silently test something else: both are errors. */
function checkMatcherArguments(name: string, action: unknown, resource: unknown, options: unknown): IamMatcherOptions {
  const problems: string[] = [];
  if (Array.isArray(action) && action.length === 0) problems.push(`${name}: the list of actions is empty, so nothing would be checked`);
  if (Array.isArray(resource) && resource.length === 0) problems.push(`${name}: the list of resources is empty, so nothing would be checked`);
  problems.push(...optionProblems(name, options, OPTION_KEYS));
  if (problems.length) throw new IamUsageError(problems.join('\n'));
  return (options ?? {}) as IamMatcherOptions;
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
  options?: IamMatcherOptions,
): SyncExpectationResult {
  const want = EXPECTED[matcherName];
  const decisions = asUsageErrors(matcherName, () => {
    const { validation, crossCheck, ...request } = checkMatcherArguments(matcherName, action, resource, options);
    const set = receivedPolicySet(received);
    const config = resolveValidationConfig(validation);
    const origin = () => assertionOrigin(ctx);
    warnOnce(checkPolicySetAgainstCatalog(set, config), origin);
    const { cells, warnings } = prepareCells(asList(action, ''), asList(resource, '*'), config, Object.keys(request.context ?? {}));
    warnOnce(warnings, origin);
    const decided = cells.map((c) => evaluate(set, { ...request, action: c.action, resource: c.resource }));
    // A context value no condition can read would decide by accident: the test is wrong, not the policy.
    const unreadable = unreadableValueMessages(decided);
    if (unreadable.length) throw new IamUsageError(`${matcherName}: ${unreadable.join('\n')}`);
    recordDecisions(set, decided, { crossCheck, ...(request.principal !== undefined ? { principal: request.principal } : {}) });
    return decided;
  });
  const hits = decisions.filter((d) => want.results.includes(d.result));
  const pass = ctx.isNot ? hits.length > 0 : hits.length === decisions.length;
  const offending = ctx.isNot ? hits : decisions.filter((d) => !want.results.includes(d.result));
  const hint = ctx.utils.matcherHint(matcherName, 'policy', resource === undefined ? 'action' : 'action, resource', { isNot: ctx.isNot, comment: undefined });
  const message = () => {
    const head = `${hint}\n\nExpected: ${ctx.isNot ? 'not ' : ''}${want.label}`;
    const count = decisions.length > 1 ? ` in ${offending.length} of ${decisions.length} cells` : '';
    const got = [...new Set(offending.map((d) => RESULT_LABEL[d.result]))].join(', ');
    const cells = offending.map(
      (d, i) =>
        `${decisions.length > 1 ? `Cell ${i + 1}/${offending.length}: ${d.request.action} on ${d.request.resource}\n` : ''}${explainDecision(d, { indent: '  ' })}`,
    );
    return `${head}\nReceived: ${got}${count}\n\n${cells.join('\n\n')}`;
  };
  return { pass, message };
}
