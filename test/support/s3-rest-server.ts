/**
 * A local S3 and S3 Control endpoint for offline tests: an HTTP server on 127.0.0.1 (random port)
 * that answers the read-only calls jest-iam makes, in the REST-XML shapes of the Amazon S3 API
 * Reference, so the real `@aws-sdk/client-s3` and `@aws-sdk/client-s3-control` can talk to it:
 * - S3 (path style): `GET /{bucket}?policy`, `GET /{bucket}?policyStatus`, `GET /{bucket}?publicAccessBlock`;
 * - S3 Control: `GET /v20180820/configuration/publicAccessBlock` with `x-amz-account-id`.
 * Errors use S3's error XML; faults (throttling, 5xx, unreadable bodies, access denied) can be injected.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BlockPublicAccessSettings } from '../../src/policy/block-public-access-settings';

export interface S3FixtureBucket {
  owner: string;
  policy?: object;
  /** S3's `IsPublic` answer; defaults to false. */
  isPublic?: boolean;
  publicAccessBlock?: BlockPublicAccessSettings;
}

export interface S3RestServerOptions {
  buckets: Record<string, S3FixtureBucket>;
  /** Account-level settings by account id. */
  accounts?: Record<string, BlockPublicAccessSettings>;
  /** The first `count` requests answer 503 SlowDown. */
  throttle?: { count: number };
  /** Answers a request (by operation name) with a fault instead of its result. */
  fault?: (operation: string) => { status: number; code?: string; body?: string } | undefined;
}

export interface S3RestServer {
  url: string;
  /** Every request received, as `OPERATION target`. */
  requests: string[];
  close(): Promise<void>;
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const settingsXml = (s: BlockPublicAccessSettings, ns = '') =>
  `<PublicAccessBlockConfiguration${ns}>${(['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const).map((k) => `<${k}>${s[k] === true}</${k}>`).join('')}</PublicAccessBlockConfiguration>`;
const errorXml = (code: string, message: string) => xml(`<Error><Code>${code}</Code><Message>${message}</Message><RequestId>local</RequestId></Error>`);

export async function startS3RestServer(options: S3RestServerOptions): Promise<S3RestServer> {
  const requests: string[] = [];
  let throttled = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: string, type = 'application/xml') => {
      res.writeHead(status, { 'content-type': type, 'x-amz-request-id': 'local' });
      res.end(body);
    };
    let operation: string;
    let target: string;
    if (url.pathname === '/v20180820/configuration/publicAccessBlock') {
      operation = 'GetAccountPublicAccessBlock';
      target = String(req.headers['x-amz-account-id'] ?? '');
    } else {
      target = decodeURIComponent(url.pathname.split('/')[1] ?? '');
      operation = url.searchParams.has('policyStatus')
        ? 'GetBucketPolicyStatus'
        : url.searchParams.has('policy')
          ? 'GetBucketPolicy'
          : url.searchParams.has('publicAccessBlock')
            ? 'GetBucketPublicAccessBlock'
            : 'Unknown';
    }
    requests.push(`${req.method} ${operation} ${target}`);
    if (req.method !== 'GET') return send(405, errorXml('MethodNotAllowed', 'only reads are served'));
    if (options.throttle && throttled < options.throttle.count) {
      throttled++;
      return send(503, errorXml('SlowDown', 'Please reduce your request rate.'));
    }
    const fault = options.fault?.(operation);
    if (fault) return send(fault.status, fault.body ?? errorXml(fault.code ?? 'InternalError', 'injected fault'));
    if (operation === 'GetAccountPublicAccessBlock') {
      const s = options.accounts?.[target];
      if (!s) return send(404, errorXml('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'));
      return send(200, xml(settingsXml(s, ' xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"')));
    }
    const bucket = options.buckets[target];
    if (!bucket) return send(404, errorXml('NoSuchBucket', 'The specified bucket does not exist'));
    const expected = req.headers['x-amz-expected-bucket-owner'];
    if (expected && expected !== bucket.owner) return send(403, errorXml('AccessDenied', 'Access Denied'));
    switch (operation) {
      case 'GetBucketPolicy':
        if (!bucket.policy) return send(404, errorXml('NoSuchBucketPolicy', 'The bucket policy does not exist'));
        return send(200, JSON.stringify(bucket.policy), 'application/json');
      case 'GetBucketPolicyStatus':
        return send(200, xml(`<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>${bucket.isPublic === true}</IsPublic></PolicyStatus>`));
      case 'GetBucketPublicAccessBlock':
        if (!bucket.publicAccessBlock)
          return send(404, errorXml('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'));
        return send(200, xml(settingsXml(bucket.publicAccessBlock, ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"')));
      default:
        return send(400, errorXml('NotImplemented', `the local S3 endpoint does not serve ${req.url}`));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
