import type { Decision, DecisionResult } from '../engine/decision';
import { evaluate } from '../engine/evaluate';
import { formatPosition } from '../policy/source-position';
import { explainDecision } from '../report/explain-decision';
import type { Expectation, ScenarioCell } from './scenario-model';

/** A decision in the words of a scenario file. */
export const RESULT_EXPECTATION: Record<DecisionResult, Expectation> = {
  Allow: 'allow',
  ExplicitDeny: 'explicitDeny',
  ImplicitDeny: 'implicitDeny',
};

/**
 * Whether a decision meets an expectation. IAM User Guide, reference_policies_evaluation-logic.md:
 * a request is denied either explicitly (a Deny statement applies) or implicitly (nothing
 * allows it); `deny` accepts both.
 */
export function expectationMet(expectation: Expectation, result: DecisionResult): boolean {
  if (expectation === 'deny') return result !== 'Allow';
  return RESULT_EXPECTATION[result] === expectation;
}

/**
 * The failure text of a cell:
 * `Expected <expectation>, got <result>\n  at <file>:<line>:<col> (<entry>)\n\n<explanation>`,
 * where the explanation is the same text the matchers print.
 */
export function cellFailureMessage(cell: ScenarioCell, decision: Decision): string {
  return `Expected ${cell.expectation}, got ${RESULT_EXPECTATION[decision.result]}\n  at ${formatPosition(cell.pos)} (${cell.source})\n\n${explainDecision(decision)}`;
}

/**
 * A failed cell or an invalid scenario file. Its stack is its message, so Jest shows the
 * message and the scenario position, never frames from inside jest-iam.
 */
export class ScenarioFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioFailure';
    this.stack = message;
  }
}

/**
 * Evaluates one cell and returns the decision; throws {@link ScenarioFailure} when the decision
 * does not meet the cell's expectation.
 */
export function checkCell(cell: ScenarioCell): Decision {
  let decision: Decision;
  try {
    decision = evaluate(cell.policySet, cell.request);
  } catch (e) {
    // loadScenario checks every request field, so this is unexpected; still report where.
    const why = e instanceof Error ? e.message : String(e);
    throw new ScenarioFailure(`Cannot evaluate this cell: ${why}\n  at ${formatPosition(cell.pos)} (${cell.source})`);
  }
  if (!expectationMet(cell.expectation, decision.result)) throw new ScenarioFailure(cellFailureMessage(cell, decision));
  return decision;
}
