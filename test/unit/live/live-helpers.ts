import type { IAMClient } from '@aws-sdk/client-iam';
import { createIamClient } from '../../../src/live/iam-client';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeRequest, type AccessRequest } from '../../../src/request/access-request';
import type { PolicySet } from '../../../src/policy/policy-set';
import { IamLiveError } from '../../../src/live/aws-errors';
import type { RetryOptions } from '../../../src/live/iam-call';
import { mapPolicySet, type SimulationInput } from '../../../src/live/map-policy-set';
import type { FixtureAccount, IamQueryServer } from '../../support/iam-query-server';

/** The fixture account of test/fixtures/iam/account.json. */
export function fixtureAccount(): FixtureAccount {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/iam/account.json'), 'utf8')) as FixtureAccount;
}

/** Retries without waiting (the backoff itself is tested on its own). */
export const noWait: RetryOptions = { random: () => 0, baseDelayMs: 1 };

/** The real SDK client pointed at the local server, built as jest-iam builds it (SDK retries, read-only guard), with retries that do not wait. */
export function clientFor(server: IamQueryServer, retry: RetryOptions = noWait): IAMClient {
  return createIamClient({ ...server.clientOptions, retry });
}

/** A fresh temporary cache directory. */
export function tempDir(prefix = 'jest-iam-cache-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The simulation input of one cell (throws when the cell cannot be simulated). */
export function inputOf(set: PolicySet, request: AccessRequest): SimulationInput {
  const mapped = mapPolicySet(set, normalizeRequest(request));
  if (!mapped.input) throw new Error(`not simulable: ${mapped.notComparable.join('; ')}`);
  return mapped.input;
}

export const ACCOUNT = '111122223333';
export const rekognition = `arn:aws:rekognition:us-east-1:${ACCOUNT}`;
export const model = `${rekognition}:project/MyProject/version/MyVersion/1690000000001`;
export const model2 = `${rekognition}:project/MyProject/version/MyVersion2/1690000000002`;
export const project = `${rekognition}:project/MyProject/1690000000000`;
export const sampleProject = `${rekognition}:project/SampleProject/1690000000005`;

/** An S3 object ARN in bucket-<i>. */
export const bucketOf = (i: number): string => `arn:aws:s3:::bucket-${i}/key`;

/** The IamLiveError a live call or check fails with (the test fails if it succeeds or throws anything else). */
export async function failure(p: Promise<unknown>): Promise<IamLiveError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IamLiveError);
    return e as IamLiveError;
  }
  throw new Error('expected an IamLiveError, but the call succeeded');
}
