import { evaluate } from '../../../src/engine/evaluate';
import { crossCheck } from '../../../src/live/cross-check';
import type { CallCounter } from '../../../src/live/iam-call';
import { livePrincipalOf } from '../../../src/live/live-principal-registry';
import { decodePolicyDocument, hydrateLivePolicySet, loadLivePrincipal } from '../../../src/live/load-principal';
import type { PolicySet } from '../../../src/policy/policy-set';
import { parsePolicy } from '../../../src/policy/parse-policy';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { SimulationCache } from '../../../src/live/simulate-cache';
import { configureCrossCheck, resetCrossCheckSetup } from '../../../src/live/cross-check-session';
import { ACCOUNT, clientFor, fixtureAccount, model, model2, project, sampleProject, tempDir } from './live-helpers';

const aliceArn = `arn:aws:iam::${ACCOUNT}:user/eng/alice`;
const managerArn = `arn:aws:iam::${ACCOUNT}:role/rekognition/ModelManager`;

let server: IamQueryServer;
beforeEach(async () => {
  // Pages of 2 items: alice's 3 inline policies need 2 ListUserPolicies calls.
  server = await startIamQueryServer({ account: fixtureAccount(), pageSize: 2 });
});
afterEach(async () => {
  await server.close();
});

describe('IAM User Guide, reference_policies_evaluation-logic.md: a user is evaluated with its inline, managed and group policies and its permissions boundary', () => {
  let alice: PolicySet;
  let counter: CallCounter;
  beforeEach(async () => {
    counter = { calls: 0, retries: 0 };
    alice = await loadLivePrincipal(aliceArn, { client: clientFor(server), counter });
  });

  test('every policy is loaded, named after where it comes from', () => {
    expect(alice.identity.map((p) => p.name)).toEqual([
      'alice/DetectWithMyVersion (inline)',
      'alice/CreateProjects (inline)',
      'alice/NeverSampleProject (inline)',
      'arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess (managed)',
      'group ModelTrainers/TrainModels (inline)',
      `arn:aws:iam::${ACCOUNT}:policy/S3ImagesRead (managed, via group ModelTrainers)`,
    ]);
    expect(alice.boundary?.name).toBe(`arn:aws:iam::${ACCOUNT}:policy/RekognitionBoundary (permissions boundary)`);
  });

  test('IAM API Reference, GetPolicy/GetPolicyVersion: the managed policy is read at its default version (v2), not another', () => {
    const managed = alice.identity.find((p) => p.name.includes('AmazonRekognitionReadOnlyAccess'))!;
    expect(managed.statements.map((s) => s.sid)).toEqual(['RekognitionReadOnlyAccess']);
    expect(server.requests.find((r) => r.action === 'GetPolicyVersion' && r.params.get('PolicyArn')?.includes('ReadOnly'))?.params.get('VersionId')).toBe('v2');
  });

  test('IAM API Reference, ListUserPolicies: pagination is followed (Marker / IsTruncated)', () => {
    expect(server.calls.ListUserPolicies).toBe(2);
    expect(server.requests.filter((r) => r.action === 'ListUserPolicies')[1].params.get('Marker')).toBeTruthy();
  });

  test('only read calls were made, and counted', () => {
    expect(Object.keys(server.calls).sort()).toEqual(
      [
        'GetGroupPolicy',
        'GetPolicy',
        'GetPolicyVersion',
        'GetUser',
        'GetUserPolicy',
        'ListAttachedGroupPolicies',
        'ListAttachedUserPolicies',
        'ListGroupPolicies',
        'ListGroupsForUser',
        'ListUserPolicies',
      ].sort(),
    );
    expect(counter.calls).toBe(server.count());
  });

  test('the loaded set decides locally like any other: group policy, boundary and explicit deny all apply', () => {
    expect(evaluate(alice, { action: 'rekognition:CreateProjectVersion', resource: project }).result).toBe('Allow');
    expect(evaluate(alice, { action: 's3:GetObject', resource: 'arn:aws:s3:::Tests3bucket/cat.jpg' }).result).toBe('Allow');
    // S3ImagesRead allows ListBucket, the permissions boundary does not (access_policies_boundaries.md).
    expect(evaluate(alice, { action: 's3:ListBucket', resource: 'arn:aws:s3:::Tests3bucket' }).result).toBe('ImplicitDeny');
    expect(evaluate(alice, { action: 'rekognition:CreateProject', resource: sampleProject }).result).toBe('ExplicitDeny');
  });

  test('the set is marked as a live principal, with the ARN IAM returned (path included)', () => {
    expect(livePrincipalOf(alice)).toMatchObject({ arn: aliceArn, kind: 'user' });
  });

  test('IAM API Reference, SimulatePrincipalPolicy: a live principal is cross-checked by PolicySourceArn, not by policy text', async () => {
    server.reset();
    const cells = [
      { action: 'rekognition:DetectCustomLabels', resource: model },
      { action: 'rekognition:DetectCustomLabels', resource: model2 },
      { action: 'rekognition:CreateProject', resource: sampleProject },
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::Tests3bucket' },
    ].map((request) => ({ set: alice, request }));
    const report = await crossCheck(cells, { client: clientFor(server) });
    expect(report.outcomes.map((o) => [o.status, o.local.result])).toEqual([
      ['agree', 'Allow'],
      ['agree', 'ImplicitDeny'],
      ['agree', 'ExplicitDeny'],
      ['agree', 'ImplicitDeny'],
    ]);
    expect(server.count('SimulateCustomPolicy')).toBe(0);
    expect(server.requests.every((r) => r.params.get('PolicySourceArn') === aliceArn && !r.params.has('PolicyInputList.member.1'))).toBe(true);
    // IAM names the deciding statement by the inline policy's name.
    expect(report.outcomes[2].iam?.matchedStatements[0].sourcePolicyId).toBe('NeverSampleProject');
  });

  test("SimulatePrincipalPolicy applies the account's real SCPs: a deny they cause is not compared with a set that has no SCPs", async () => {
    const report = await crossCheck([{ set: alice, request: { action: 'rekognition:CreateProjectVersion', resource: project } }], {
      client: clientFor(server),
    });
    expect(report.outcomes[0].local.result).toBe('Allow');
    expect(report.outcomes[0].status).toBe('skipped');
    expect(report.outcomes[0].message).toContain(
      "IAM applied the account's own SCPs, which deny rekognition:CreateProjectVersion (OrganizationsDecisionDetail.AllowedByOrganizations=false)",
    );
  });
});

