/**
 * Turns errors from AWS (and from the SDK's credential, region and network layers) into one
 * clear sentence that says what permission or setting is missing. Messages never carry
 * credentials: access key ids are masked and no stack trace is attached.
 */

import { redactEndpoint, redactUserinfo } from './redact-endpoint';

/** What was being done when the error happened, for the message. */
export interface AwsErrorContext {
  /** IAM API operation, e.g. `SimulateCustomPolicy` (also the IAM action `iam:<operation>`). */
  operation: string;
  /** The entity the call was about (a user or role ARN, a managed policy ARN). */
  target?: string;
  /** The endpoint in use, when one was configured. */
  endpoint?: string;
  /** How many times a throttled call was tried before giving up. */
  attempts?: number;
}

/**
 * The error jest-iam's live code throws: its message is the whole story, so the stack is the
 * message alone (a Jest failure then shows no trace into jest-iam's internals).
 */
export class IamLiveError extends Error {
  /** The AWS error code or SDK error name this came from (`AccessDenied`, `CredentialsProviderError`, ...). */
  readonly code: string;
  /**
   * True when the call failed for a passing reason (HTTP 5xx, throttling, a connection reset or
   * timeout) that the SDK's retries did not outlast: the cells of that call fail, the run goes on.
   */
  readonly transient: boolean;

  constructor(message: string, code: string, transient = false) {
    super(message);
    this.name = 'jest-iam live';
    this.code = code;
    this.transient = transient;
    this.stack = `${this.name}: ${message}`;
  }
}

/** Error codes IAM returns when it throttles (IAM API Reference, CommonErrors.html: ThrottlingException). */
const THROTTLING_CODES = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);

/** Codes meaning the credentials reached AWS but were refused (IAM API Reference, CommonErrors.html). */
const REJECTED_CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidAccessKeyId',
]);

/** Node network error codes meaning the endpoint could not be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
  cause?: unknown;
}

/** The AWS error code of an SDK error (`AccessDenied`, `Throttling`, ...), or its name. */
export function awsErrorCode(err: unknown): string {
  if (err instanceof IamLiveError) return err.code;
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as ErrorLike;
  return e.Code ?? e.name ?? e.code ?? 'Error';
}

/** True when IAM refused the call because of its request rate ("Rate exceeded"). */
export function isThrottling(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as ErrorLike;
  if (THROTTLING_CODES.has(awsErrorCode(err))) return true;
  if (e.$metadata?.httpStatusCode === 429) return true;
  return typeof e.message === 'string' && /rate exceeded/i.test(e.message);
}

/** True when IAM said the input itself is wrong (so splitting a batch can isolate the bad cell). */
export function isInvalidInput(err: unknown): boolean {
  const code = awsErrorCode(err);
  return code === 'InvalidInput' || code === 'InvalidInputException' || code === 'MalformedPolicyDocument' || code === 'MalformedPolicyDocumentException';
}

/** The network error code (ECONNREFUSED, ...) anywhere in the error's cause chain. */
function networkCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 5 && typeof cur === 'object' && cur !== null; depth++) {
    const e = cur as ErrorLike;
    if (e.code && NETWORK_CODES.has(e.code)) return e.code;
    if (e.name === 'TimeoutError') return 'timeout';
    // Under Jest the SDK sees Node's socket errors from another realm and wraps them as text
    // ("AWS SDK error wrapper for Error: connect ECONNREFUSED ..."): read the code from the text.
    const inText = /\b(E[A-Z]+)\b/.exec(e.message ?? '')?.[1];
    if (inText && NETWORK_CODES.has(inText)) return inText;
    // Node's HTTP client names a connection closed before the answer "socket hang up" (code ECONNRESET).
    if (/\bsocket hang up\b/.test(e.message ?? '')) return 'ECONNRESET';
    cur = e.cause;
  }
  return undefined;
}

/** Masks anything that looks like an access key id, so no credential ever reaches a log. */
export function redactSecrets(text: string): string {
  return text.replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, (m) => `${m.slice(0, 4)}****`);
}

/** IAM's own message, one line, without secrets. */
function iamSaid(err: unknown): string {
  const msg = typeof err === 'object' && err !== null ? (err as ErrorLike).message : undefined;
  if (!msg || msg === 'UnknownError') return '';
  return ` (IAM said: ${redactSecrets(msg.split('\n')[0])})`;
}

/**
 * One sentence saying what went wrong and what to set or grant. The IAM action named in an
 * AccessDenied message is `iam:<operation>`: the IAM API's actions and operations share names
 * (Service Authorization Reference, "Actions defined by AWS Identity and Access Management").
 */
export function describeAwsError(err: unknown, ctx: AwsErrorContext): string {
  // An endpoint may carry credentials (http://user:secret@host); no message prints them.
  return redactUserinfo(describeUnredacted(err, ctx));
}

