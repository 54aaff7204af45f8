import type { Decision } from '../../src/engine/decision';
import type { Policy } from '../../src/policy/policy-model';
import type { PolicySet } from '../../src/policy/policy-set';
import { recordDecision } from '../../src/coverage/record-decision';
import { recordForCrossCheck } from '../../src/live/cross-check-hook';

/** How the decisions of one assertion are recorded. */
export interface RecordingOptions {
  /** The assertion's `crossCheck` option: ask IAM's simulator too (true), never (false), or as configured. */
  crossCheck?: boolean;
  /** The principal the assertion asked as, for the report's principal axis. */
  principal?: string;
  /** Policies the matcher made up itself (not the user's), left out of statement coverage. */
  synthetic?: ReadonlySet<Policy>;
  /** For statement coverage only: never queued for IAM's simulator (a proof's counterexample). */
  coverageOnly?: boolean;
}

/**
 * Every decision a matcher checked is a real decision of the user's policies: it counts for
 * statement coverage (a Deny that blocks it is exercised) and is cross-checked with IAM's
 * simulator like any other when the run asks for it. Synthetic policies never reach IAM.
 */
// Synthetic policies never reach IAM: the simulator would be asked about policies nobody wrote.
export function recordDecisions(set: PolicySet, decisions: Iterable<Decision>, options: RecordingOptions = {}): void {
  const origin = {
    ...(options.principal !== undefined ? { principal: options.principal } : {}),
    ...(options.synthetic ? { synthetic: options.synthetic } : {}),
  };
  for (const d of decisions) {
    if (!options.synthetic && !options.coverageOnly) recordForCrossCheck(set, d.request, d, options.crossCheck);
    recordDecision(d, origin);
  }
}
