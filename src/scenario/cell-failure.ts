import type { Decision, DecisionResult } from '../engine/decision';
import { unreadableValueMessages } from '../explain/unreadable-values';
import { evaluate } from '../engine/evaluate';
import * as path from 'node:path';
import { formatPosition, type SourcePosition } from '../diagnostics/source-position';
import { explainDecision } from '../explain/explain-decision';
import { recordDecision } from '../coverage/record-decision';
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
  return `Expected ${cell.expectation}, got ${RESULT_EXPECTATION[decision.result]} (${formatPosition(cell.pos)}, ${cell.source})\n\n${explainDecision(decision)}`;
}

/**
 * A failed cell or an invalid scenario file. Its stack is its message, so Jest shows the
 * message and the scenario position, never frames from inside jest-iam.
 */
export class ScenarioFailure extends Error {
  constructor(message: string, at?: SourcePosition) {
    super(message);
    this.name = 'ScenarioFailure';
    // Jest reads a stack line `at file:line:col` as the failure's location and prints a code
    // frame of the scenario file there; the message above it is printed untouched.
    this.stack = at?.file ? `${message}\n    at ${path.resolve(at.file)}:${at.line}:${at.column}` : message;
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
    throw new ScenarioFailure(`Cannot evaluate this cell: ${why} (${formatPosition(cell.pos)}, ${cell.source})`, cell.pos);
  }
  const unreadable = unreadableValueMessages([decision]);
  if (unreadable.length)
    throw new ScenarioFailure(`Test mistake in this cell (${formatPosition(cell.pos)}, ${cell.source}): ${unreadable.join('; ')}`, cell.pos);
  recordDecision(decision, { principal: cell.principal });
  if (!expectationMet(cell.expectation, decision.result)) throw new ScenarioFailure(cellFailureMessage(cell, decision), cell.pos);
  return decision;
}