function describeUnredacted(err: unknown, ctx: AwsErrorContext): string {
  const code = awsErrorCode(err);
  const action = `iam:${ctx.operation}`;
  const on = ctx.target ? ` on ${ctx.target}` : '';
  const where = ctx.endpoint ? ` at ${redactEndpoint(ctx.endpoint)}` : '';

  if (code === 'CredentialsProviderError') {
    // The SDK's default chain: environment keys, shared config/credentials files (SSO, credential_process),
    // web identity, container credentials, instance metadata (AWS SDKs and Tools Reference Guide, standardized credential providers).
    return 'No AWS credentials found for the IAM cross-check: the AWS SDK tried environment keys, AWS_PROFILE or the default profile in ~/.aws (run `aws sso login --profile <name>` for an SSO profile), web identity, container credentials and the instance role, and none answered. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a container or instance role is available.';
  }
  if (code === 'TokenProviderError') {
    return 'The AWS SSO session has no valid token: run `aws sso login` for the profile in AWS_PROFILE, then rerun.';
  }
  if (typeof err === 'object' && err !== null && /region is missing/i.test((err as ErrorLike).message ?? '')) {
    return 'No AWS region is configured for the IAM client: set AWS_REGION (IAM is global; any region of your partition works, e.g. us-east-1) or `region` in the profile named by AWS_PROFILE.';
  }
  const net = networkCode(err);
  const tries = ctx.attempts && ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  if (net === 'ECONNRESET' || net === 'EPIPE') {
    return `The connection to ${ctx.endpoint ? redactEndpoint(ctx.endpoint) : 'the IAM endpoint'} was reset during ${action} (${net})${tries}: a proxy or the network dropped it; rerun later, or check AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL if you set one.`;
  }
  if (net) {
    const target = ctx.endpoint ? redactEndpoint(ctx.endpoint) : 'the IAM endpoint';
    return `Cannot reach ${target} (${net}) for ${action}${tries}: check the network, and AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL if you set one.`;
  }
  if (code === 'AccessDenied' || code === 'AccessDeniedException' || code === 'UnauthorizedOperation') {
    return `IAM denied ${action}${on}${where}: the credentials in use need permission for ${action}${ctx.target ? ` on ${ctx.target}` : ''}${iamSaid(err)}.`;
  }
  if (code === 'NoSuchEntity' || code === 'NoSuchEntityException') {
    return `IAM has no such entity${ctx.target ? ` ${ctx.target}` : ''} (NoSuchEntity from ${action}): check the ARN, and that AWS_PROFILE or the credentials belong to the account that holds it${iamSaid(err)}.`;
  }
  if (isThrottling(err)) {
    return `IAM kept throttling ${action} (Rate exceeded)${tries}: lower JEST_IAM_CROSS_CHECK_CONCURRENCY or rerun later (results already received are cached).`;
  }
  if (REJECTED_CREDENTIAL_CODES.has(code)) {
    return `AWS rejected the credentials for ${action} (${code}): they are expired or invalid; refresh them (e.g. \`aws sso login\`) or check AWS_PROFILE${where}.`;
  }
  if (isInvalidInput(err)) {
    return `IAM rejected the input of ${action} (${code})${iamSaid(err)}.`;
  }
  if (code === 'LimitExceeded' || code === 'LimitExceededException') {
    return `IAM refused ${action}: a request limit was exceeded (${code})${iamSaid(err)}.`;
  }
  const status = typeof err === 'object' && err !== null ? (err as ErrorLike).$metadata?.httpStatusCode : undefined;
  if (code === 'ServiceFailure' || code === 'ServiceFailureException' || (status !== undefined && status >= 500)) {
    return `IAM failed to answer ${action} (${code}${status ? `, HTTP ${status}` : ''})${tries}; rerun later.`;
  }
  return `${action}${on} failed (${code})${iamSaid(err)}.`;
}

/** Wraps any error from an IAM call into an {@link IamLiveError} with a clear message. */
export function toIamLiveError(err: unknown, ctx: AwsErrorContext): IamLiveError {
  if (err instanceof IamLiveError) return err;
  return new IamLiveError(describeAwsError(err, ctx), awsErrorCode(err), isTransient(err));
}

/** Codes of IAM's passing failures (IAM API Reference, CommonErrors.html: InternalFailure, ServiceUnavailable; ServiceFailure). */
const TRANSIENT_CODES = new Set([
  'ServiceFailure',
  'ServiceFailureException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** A failure that retrying may cure: throttling, HTTP 5xx, a reset connection or a timeout (not an unreachable endpoint). */
function isTransient(err: unknown): boolean {
  if (isThrottling(err)) return true;
  const net = networkCode(err);
  if (net === 'ECONNRESET' || net === 'EPIPE' || net === 'ETIMEDOUT' || net === 'timeout') return true;
  if (net) return false;
  const status = typeof err === 'object' && err !== null ? (err as ErrorLike).$metadata?.httpStatusCode : undefined;
  return TRANSIENT_CODES.has(awsErrorCode(err)) || (status !== undefined && status >= 500);
}
