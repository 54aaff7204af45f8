import { CatalogError } from '../../src/catalog/service-catalog';
import { PolicyValidationError } from '../../src/diagnostics/policy-issue';
import { trimInternalFrames } from '../../src/diagnostics/user-facing-stack';

/**
 * A user's mistake (bad policy, bad request, bad option) fails the assertion with the message
 * alone: no stack trace into jest-iam's internals.
 */
export class IamUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'jest-iam';
    // Keep the user's own frames (the assertion line, for Jest's code frame), drop jest-iam's.
    this.stack = trimInternalFrames(this.stack);
  }
}

/** The errors jest-iam throws for a user's input; anything else is a bug and keeps its stack. */
function isUsersMistake(e: unknown): e is Error {
  return e instanceof PolicyValidationError || e instanceof TypeError || e instanceof CatalogError;
}

/**
 * Runs a matcher's work and turns a user's mistake into an {@link IamUsageError} that starts
 * with the matcher's name (`toAllow: invalid policy: ...`). Every matcher runs its input
 * handling through here, so each one fails the same clean way.
 */
export function asUsageErrors<T>(matcherName: string, work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof IamUsageError) throw e;
    // Some checks already name the matcher they ran for (`toNeverAllow: 1 problem: ...`).
    if (isUsersMistake(e)) throw new IamUsageError(e.message.startsWith(`${matcherName}: `) ? e.message : `${matcherName}: ${e.message}`);
    throw e;
  }
}
