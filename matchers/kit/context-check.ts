import { unreadableContextMessages } from '../../src/explain/unreadable-values';
import { policiesOf, type PolicySet } from '../../src/policy/policy-set';
import type { ContextInput } from '../../src/request/request-context';
import { IamUsageError } from './usage-error';

/**
 * Fails the matcher `name` when a value of `context` cannot be read by a condition of `sets` that
 * reads its key ("yesterday" for DateGreaterThan): such a condition would quietly match nothing in
 * every request the matcher decides, and a Deny could be argued away by a typo in the test.
 */
export function assertReadableContext(name: string, context: ContextInput | undefined, sets: readonly PolicySet[]): void {
  const unreadable = unreadableContextMessages(sets.flatMap(policiesOf), context);
  if (unreadable.length) throw new IamUsageError(`${name}: ${unreadable.join('\n')}`);
}
