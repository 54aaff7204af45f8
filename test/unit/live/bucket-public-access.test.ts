import { loadBucketAccess } from '../../../src/live/bucket-public-access';
import { PolicyValidationError } from '../../../src/diagnostics/policy-issue';
import { startS3RestServer, type S3RestServer, type S3RestServerOptions } from '../../support/s3-rest-server';

// The live loader, end to end: the real @aws-sdk/client-s3 and client-s3-control against the
// project's local S3 endpoint, with static credentials (no AWS account, no network).
const ACCOUNT = '111122223333';
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };
const publicPolicy = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'World', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data-bucket/*' }],
};

let server: S3RestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function load(options: S3RestServerOptions, bucket = 'data-bucket') {
  server = await startS3RestServer(options);
  return loadBucketAccess({ bucket, accountId: ACCOUNT, region: 'us-east-1', credentials, endpoints: { s3: server.url, s3Control: server.url } });
}

describe('reading Block Public Access from a live account (read-only S3 calls)', () => {
  test('reads the account and bucket settings, the bucket policy and S3 policy status', async () => {
    const got = await load({
      buckets: { 'data-bucket': { owner: ACCOUNT, policy: publicPolicy, isPublic: true, publicAccessBlock: { RestrictPublicBuckets: true } } },
      accounts: { [ACCOUNT]: { BlockPublicAcls: true, IgnorePublicAcls: true } },
    });
    expect(got.blockPublicAccess).toEqual({
      account: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      bucket: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true },
    });
    expect(got.bucketPolicy?.statements.map((s) => s.sid)).toEqual(['World']);
    expect(got.s3SaysPublic).toBe(true);
    expect(got.jestIamSaysPublic).toBe(true);
    expect([...server!.requests].sort()).toEqual([
      `GET GetAccountPublicAccessBlock ${ACCOUNT}`,
      'GET GetBucketPolicy data-bucket',
      'GET GetBucketPolicyStatus data-bucket',
      'GET GetBucketPublicAccessBlock data-bucket',
    ]);
  });

  test('a bucket without a policy or settings reads as every setting off and no policy', async () => {
    const got = await load({ buckets: { 'data-bucket': { owner: ACCOUNT } } });
    expect(got.bucketPolicy).toBeUndefined();
    expect(got.blockPublicAccess.account).toEqual({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
    expect(server!.requests.some((r) => r.includes('GetBucketPolicyStatus'))).toBe(false);
  });

  test('throttling (503 SlowDown) is retried by the SDK retry strategy', async () => {
    const got = await load({ buckets: { 'data-bucket': { owner: ACCOUNT, policy: publicPolicy } }, throttle: { count: 2 } });
    expect(got.bucketPolicy).toBeDefined();
    // Four reads, and the two throttled answers asked again.
    expect(server!.requests).toHaveLength(6);
  });

  test('access denied names the IAM action the caller needs', async () => {
    const error = await load({
      buckets: { 'data-bucket': { owner: ACCOUNT } },
      fault: (op) => (op === 'GetBucketPolicy' ? { status: 403, code: 'AccessDenied' } : undefined),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect((error as Error).message).toMatch(/S3 GetBucketPolicy on data-bucket failed: AccessDenied \(HTTP 403\): .*\(the caller needs s3:GetBucketPolicy\)/);
  });

  test('a bucket owned by another account is refused (ExpectedBucketOwner)', async () => {
    const error = await load({ buckets: { 'data-bucket': { owner: '444455556666' } } }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/failed: AccessDenied \(HTTP 403\)/);
  });

  test.each([
    ['GetBucketPublicAccessBlock', '<html>proxy login</html>', /S3 GetBucketPublicAccessBlock on data-bucket answered something jest-iam cannot read/],
    ['GetAccountPublicAccessBlock', '', /S3 Control GetPublicAccessBlock (answered something jest-iam cannot read|failed)/],
    ['GetBucketPolicyStatus', '<PolicyStatus></PolicyStatus>', /S3 GetBucketPolicyStatus on data-bucket answered something jest-iam cannot read/],
  ])('an unreadable %s answer is an error, not an empty configuration', async (operation, body, message) => {
    const error = await load({
      buckets: { 'data-bucket': { owner: ACCOUNT, policy: publicPolicy } },
      fault: (op) => (op === operation ? { status: 200, body } : undefined),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect((error as Error).message).toMatch(message);
  });

  test('a 500 that persists fails with the status, after the SDK retries', async () => {
    const error = await load({
      buckets: { 'data-bucket': { owner: ACCOUNT } },
      fault: (op) => (op === 'GetBucketPolicy' ? { status: 500, code: 'InternalError' } : undefined),
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/S3 GetBucketPolicy on data-bucket failed: InternalError \(HTTP 500\)/);
    expect(server!.requests.filter((r) => r.includes('GetBucketPolicy data-bucket'))).toHaveLength(3);
  });

  test('a bucket name that is not one is refused before any call', async () => {
    await expect(loadBucketAccess({ bucket: '../etc', accountId: ACCOUNT })).rejects.toThrow('"../etc" is not an S3 bucket name');
  });
});