describe('IAM User Guide, reference_policies_evaluation-logic.md: a role is evaluated with its inline and managed policies', () => {
  test('a role is loaded with ListRolePolicies / GetRolePolicy / ListAttachedRolePolicies and GetRole', async () => {
    const set = await loadLivePrincipal(managerArn, { client: clientFor(server) });
    expect(set.identity.map((p) => p.name)).toEqual([
      'ModelManager/ProjectModelManager (inline)',
      'arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess (managed)',
    ]);
    expect(set.boundary).toBeUndefined();
    expect(server.calls.GetRole).toBe(1);
    expect(evaluate(set, { action: 'rekognition:StartProjectVersion', resource: model }).result).toBe('Allow');
  });

  test('an assumed-role session ARN loads its role (IAM User Guide, reference_identifiers.md)', async () => {
    const set = await loadLivePrincipal(`arn:aws:sts::${ACCOUNT}:assumed-role/ModelManager/ci-session`, { client: clientFor(server) });
    expect(livePrincipalOf(set)).toMatchObject({ arn: managerArn, kind: 'role' });
  });

  test('hydrateLivePolicySet fills a set object that scenario cells already hold', async () => {
    const placeholder: PolicySet = { identity: [] };
    const returned = await hydrateLivePolicySet(placeholder, managerArn, { client: clientFor(server) });
    expect(returned).toBe(placeholder);
    expect(placeholder.identity).toHaveLength(2);
    expect(livePrincipalOf(placeholder)?.arn).toBe(managerArn);
  });

  test('an ARN that is not a user, role or session is a clear error', async () => {
    await expect(loadLivePrincipal('arn:aws:s3:::bucket', { client: clientFor(server) })).rejects.toThrow(
      '"arn:aws:s3:::bucket" is not an IAM user, role or assumed-role ARN; a live principal is named by one (e.g. arn:aws:iam::111122223333:role/ModelManager).',
    );
    expect(server.count()).toBe(0);
  });
});

describe('IAM API Reference, GetPolicyVersion: documents are URL-encoded (RFC 3986)', () => {
  test('decoded before parsing; text that is not URL-encoded is kept', () => {
    expect(decodePolicyDocument('%7B%22Version%22%3A%20%222012-10-17%22%7D')).toBe('{"Version": "2012-10-17"}');
    expect(decodePolicyDocument('{"a": "100%"}')).toBe('{"a": "100%"}');
  });
});

