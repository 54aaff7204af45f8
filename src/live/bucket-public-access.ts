/**
 * Reads what decides public access to one bucket from a live account, with read-only calls only
 * (Amazon S3 API Reference): S3 Control `GetPublicAccessBlock` (IAM action
 * s3:GetAccountPublicAccessBlock), and S3 `GetBucketPublicAccessBlock`, `GetBucketPolicy` and
 * `GetBucketPolicyStatus` (s3:GetBucketPublicAccessBlock, s3:GetBucketPolicy,
 * s3:GetBucketPolicyStatus). Credentials, region and endpoints follow the AWS SDK v3
 * conventions: the default credential chain, `AWS_PROFILE`, `AWS_REGION`, and
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_S3_CONTROL`, which the SDK reads itself. Throttling and
 * transient errors are retried by the SDK's standard retry strategy.
 */

import {
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand as GetBucketPublicAccessBlockCommand,
  S3Client,
  type PublicAccessBlockConfiguration,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient, type S3ControlClientConfig } from '@aws-sdk/client-s3-control';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import { isPublicPolicy } from '../engine/service-enforced/public-policy';
import type { BlockPublicAccess, BlockPublicAccessSettings } from '../policy/block-public-access-settings';
import { BLOCK_PUBLIC_ACCESS_SETTINGS } from '../policy/block-public-access-settings';
import { parsePolicy } from '../policy/parse-policy';
import type { Policy } from '../policy/policy-model';
import type { PolicySet } from '../policy/policy-set';

export interface BucketAccessOptions {
  bucket: string;
  /** The bucket owner's account (S3 Control needs it). */
  accountId: string;
  region?: string;
  profile?: string;
  credentials?: S3ClientConfig['credentials'];
  /** Custom endpoints, e.g. a local test server (path-style addressing is used then). */
  endpoints?: { s3?: string; s3Control?: string };
  /**
   * Whether the organisation applies an Amazon S3 policy (all four settings on). S3's own APIs do
   * not report it; give it when you know it (AWS Organizations, orgs_manage_policies_s3.md).
   */
  organization?: boolean;
}

/** What the account says about one bucket. */
export interface LiveBucketAccess {
  bucket: string;
  accountId: string;
  /** The bucket policy, parsed as a resource-based policy; absent when the bucket has none. */
  bucketPolicy?: Policy;
  /** Settings at each level as read (a level without a configuration has every setting off). */
  blockPublicAccess: BlockPublicAccess;
  /** S3's own verdict (`GetBucketPolicyStatus`), when the bucket has a policy. */
  s3SaysPublic?: boolean;
  /** jest-iam's verdict on the same policy, by the same page's definition. */
  jestIamSaysPublic?: boolean;
}

/** An AWS error the loader turns into a user-facing message. */
interface AwsError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const NOT_CONFIGURED = new Set(['NoSuchPublicAccessBlockConfiguration', 'NoSuchBucketPolicy']);

const unreadable = (what: string, why: string) =>
  new PolicyValidationError(
    [{ severity: 'error', code: 'live-s3-unreadable', message: `${what} answered something jest-iam cannot read (${why}); is the endpoint an S3 endpoint?` }],
    'live S3 read failed',
  );

/**
 * The four settings of an answer; none configured reads as all off. S3 always answers the four
 * elements, so an answer without them (an HTML page from a proxy, an empty body) is an error,
 * never "nothing blocked".
 */
function settingsOf(what: string, answer: { PublicAccessBlockConfiguration?: PublicAccessBlockConfiguration } | undefined): BlockPublicAccessSettings {
  const out: BlockPublicAccessSettings = {};
  const c = answer?.PublicAccessBlockConfiguration;
  if (answer && BLOCK_PUBLIC_ACCESS_SETTINGS.some((name) => typeof c?.[name] !== 'boolean'))
    throw unreadable(what, 'no PublicAccessBlockConfiguration with its four settings');
  for (const name of BLOCK_PUBLIC_ACCESS_SETTINGS) out[name] = c?.[name] === true;
  return out;
}

/** Runs one read; a "not configured" answer is `undefined`, any other failure a clear error. */
async function read<T>(what: string, action: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    const err = e as AwsError;
    if (err.name && NOT_CONFIGURED.has(err.name)) return undefined;
    const status = err.$metadata?.httpStatusCode;
    const hint = err.name === 'AccessDenied' || status === 403 ? ` (the caller needs ${action})` : '';
    throw new PolicyValidationError(
      [
        {
          severity: 'error',
          code: 'live-s3-read-failed',
          message: `${what} failed: ${err.name ?? 'error'}${status ? ` (HTTP ${status})` : ''}: ${err.message ?? String(e)}${hint}`,
        },
      ],
      'live S3 read failed',
    );
  }
}

