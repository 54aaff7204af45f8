import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluate } from '../../../src/engine/evaluate';
import { loadScenario } from '../../../src/scenario';
import { prepareScenarioLive } from '../../../src/live/scenario-cross-check';
import { startS3RestServer, type S3RestServer } from '../../support/s3-rest-server';

// A scenario policy set with `source: live`: the bucket policy and Block Public Access settings
// are read from the account (real S3 SDK clients, the project's local S3 endpoint) in beforeAll.
const OWNER = '111122223333';
const page = 'arn:aws:s3:::example-website/index.html';
const env = ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_S3_CONTROL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'JEST_IAM_CROSS_CHECK'] as const;
const saved = Object.fromEntries(env.map((k) => [k, process.env[k]]));
let server: S3RestServer;
let dir: string;

beforeEach(async () => {
  server = await startS3RestServer({
    buckets: {
      'example-website': {
        owner: OWNER,
        policy: JSON.parse(fs.readFileSync(path.join(__dirname, '../../../examples/public-bucket/policies/website-bucket.json'), 'utf8')),
        isPublic: true,
      },
    },
    accounts: { [OWNER]: { RestrictPublicBuckets: true } },
  });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: server.url,
    AWS_ENDPOINT_URL_S3_CONTROL: server.url,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    JEST_IAM_CROSS_CHECK: '0',
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-live-bucket-'));
});
afterEach(async () => {
  for (const k of env)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const scenario = (sets: string) => {
  const file = path.join(dir, 'live.iam.yaml');
  fs.writeFileSync(
    file,
    `name: live bucket\npolicySets:\n${sets}\nprincipals:\n  visitor:\n    arn: anonymous\n    policies: website\n    resourceAccount: "${OWNER}"\n    explicitDeny:\n      - action: s3:GetObject\n        resource: "${page}"\n`,
  );
  return file;
};

test('setup reads the bucket policy and the account settings into the set', async () => {
  const s = loadScenario(scenario(`  website:\n    source: live\n    bucket: example-website\n    account: "${OWNER}"\n`));
  expect(s.liveBuckets).toHaveLength(1);
  const set = s.principals[0].policySet;
  const live = prepareScenarioLive({ cells: [], liveBuckets: s.liveBuckets });
  await live!.setup();
  expect(set.resource?.[0].statements.map((st) => st.sid)).toEqual(['PublicRead', 'DeployRole']);
  expect(set.blockPublicAccess?.account?.RestrictPublicBuckets).toBe(true);
  const d = evaluate(set, { action: 's3:GetObject', resource: page, principal: 'anonymous', resourceAccount: OWNER });
  expect(d.serviceDenial).toMatchObject({ code: 'bpa-restrict-public-buckets', level: 'account' });
  expect(server.requests.every((r) => r.startsWith('GET '))).toBe(true);
});

test('source: live without bucket or with its own resource policy is refused with a position', () => {
  expect(() => loadScenario(scenario(`  website:\n    source: live\n    account: "${OWNER}"\n`))).toThrow(
    /live\.iam\.yaml:4:13: error: a policy set with source: live reads a bucket from the account: give `bucket`/,
  );
  expect(() => loadScenario(scenario(`  website:\n    source: live\n    bucket: example-website\n    account: "${OWNER}"\n    resource: []\n`))).toThrow(
    /live\.iam\.yaml:7:15: error: `resource` comes from the account for a source: live bucket; remove it/,
  );
});