describe('Live principal reads are cached with the TTL of SimulatePrincipalPolicy answers (JEST_IAM_CACHE_TTL)', () => {
  test('a rerun within the TTL makes 0 read calls and gives the same policies; after the TTL IAM is read again; progress is printed while loading', async () => {
    const dir = tempDir();
    let now = 1_000_000;
    const cache = () => new SimulationCache({ dir, principalTtlSeconds: 60, now: () => now });
    const lines: string[] = [];
    const first = await loadLivePrincipal(aliceArn, { client: clientFor(server), cache: cache(), endpoint: server.endpoint, onProgress: (l) => lines.push(l) });
    const reads = server.count();
    expect(reads).toBeGreaterThan(10);
    expect(lines[0]).toBe(`jest-iam live: loading ${aliceArn} from IAM...`);
    expect(lines.at(-1)).toBe(`jest-iam live: loaded ${aliceArn} (6 identity-based policies, a permissions boundary; ${reads} read calls)`);

    server.reset();
    lines.length = 0;
    now += 59_000;
    const again = await loadLivePrincipal(aliceArn, { client: clientFor(server), cache: cache(), endpoint: server.endpoint, onProgress: (l) => lines.push(l) });
    expect(server.count()).toBe(0);
    expect(lines).toEqual([`jest-iam live: ${aliceArn} loaded from the cache (0 read calls; ${reads} when read)`]);
    expect(again.identity.map((p) => [p.name, p.text])).toEqual(first.identity.map((p) => [p.name, p.text]));
    expect(livePrincipalOf(again)?.iamIds.get(again.identity[0])).toBe(livePrincipalOf(first)?.iamIds.get(first.identity[0]));
    // The cached principal still simulates as itself (SimulatePrincipalPolicy).
    const report = await crossCheck([{ set: again, request: { action: 'rekognition:DetectCustomLabels', resource: model } }], { client: clientFor(server) });
    expect(report.outcomes[0].status).toBe('agree');
    expect(server.count('SimulatePrincipalPolicy')).toBe(1);

    server.reset();
    now += 2_000;
    await loadLivePrincipal(aliceArn, { client: clientFor(server), cache: cache(), endpoint: server.endpoint });
    expect(server.count()).toBe(reads);
  });
});

describe('IAM API Reference, SimulatePrincipalPolicy: PolicyExclusionList checks a live principal against a proposed change', () => {
  test('a set built from alice without an inline policy is simulated as alice with that policy excluded (what-if removal)', async () => {
    const alice = await loadLivePrincipal(aliceArn, { client: clientFor(server) });
    const withoutDeny = { identity: alice.identity.filter((p) => p.name !== 'alice/NeverSampleProject (inline)'), boundary: alice.boundary! };
    const request = { action: 'rekognition:CreateProject', resource: sampleProject };
    expect(evaluate(alice, request).result).toBe('ExplicitDeny');
    expect(evaluate(withoutDeny, request).result).toBe('Allow');
    server.reset();
    const report = await crossCheck([{ set: withoutDeny, request }], { client: clientFor(server) });
    expect(report.outcomes[0].status).toBe('agree');
    expect(server.count('SimulatePrincipalPolicy')).toBe(1);
    const p = server.requests[0].params;
    expect(p.get('PolicySourceArn')).toBe(aliceArn);
    expect([
      p.get('PolicyExclusionList.member.1.InlinePolicyIdentifier.PolicyName'),
      p.get('PolicyExclusionList.member.1.InlinePolicyIdentifier.AttachmentType'),
      p.get('PolicyExclusionList.member.1.InlinePolicyIdentifier.AttachmentName'),
    ]).toEqual(['NeverSampleProject', 'user', 'alice']);
  });

  test('removing a managed policy and adding a proposed one: PolicyExclusionList by PolicyArn, the new text in PolicyInputList', async () => {
    const alice = await loadLivePrincipal(aliceArn, { client: clientFor(server) });
    const proposed = parsePolicy(
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rekognition:DescribeProjects', Resource: '*' }] }),
      { name: 'proposed.json' },
    );
    const changed = { identity: [...alice.identity.filter((p) => !p.name.includes('AmazonRekognitionReadOnlyAccess')), proposed], boundary: alice.boundary! };
    server.reset();
    const report = await crossCheck(
      [
        { set: changed, request: { action: 'rekognition:DescribeProjects' } },
        { set: changed, request: { action: 'rekognition:ListCollections' } },
      ],
      { client: clientFor(server) },
    );
    expect(report.outcomes.map((o) => [o.local.result, o.status])).toEqual([
      [evaluate(changed, { action: 'rekognition:DescribeProjects' }).result, 'agree'],
      ['ImplicitDeny', 'agree'],
    ]);
    const p = server.requests[0].params;
    expect(p.get('PolicyExclusionList.member.1.PolicyArn')).toBe('arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess');
    expect(p.get('PolicyInputList.member.1')).toBe(proposed.text);
  });
});

