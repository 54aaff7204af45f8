import { formatPosition } from '../diagnostics/source-position';
import { evaluate } from '../engine/evaluate';
import { formatUnknown, formatWitness, proveNeverAllows, type ProofResult } from '../proof';
import { recordDecision } from '../coverage/record-decision';
import { ScenarioFailure } from './cell-failure';
import type { NeverCell } from './scenario-model';

/**
 * Decides one `never` cell by proof (src/proof): PROVED passes; COUNTEREXAMPLE fails with the
 * allowed request, the statements that allow it and the evaluator's explanation; UNKNOWN fails
 * with the reason (a never check does not pass on a guess) unless the entry says
 * `ifUnknown: warn`, which passes it and prints the reason.
 */

/** What the check decided, for callers that report it (UNKNOWN only reaches here with `warn`). */
export interface NeverOutcome {
  result: ProofResult;
  /** The warning printed for `ifUnknown: warn`. */
  warning?: string;
}

function scope(cell: NeverCell): string {
  return `${cell.principalArn ?? `principal "${cell.principal}" (any caller)`} reaching ${cell.actionPattern} on ${cell.resourcePattern}`;
}

/** Proves one cell; throws {@link ScenarioFailure} on a counterexample, and on UNKNOWN unless `warn`. */
// Straight to stderr: the message names the entry's file:line:col, and console.warn would add a
// stack frame of jest-iam's own code under it.
export function checkNeverCell(cell: NeverCell, warn: (message: string) => void = (m) => void process.stderr.write(`${m}\n`)): NeverOutcome {
  const where = `${formatPosition(cell.pos)}, ${cell.source}`;
  const result = proveNeverAllows(cell.policySet, cell.actionPattern, {
    resource: cell.resourcePattern,
    ...(cell.principalArn !== undefined ? { principal: cell.principalArn } : {}),
    ...(cell.context ? { context: cell.context } : {}),
    ...(cell.resourceAccount ? { resourceAccount: cell.resourceAccount } : {}),
  });
  if (result.verdict === 'COUNTEREXAMPLE') {
    const w = result.witnesses[0];
    // The witness is a real decision: it counts for statement coverage like any cell's.
    recordDecision(evaluate(cell.policySet, w.request), { principal: cell.principal });
    throw new ScenarioFailure(`Expected never to allow ${scope(cell)}, but this request is allowed (${where}):\n\n${formatWitness(w, ['policies'])}`, cell.pos);
  }
  if (result.verdict === 'UNKNOWN') {
    const message = `Could not prove that nothing allows ${scope(cell)} (${where}): the proof is UNKNOWN because\n${formatUnknown(result)}`;
    if (cell.ifUnknown === 'fail')
      throw new ScenarioFailure(
        `${message}\n\nFix the policy or the entry (fix the keys in \`context\`), or mark the entry \`ifUnknown: warn\` to accept it.`,
        cell.pos,
      );
    const warning = `jest-iam: ${message}\n(ifUnknown: warn, so the test passes)`;
    warn(warning);
    return { result, warning };
  }
  return { result };
}
