import { CreateUserCommand, IAMClient, SimulateCustomPolicyCommand } from '@aws-sdk/client-iam';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { describeAwsError, redactSecrets } from '../../../src/live/aws-errors';
import { crossCheck } from '../../../src/live/cross-check';
import { sendIam } from '../../../src/live/iam-call';
import { createIamClient } from '../../../src/live/iam-client';
import { loadLivePrincipal } from '../../../src/live/load-principal';
import { allow, policyOf } from '../../support/policies';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { ACCOUNT, clientFor, failure, fixtureAccount, tempDir } from './live-helpers';

const set = { identity: [policyOf([allow('s3:GetObject')])] };
const cell = { set, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' } };
const simulateCommand = () => new SimulateCustomPolicyCommand({ PolicyInputList: [set.identity[0].text], ActionNames: ['s3:GetObject'] });

let server: IamQueryServer;
afterEach(async () => {
  await server?.close();
});

describe('IAM API Reference, Common Errors: each AWS error becomes one sentence saying what is missing', () => {
  test('AccessDenied on iam:SimulateCustomPolicy names the permission to grant', async () => {
    server = await startIamQueryServer({
      failWith: (a) =>
        a === 'SimulateCustomPolicy'
          ? { code: 'AccessDenied', message: `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: iam:SimulateCustomPolicy`, status: 403 }
          : undefined,
    });
    const e = await failure(crossCheck([cell], { client: clientFor(server) }));
    expect(e.message).toBe(
      `IAM denied iam:SimulateCustomPolicy: the credentials in use need permission for iam:SimulateCustomPolicy (IAM said: User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: iam:SimulateCustomPolicy).`,
    );
    expect(e.code).toBe('AccessDenied');
    expect(e.stack).toBe(`jest-iam live: ${e.message}`);
  });

  test('AccessDenied on iam:SimulatePrincipalPolicy names the principal it was about', async () => {
    server = await startIamQueryServer({
      account: fixtureAccount(),
      failWith: (a) => (a === 'SimulatePrincipalPolicy' ? { code: 'AccessDenied', message: 'not authorized', status: 403 } : undefined),
    });
    const client = clientFor(server);
    const alice = await loadLivePrincipal(`arn:aws:iam::${ACCOUNT}:user/eng/alice`, { client });
    const e = await failure(crossCheck([{ set: alice, request: { action: 'rekognition:CreateProject' } }], { client }));
    expect(e.message).toBe(
      `IAM denied iam:SimulatePrincipalPolicy on arn:aws:iam::${ACCOUNT}:user/eng/alice: the credentials in use need permission for iam:SimulatePrincipalPolicy on arn:aws:iam::${ACCOUNT}:user/eng/alice (IAM said: not authorized).`,
    );
  });

  test('AccessDenied on a read call while loading a live principal names that read permission', async () => {
    server = await startIamQueryServer({
      account: fixtureAccount(),
      failWith: (a) => (a === 'GetUserPolicy' ? { code: 'AccessDenied', message: 'denied', status: 403 } : undefined),
    });
    const e = await failure(loadLivePrincipal(`arn:aws:iam::${ACCOUNT}:user/eng/alice`, { client: clientFor(server) }));
    expect(e.message).toMatch(
      /^IAM denied iam:GetUserPolicy on arn:aws:iam::111122223333:user\/eng\/alice: the credentials in use need permission for iam:GetUserPolicy/,
    );
  });

  test('NoSuchEntity says the entity does not exist in the account of the credentials', async () => {
    server = await startIamQueryServer({ account: fixtureAccount() });
    const e = await failure(loadLivePrincipal(`arn:aws:iam::${ACCOUNT}:user/nobody`, { client: clientFor(server) }));
    expect(e.message).toBe(
      `IAM has no such entity arn:aws:iam::${ACCOUNT}:user/nobody (NoSuchEntity from iam:GetUser): check the ARN, and that AWS_PROFILE or the credentials belong to the account that holds it (IAM said: The user with name nobody cannot be found.).`,
    );
  });

  test('expired or invalid credentials say to refresh them', async () => {
    server = await startIamQueryServer({
      failWith: () => ({ code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403 }),
    });
    const e = await failure(sendIam(clientFor(server), simulateCommand()));
    expect(e.message).toBe(
      'AWS rejected the credentials for iam:SimulateCustomPolicy (ExpiredToken): they are expired or invalid; refresh them (e.g. `aws sso login`) or check AWS_PROFILE.',
    );
  });

  test('an unreachable endpoint names the endpoint and AWS_ENDPOINT_URL_IAM', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
    const e = await failure(sendIam(client, simulateCommand(), { endpoint }));
    expect(e.message).toBe(
      `Cannot reach ${endpoint} (ECONNREFUSED) for iam:SimulateCustomPolicy: check the network, and AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL if you set one.`,
    );
  });

  test('only simulate and read calls are ever sent: anything else is refused before leaving the process', async () => {
    server = await startIamQueryServer();
    const e = await failure(sendIam(clientFor(server), new CreateUserCommand({ UserName: 'x' })));
    expect(e.message).toBe('jest-iam only sends IAM simulate and read calls; refused iam:CreateUser.');
    expect(server.count()).toBe(0);
  });
});