/** Reads the bucket's policy and Block Public Access settings at the account and bucket levels. */
export async function loadBucketAccess(options: BucketAccessOptions): Promise<LiveBucketAccess> {
  const { bucket, accountId } = options;
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new PolicyValidationError(
      [
        {
          severity: 'error',
          code: 'bad-bucket-name',
          message: `${JSON.stringify(bucket)} is not an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)`,
        },
      ],
      'invalid bucket',
    );
  }
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
    throw new PolicyValidationError(
      [{ severity: 'error', code: 'bad-account-id', message: `${JSON.stringify(accountId)} is not a 12-digit AWS account id` }],
      'invalid account',
    );
  }
  const common = { region: options.region, profile: options.profile, credentials: options.credentials };
  const s3Config: S3ClientConfig = { ...common, ...(options.endpoints?.s3 ? { endpoint: options.endpoints.s3, forcePathStyle: true } : {}) };
  // S3 Control's endpoint rules put the account id in front of the host name; a custom endpoint
  // (a local server) has one host name, so it is used as it is.
  const controlEndpoint = options.endpoints?.s3Control;
  const controlConfig: S3ControlClientConfig = { ...common, ...(controlEndpoint ? { endpointProvider: () => ({ url: new URL(controlEndpoint) }) } : {}) };
  const s3 = new S3Client(s3Config);
  const control = new S3ControlClient(controlConfig);
  try {
    const [account, bucketBlock, policyText] = await Promise.all([
      read('S3 Control GetPublicAccessBlock', 's3:GetAccountPublicAccessBlock', () => control.send(new GetPublicAccessBlockCommand({ AccountId: accountId }))),
      read(`S3 GetBucketPublicAccessBlock on ${bucket}`, 's3:GetBucketPublicAccessBlock', () =>
        s3.send(new GetBucketPublicAccessBlockCommand({ Bucket: bucket, ExpectedBucketOwner: accountId })),
      ),
      read(`S3 GetBucketPolicy on ${bucket}`, 's3:GetBucketPolicy', () =>
        s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: accountId })),
      ),
    ]);
    const out: LiveBucketAccess = {
      bucket,
      accountId,
      blockPublicAccess: {
        ...(options.organization !== undefined ? { organization: options.organization } : {}),
        account: settingsOf('S3 Control GetPublicAccessBlock', account),
        bucket: settingsOf(`S3 GetBucketPublicAccessBlock on ${bucket}`, bucketBlock),
      },
    };
    if (policyText) {
      if (typeof policyText.Policy !== 'string' || !policyText.Policy.trim()) throw unreadable(`S3 GetBucketPolicy on ${bucket}`, 'no policy document');
      out.bucketPolicy = parsePolicy(policyText.Policy, { name: `bucket policy of ${bucket}`, policyType: 'resource' });
      out.jestIamSaysPublic = isPublicPolicy([out.bucketPolicy]);
      const what = `S3 GetBucketPolicyStatus on ${bucket}`;
      const status = await read(what, 's3:GetBucketPolicyStatus', () =>
        s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket, ExpectedBucketOwner: accountId })),
      );
      if (status) {
        if (typeof status.PolicyStatus?.IsPublic !== 'boolean') throw unreadable(what, 'no PolicyStatus IsPublic');
        out.s3SaysPublic = status.PolicyStatus.IsPublic;
      }
    }
    return out;
  } finally {
    s3.destroy();
    control.destroy();
  }
}

/** A scenario policy set whose bucket policy and Block Public Access settings come from the account. */
export interface LiveBucketRef {
  bucket: string;
  /** The bucket owner's account. */
  account: string;
  /** The set to fill in: its resource-based policies and Block Public Access settings are replaced. */
  set: PolicySet;
}

/**
 * Fills a live bucket's set from the account: the bucket policy becomes its resource-based
 * policy, the settings read its Block Public Access (an `organization` value the set already has
 * is kept: S3's APIs do not report it). Endpoints come from `AWS_ENDPOINT_URL_S3` and
 * `AWS_ENDPOINT_URL_S3_CONTROL` when set, read here only to address a single-host endpoint.
 */
export async function hydrateLiveBucket(
  ref: LiveBucketRef,
  options: Pick<BucketAccessOptions, 'region' | 'profile' | 'credentials'> = {},
): Promise<LiveBucketAccess> {
  const endpoints = { s3: process.env.AWS_ENDPOINT_URL_S3, s3Control: process.env.AWS_ENDPOINT_URL_S3_CONTROL };
  const organization = ref.set.blockPublicAccess?.organization;
  const got = await loadBucketAccess({
    ...options,
    bucket: ref.bucket,
    accountId: ref.account,
    ...(endpoints.s3 || endpoints.s3Control
      ? { endpoints: { ...(endpoints.s3 ? { s3: endpoints.s3 } : {}), ...(endpoints.s3Control ? { s3Control: endpoints.s3Control } : {}) } }
      : {}),
    ...(organization !== undefined ? { organization } : {}),
  });
  ref.set.resource = got.bucketPolicy ? [got.bucketPolicy] : [];
  ref.set.blockPublicAccess = got.blockPublicAccess;
  return got;
}