/**
 * Cross-account cells of live principals (IAM User Guide, reference_policies_evaluation-logic-cross-account.md):
 * IAM must see the caller and the resource's account (ResourceOwner), or the cell is skipped with
 * the reason. CallerArn takes IAM user ARNs only (IAM API Reference, API_SimulatePrincipalPolicy.html).
 */
describe('live principals across accounts: IAM gets the caller and ResourceOwner, or the cell is skipped with the reason', () => {
  const OTHER = '444455556666';

  test("a live role asking about another account's resource is skipped (cross-account caller), with no simulate call", async () => {
    const manager = await loadLivePrincipal(managerArn, { client: clientFor(server) });
    server.reset();
    const report = await crossCheck([{ set: manager, request: { action: 'rekognition:DescribeProjects', resource: '*', resourceAccount: OTHER } }], {
      client: clientFor(server),
    });
    expect(report.outcomes[0].status).toBe('skipped');
    expect(report.outcomes[0].skipReason).toBe('cross-account caller');
    expect(report.outcomes[0].message).toContain(
      `cross-account request (principal account ${ACCOUNT}, resource account ${OTHER}) by the role ${managerArn}: IAM sees a cross-account request only with its caller, and CallerArn takes IAM user ARNs, not roles`,
    );
    expect(server.count('SimulatePrincipalPolicy', 'SimulateCustomPolicy')).toBe(0);
  });

  test("a live user asking about another account's S3 object is sent with ResourceOwner of that account, and both sides decide", async () => {
    const alice = await loadLivePrincipal(aliceArn, { client: clientFor(server) });
    server.reset();
    const request = { action: 's3:GetObject', resource: 'arn:aws:s3:::Tests3bucket/cat.jpg', principal: aliceArn, resourceAccount: OTHER };
    const report = await crossCheck([{ set: alice, request }], { client: clientFor(server) });
    const sent = server.requests.find((r) => r.action === 'SimulatePrincipalPolicy')!.params;
    expect(sent.get('PolicySourceArn')).toBe(aliceArn);
    expect(sent.get('ResourceOwner')).toBe(`arn:aws:iam::${OTHER}:root`);
    // Her identity policy allows it, but no bucket policy of the other account does: implicitly denied on both sides.
    expect(report.outcomes[0].local.result).toBe('ImplicitDeny');
    expect(report.outcomes[0].status).toBe('agree');
  });

  test('the same request in her own account is sent without ResourceOwner', async () => {
    const alice = await loadLivePrincipal(aliceArn, { client: clientFor(server) });
    server.reset();
    const report = await crossCheck([{ set: alice, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::Tests3bucket/cat.jpg' } }], {
      client: clientFor(server),
    });
    expect(server.requests.find((r) => r.action === 'SimulatePrincipalPolicy')!.params.has('ResourceOwner')).toBe(false);
    expect(report.outcomes[0]).toMatchObject({ status: 'agree' });
    expect(report.outcomes[0].local.result).toBe('Allow');
  });
});

describe("loadLivePrincipal(arn) without a client uses the file's cross-check session: its endpoint, its cache and progress lines", () => {
  afterEach(() => {
    delete process.env.JEST_IAM_CROSS_CHECK_PROGRESS;
    resetCrossCheckSetup();
  });

  test('the second load within the TTL makes no read call; each load prints progress as it goes', async () => {
    process.env.JEST_IAM_CROSS_CHECK_PROGRESS = '1';
    configureCrossCheck({ clientOptions: server.clientOptions, cache: new SimulationCache({ dir: tempDir() }), retry: { random: () => 0, baseDelayMs: 1 } });
    const lines: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const first = await loadLivePrincipal(aliceArn);
      const reads = server.count();
      expect(reads).toBeGreaterThan(0);
      const again = await loadLivePrincipal(aliceArn);
      expect(server.count()).toBe(reads);
      expect(again.identity.map((p) => p.text)).toEqual(first.identity.map((p) => p.text));
    } finally {
      write.mockRestore();
    }
    expect(lines[0]).toBe(`jest-iam live: loading ${aliceArn} from IAM...\n`);
    expect(lines).toContain(`jest-iam live: ${aliceArn} loaded from the cache (0 read calls; ${server.count()} when read)\n`);
  });
});
