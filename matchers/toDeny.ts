import type { SyncExpectationResult } from 'expect';
import type { IamMatcherContext } from './matcher-context';
import { assertDecision } from './assert-decision';
import type { IamMatcherOptions } from './matcher-options';

/**
 * Passes when the request is denied, explicitly or implicitly by the received policy or policy set.
 * With lists, every action x resource cell must be; under `.not`, none may be.
 *
 * @example
 * expect('policies/project.json').toDeny('rekognition:DetectCustomLabels', modelArn);
 */
export function toDeny(
  this: IamMatcherContext,
  received: unknown,
  action: string | readonly string[],
  resource?: string | readonly string[],
  options?: IamMatcherOptions,
): SyncExpectationResult {
  return assertDecision(this, 'toDeny', received, action, resource, options);
}