describe('AWS SDK settings: missing credentials and region get one clear sentence (default credential chain, AWS_REGION)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  /** An environment where the SDK finds no credentials and no region, without touching the network. */
  function isolatedEnv(): void {
    const dir = tempDir('jest-iam-aws-');
    const empty = path.join(dir, 'empty');
    fs.writeFileSync(empty, '');
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    process.env.AWS_CONFIG_FILE = empty;
    process.env.AWS_SHARED_CREDENTIALS_FILE = empty;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  }

  test('no credentials anywhere in the chain: CredentialsProviderError names the sources the SDK tried and what to set', async () => {
    isolatedEnv();
    server = await startIamQueryServer();
    const client = createIamClient({ endpoint: server.endpoint, region: 'us-east-1' });
    const e = await failure(sendIam(client, simulateCommand()));
    expect(e.code).toBe('CredentialsProviderError');
    expect(e.message).toBe(
      'No AWS credentials found for the IAM cross-check: the AWS SDK tried environment keys, AWS_PROFILE or the default profile in ~/.aws (run `aws sso login --profile <name>` for an SSO profile), web identity, container credentials and the instance role, and none answered. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a container or instance role is available.',
    );
    expect(server.count()).toBe(0);
  });

  test('no region: says to set AWS_REGION', async () => {
    isolatedEnv();
    server = await startIamQueryServer();
    const client = createIamClient({ endpoint: server.endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
    const e = await failure(sendIam(client, simulateCommand()));
    expect(e.message).toBe(
      'No AWS region is configured for the IAM client: set AWS_REGION (IAM is global; any region of your partition works, e.g. us-east-1) or `region` in the profile named by AWS_PROFILE.',
    );
  });

  test('AWS_ENDPOINT_URL_IAM is honoured by the SDK itself when no endpoint is passed', async () => {
    isolatedEnv();
    server = await startIamQueryServer();
    process.env.AWS_ENDPOINT_URL_IAM = server.endpoint;
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'x';
    const report = await crossCheck([cell], { client: createIamClient() });
    expect(report.outcomes[0].status).toBe('agree');
    expect(server.count('SimulateCustomPolicy')).toBe(1);
  });
});

describe('Credentials and secrets are never printed', () => {
  test('access key ids in AWS messages are masked', () => {
    expect(redactSecrets('The key AKIAIOSFODNN7EXAMPLE is not valid; session ASIAY34FZKBOKMUTVV7A')).toBe('The key AKIA**** is not valid; session ASIA****');
  });

  test('a message built from an AWS error carries no key id, secret or stack', () => {
    const err = Object.assign(new Error('The security token AKIAIOSFODNN7EXAMPLE is invalid'), { name: 'InvalidClientTokenId', Code: 'InvalidClientTokenId' });
    const msg = describeAwsError(err, { operation: 'SimulateCustomPolicy' });
    expect(msg).not.toMatch(/AKIAIOSFODNN7EXAMPLE|\n\s+at /);
    expect(msg).toContain('(InvalidClientTokenId)');
  });
});
