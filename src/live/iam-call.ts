import type { IAMClient } from '@aws-sdk/client-iam';
import { isThrottling, toIamLiveError, IamLiveError, type AwsErrorContext } from './aws-errors';

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

/** Backoff for throttled calls: full jitter over an exponentially growing cap. */
export interface RetryOptions {
  /** Retries after the first attempt (default 6). */
  retries?: number;
  /** Cap of the first wait (default 250 ms); doubles each retry. */
  baseDelayMs?: number;
  /** Largest wait (default 20 s). */
  maxDelayMs?: number;
  /** Waits; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Random number in [0, 1); replaceable in tests. */
  random?: () => number;
}

/** Counts of what was sent, for reports and tests. */
export interface CallCounter {
  /** Requests that got an answer (each page counts). */
  calls: number;
  /** Throttled attempts that were retried. */
  retries: number;
}

export interface SendOptions {
  retry?: RetryOptions;
  counter?: CallCounter;
  /** For error messages: what the call is about and where it goes. */
  target?: string;
  endpoint?: string;
}

interface NamedCommand {
  constructor: { name: string };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before retry number `attempt` (0-based): full jitter (a random wait up to the cap). */
export function backoffDelay(attempt: number, retry: RetryOptions = {}): number {
  const base = retry.baseDelayMs ?? 250;
  const max = retry.maxDelayMs ?? 20_000;
  const cap = Math.min(max, base * 2 ** attempt);
  return Math.floor((retry.random ?? Math.random)() * cap);
}

/**
 * Sends one IAM command. Refuses any operation outside {@link ALLOWED_OPERATIONS}; retries
 * throttling ("Rate exceeded") with jittered exponential backoff up to `retries` times; turns
 * every failure into an {@link IamLiveError} that says what permission or setting is missing.
 */
export async function sendIam<Out>(client: IAMClient, command: object, options: SendOptions = {}): Promise<Out> {
  const operation = (command as NamedCommand).constructor.name.replace(/Command$/, '');
  if (!ALLOWED_OPERATIONS.has(operation)) {
    throw new IamLiveError(`jest-iam only sends IAM simulate and read calls; refused iam:${operation}.`, 'ReadOnlyGuard');
  }
  const retries = options.retry?.retries ?? 6;
  const sleep = options.retry?.sleep ?? defaultSleep;
  const ctx: AwsErrorContext = { operation };
  if (options.target) ctx.target = options.target;
  if (options.endpoint) ctx.endpoint = options.endpoint;
  for (let attempt = 0; ; attempt++) {
    try {
      const out = (await client.send(command as Parameters<IAMClient['send']>[0])) as Out;
      if (options.counter) options.counter.calls++;
      return out;
    } catch (err) {
      if (isThrottling(err) && attempt < retries) {
        if (options.counter) options.counter.retries++;
        await sleep(backoffDelay(attempt, options.retry));
        continue;
      }
      throw toIamLiveError(err, { ...ctx, attempts: attempt + 1 });
    }
  }
}
