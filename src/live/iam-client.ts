import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { guardReadOnly, retryStrategyFor, type RetryOptions } from './iam-call';

/**
 * How to build the IAM client. Everything is optional: by default the AWS SDK v3 resolves
 * credentials through its default chain (environment, `AWS_PROFILE` and the shared config
 * files, SSO, web identity, container and instance roles), the region from `AWS_REGION` or the
 * profile, and the endpoint from `AWS_ENDPOINT_URL_IAM` / `AWS_ENDPOINT_URL` or the profile's
 * `endpoint_url` (the SDK reads these itself when no `endpoint` is passed).
 */
export interface IamClientOptions {
  region?: string;
  /** A custom endpoint, e.g. a local test server. */
  endpoint?: string;
  /** A profile of the shared config files (like `AWS_PROFILE`). */
  profile?: string;
  credentials?: IAMClientConfig['credentials'];
  /** Retries of throttled and transiently failed calls (default: 6 retries, full-jitter backoff from 250 ms). */
  retry?: RetryOptions;
}

/**
 * Builds the IAM client the cross-check and the live loader use: the SDK's retry strategy with
 * jest-iam's backoff ({@link retryStrategyFor}), and the read-only guard in its middleware.
 */
export function createIamClient(options: IamClientOptions = {}): IAMClient {
  const config: IAMClientConfig = { retryStrategy: retryStrategyFor(options.retry) };
  if (options.region) config.region = options.region;
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.profile) config.profile = options.profile;
  if (options.credentials) config.credentials = options.credentials;
  return guardReadOnly(new IAMClient(config));
}

/** The endpoint a client was configured with, for messages (undefined: the SDK's default). */
export async function configuredEndpoint(client: IAMClient): Promise<string | undefined> {
  const ep = client.config.endpoint;
  if (typeof ep !== 'function') return undefined;
  try {
    const v = await ep();
    return `${v.protocol}//${v.hostname}${v.port ? `:${v.port}` : ''}${v.path && v.path !== '/' ? v.path : ''}`;
  } catch {
    return undefined;
  }
}
