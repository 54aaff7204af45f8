import type { IAMClient } from '@aws-sdk/client-iam';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { HandlerExecutionContext, InitializeHandler, InitializeHandlerArguments, MetadataBearer } from '@smithy/types';
import { toIamLiveError, IamLiveError, type AwsErrorContext } from './aws-errors';

/**
 * The only IAM operations jest-iam ever sends: simulations and reads. Anything else is refused
 * before it leaves the process, so live mode can never change an account.
 */
export const ALLOWED_OPERATIONS: ReadonlySet<string> = new Set([
  'SimulateCustomPolicy',
  'SimulatePrincipalPolicy',
  'GetUser',
  'GetRole',
  'GetPolicy',
  'GetPolicyVersion',
  'GetUserPolicy',
  'GetGroupPolicy',
  'GetRolePolicy',
  'ListUserPolicies',
  'ListGroupPolicies',
  'ListRolePolicies',
  'ListAttachedUserPolicies',
  'ListAttachedGroupPolicies',
  'ListAttachedRolePolicies',
  'ListGroupsForUser',
]);

/**
 * Backoff for throttled and transiently failed calls (HTTP 5xx such as ServiceFailure and
 * ServiceUnavailable, connection resets, timeouts): full jitter over an exponentially growing
 * cap. Applied through the AWS SDK's own retry strategy ({@link retryStrategyFor}), which decides
 * what is retryable.
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 6). */
  retries?: number;
  /** Cap of the first wait (default 250 ms); doubles each retry. */
  baseDelayMs?: number;
  /** Largest wait (default 20 s). */
  maxDelayMs?: number;
  /** Random number in [0, 1); replaceable in tests. */
  random?: () => number;
}

/** Counts of what was sent, for reports and tests. */
export interface CallCounter {
  /** Requests IAM answered, with a result or an error (each page counts). */
  calls: number;
  /** Attempts that were retried (throttling or a transient failure). */
  retries: number;
  /** Milliseconds waited before retries. */
  retryDelayMs?: number;
}

export interface SendOptions {
  counter?: CallCounter;
  /** For error messages: what the call is about and where it goes. */
  target?: string;
  endpoint?: string;
}

/** The wait before retry number `attempt` (0-based): full jitter (a random wait up to the cap). */
export function backoffDelay(attempt: number, retry: RetryOptions = {}): number {
  const base = retry.baseDelayMs ?? 250;
  const max = retry.maxDelayMs ?? 20_000;
  const cap = Math.min(max, base * 2 ** attempt);
  return Math.floor((retry.random ?? Math.random)() * cap);
}

/**
 * The AWS SDK retry strategy jest-iam's clients use (`@smithy/core/retry`, the SDK's standard
 * mode): it retries throttling and transient errors (HTTP 500/502/503/504, connection resets,
 * timeouts) up to `retries` times, waiting {@link backoffDelay} between attempts.
 */
export function retryStrategyFor(retry: RetryOptions = {}): ConfiguredRetryStrategy {
  // ConfiguredRetryStrategy numbers the retry to come from 1.
  return new ConfiguredRetryStrategy((retry.retries ?? 6) + 1, (nextAttempt: number) => backoffDelay(nextAttempt - 1, retry));
}

/** Where the guard leaves the operation's name on an error, for the message. */
const OPERATION = Symbol('jest-iam operation');
const guarded = new WeakSet<object>();

/**
 * Adds the read-only guard to a client's middleware (once per client): every command whose
 * name (the handler context's `commandName`, which minification does not change) is not in
 * {@link ALLOWED_OPERATIONS} is refused before it is signed or sent.
 */
export function guardReadOnly(client: IAMClient): IAMClient {
  if (guarded.has(client)) return client;
  guarded.add(client);
  const guard =
    (next: InitializeHandler<object, MetadataBearer>, context: HandlerExecutionContext): InitializeHandler<object, MetadataBearer> =>
    async (args: InitializeHandlerArguments<object>) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      if (!ALLOWED_OPERATIONS.has(operation))
        throw new IamLiveError(`jest-iam only sends IAM simulate and read calls; refused iam:${operation || 'an unnamed command'}.`, 'ReadOnlyGuard');
      try {
        return await next(args);
      } catch (e) {
        if (typeof e === 'object' && e !== null) Object.defineProperty(e, OPERATION, { value: operation, configurable: true });
        throw e;
      }
    };
  client.middlewareStack.add(guard as never, { step: 'initialize', name: 'jestIamReadOnlyGuard', priority: 'high' });
  return client;
}

interface Attempted {
  $metadata?: { attempts?: number; totalRetryDelay?: number };
  [OPERATION]?: string;
}

function count(counter: CallCounter | undefined, meta: Attempted['$metadata']): void {
  if (!counter) return;
  const retries = Math.max(0, (meta?.attempts ?? 1) - 1);
  counter.retries += retries;
  if (meta?.totalRetryDelay) counter.retryDelayMs = (counter.retryDelayMs ?? 0) + meta.totalRetryDelay;
}

/**
 * Sends one IAM command through the read-only guard ({@link guardReadOnly}). Retries are the
 * client's (see {@link retryStrategyFor}); every failure becomes an {@link IamLiveError} that says
 * what permission or setting is missing.
 */
export async function sendIam<Out>(client: IAMClient, command: object, options: SendOptions = {}): Promise<Out> {
  guardReadOnly(client);
  try {
    const out = (await client.send(command as Parameters<IAMClient['send']>[0])) as Out & Attempted;
    if (options.counter) options.counter.calls++;
    count(options.counter, out.$metadata);
    return out;
  } catch (err) {
    if (err instanceof IamLiveError) throw err;
    const e = (typeof err === 'object' && err !== null ? err : {}) as Attempted & { $metadata?: { httpStatusCode?: number } };
    // An error IAM answered (an HTTP status) was a call made, like an answer.
    if (options.counter && e.$metadata?.httpStatusCode) options.counter.calls++;
    count(options.counter, e.$metadata);
    // Errors raised before the guard ran (region, endpoint) carry no name: the class name is good enough for a message.
    const operation = e[OPERATION] ?? (command as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
    const ctx: AwsErrorContext = { operation, attempts: e.$metadata?.attempts ?? 1 };
    if (options.target) ctx.target = options.target;
    if (options.endpoint) ctx.endpoint = options.endpoint;
    throw toIamLiveError(err, ctx);
  }
}
