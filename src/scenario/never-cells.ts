import { expandActionPattern } from '../catalog';
import { PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import { cellTestName } from './expand-cells';
import { mergeContext } from './read-context';
import type { NeverCell, Scenario } from './scenario-model';

/**
 * The proofs of a scenario's `never` lists: one per action pattern x resource pattern of each
 * entry, each one Jest test. An action pattern must match some action of the AWS service
 * reference (a typo would otherwise prove nothing and pass).
 */
export function expandNeverCells(scenario: Scenario): NeverCell[] {
  const issues: PolicyIssue[] = [];
  const out: NeverCell[] = [];
  for (const p of scenario.principals) {
    const own: NeverCell[] = [];
    for (const e of p.never) {
      const context = mergeContext(p.context, e.context);
      for (const actionPattern of e.actions) {
        let matched: string[];
        try {
          matched = actionPattern.includes(':') ? expandActionPattern(actionPattern) : [];
        } catch (err) {
          issues.push({ severity: 'error', code: 'bad-action', message: `${(err as Error).message} (${e.source})`, pos: e.pos });
          continue;
        }
        if (!matched.length) {
          issues.push({
            severity: 'error',
            code: 'action-pattern-matches-nothing',
            message: `never: action pattern ${JSON.stringify(actionPattern)} matches no action in the AWS service reference (${e.source})`,
            pos: e.pos,
          });
          continue;
        }
        for (const resourcePattern of e.resources) {
          const cell: NeverCell = {
            principal: p.name,
            actionPattern,
            resourcePattern,
            policySet: p.policySet,
            ifUnknown: e.ifUnknown,
            pos: e.pos,
            source: e.source,
            testName: cellTestName('never', actionPattern, resourcePattern, e.context),
          };
          if (p.arn !== undefined) cell.principalArn = p.arn;
          if (context && Object.keys(context).length) cell.context = context;
          if (e.resourceAccount) cell.resourceAccount = e.resourceAccount;
          own.push(cell);
        }
      }
    }
    // Same pattern pair twice in one principal: the line tells the tests apart.
    const seen = new Map<string, number>();
    for (const c of own) seen.set(c.testName, (seen.get(c.testName) ?? 0) + 1);
    for (const c of own) if ((seen.get(c.testName) ?? 0) > 1) c.testName = `${c.testName} (line ${c.pos.line})`;
    out.push(...own);
  }
  if (issues.length) throw new PolicyValidationError(issues, `${scenario.displayFile}: never entries that do not fit the AWS service reference`);
  return out;
}
