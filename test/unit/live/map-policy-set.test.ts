import { normalizeRequest, type AccessRequest } from '../../../src/request/access-request';
import type { PolicySet } from '../../../src/policy/policy-set';
import { mapPolicySet } from '../../../src/live/map-policy-set';
import { parsePolicy } from '../../../src/policy/parse-policy';
import { allow, deny, policyOf } from '../../support/policies';
import { ACCOUNT } from './live-helpers';
import { registerLivePrincipal } from '../../../src/live/live-principal-registry';

const map = (set: PolicySet, req: AccessRequest) => mapPolicySet(set, normalizeRequest(req));
const user = `arn:aws:iam::${ACCOUNT}:user/alice`;
const role = `arn:aws:iam::${ACCOUNT}:role/ModelManager`;

describe('IAM API Reference, ContextEntry: ContextKeyType follows the condition operators that test the key (reference_policies_elements_condition_operators.md)', () => {
  const typed = (operator: string, key: string, value: string | string[], given: string | number | boolean | string[]) => {
    const set = { identity: [policyOf([allow('s3:GetObject', '*', { Condition: { [operator]: { [key]: value } } })])] };
    return map(set, { action: 's3:GetObject', context: { [key]: given } }).input?.params.ContextEntries;
  };

  test.each([
    ['NumericLessThan', 's3:max-keys', 'numeric', '10', 5],
    ['DateGreaterThan', 'aws:CurrentTime', 'date', '2020-01-01T00:00:00Z', '2024-05-01T00:00:00Z'],
    ['Bool', 'aws:SecureTransport', 'boolean', 'true', true],
    ['IpAddress', 'aws:SourceIp', 'ip', '203.0.113.0/24', '203.0.113.7'],
    ['NotIpAddress', 'aws:SourceIp', 'ip', '203.0.113.0/24', '198.51.100.1'],
    ['BinaryEquals', 'custom:Blob', 'binary', 'QmluYXJ5', 'QmluYXJ5'],
    ['StringEquals', 'aws:PrincipalTag/team', 'string', 'ml', 'ml'],
    ['ArnLike', 'aws:SourceArn', 'string', 'arn:aws:s3:::b', 'arn:aws:s3:::b'],
    ['NumericEqualsIfExists', 's3:max-keys', 'numeric', '10', 10],
  ])('%s on %s is sent as %s', (operator, key, type, value, given) => {
    expect(typed(operator, key, value, given)).toEqual([{ ContextKeyName: key, ContextKeyValues: [String(given)], ContextKeyType: type }]);
  });

  test('a key given as a list, or tested with ForAnyValue/ForAllValues, is sent as a ...List type (reference_policies_condition-single-vs-multi-valued-context-keys.md)', () => {
    expect(typed('ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], ['a', 'b'])).toEqual([
      { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['a', 'b'], ContextKeyType: 'stringList' },
    ]);
    expect(typed('ForAllValues:NumericLessThan', 'custom:Sizes', '10', '3')).toEqual([
      { ContextKeyName: 'custom:Sizes', ContextKeyValues: ['3'], ContextKeyType: 'numericList' },
    ]);
  });

  test('only keys the policies refer to are sent (the request time, unreferenced, does not change the inputs)', () => {
    const set = { identity: [policyOf([allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ml' } } })])] };
    const input = map(set, { action: 's3:GetObject', principal: user, context: { 'aws:PrincipalTag/team': 'ml', 'aws:SourceVpc': 'vpc-1' } }).input;
    expect(input?.params.ContextEntries?.map((e) => e.ContextKeyName)).toEqual(['aws:PrincipalTag/team']);
  });

  test('a policy variable in Resource sends its key as a string (reference_policies_variables.md)', () => {
    const set = { identity: [policyOf([allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')])] };
    const input = map(set, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/x', principal: user }).input;
    expect(input?.params.ContextEntries).toEqual([{ ContextKeyName: 'aws:username', ContextKeyValues: ['alice'], ContextKeyType: 'string' }]);
  });

  test('a key compared as two types (numeric and date) is not comparable: an entry has one type', () => {
    const set = {
      identity: [
        policyOf([allow('s3:GetObject', '*', { Condition: { NumericLessThan: { 'custom:When': '5' }, DateLessThan: { 'custom:When': '2020-01-01' } } })]),
      ],
    };
    const m = map(set, { action: 's3:GetObject', context: { 'custom:When': '3' } });
    expect(m.notComparable).toEqual(['context key custom:When is compared as numeric and date; the simulator takes one type per key']);
    expect(m.input?.params.ContextEntries).toBeUndefined();
    expect(m.reduced.request.context.has('custom:When')).toBe(false);
  });
});

describe('IAM API Reference, SimulateCustomPolicy: which parts of a policy set the simulator takes', () => {
  const identity = policyOf([allow('s3:*')], { name: 'identity.json' });

  test('identity policies -> PolicyInputList, boundary -> PermissionsBoundaryPolicyInputList (one), SCP levels -> OrderedOrganizationPolicyInputList, root first', () => {
    const boundary = policyOf([allow('s3:GetObject')], { name: 'boundary.json', policyType: 'boundary' });
    const scp = (n: string) => policyOf([allow('*')], { name: n, policyType: 'scp' });
    const set: PolicySet = {
      identity: [identity, identity],
      boundary,
      scps: [
        { name: 'root', policies: [scp('FullAWSAccess')] },
        { name: 'ou-prod', policies: [scp('a'), scp('b')] },
      ],
    };
    const m = map(set, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(m.notComparable).toEqual([]);
    expect(m.input?.operation).toBe('SimulateCustomPolicy');
    const p = m.input!.params as {
      PolicyInputList: string[];
      PermissionsBoundaryPolicyInputList: string[];
      OrderedOrganizationPolicyInputList: { ServiceControlPolicyInputList: string[] }[];
    };
    expect(p.PolicyInputList).toEqual([identity.text, identity.text]);
    expect(p.PermissionsBoundaryPolicyInputList).toEqual([boundary.text]);
    expect(p.OrderedOrganizationPolicyInputList.map((l) => l.ServiceControlPolicyInputList.length)).toEqual([1, 2]);
    expect(m.sources.map((s) => s.id)).toEqual([
      'PolicyInputList.1',
      'PolicyInputList.2',
      'PermissionsBoundaryPolicyInputList.1',
      'OrderedOrganizationPolicyInputList.1.1',
      'OrderedOrganizationPolicyInputList.2.1',
      'OrderedOrganizationPolicyInputList.2.2',
    ]);
  });

  test('RCPs and session policies are not comparable: the simulator has no input for them', () => {
    const rcp = policyOf([deny('s3:*', '*', { Principal: '*' })], { name: 'rcp.json', policyType: 'rcp' });
    const session = policyOf([allow('s3:GetObject')], { name: 'session.json', policyType: 'session' });
    const m = map({ identity: [identity], rcps: [{ name: 'root', policies: [rcp] }], session: [session] }, { action: 's3:GetObject' });
    expect(m.notComparable).toEqual([
      'RCPs (root): the simulator cannot take RCP text',
      'session policies (session.json): the simulator does not accept session policies',
    ]);
    expect(m.reduced.set.rcps).toBeUndefined();
    expect(m.reduced.set.session).toBeUndefined();
  });

  test('SCPs with global condition keys are not comparable (access_policies_testing-policies.md)', () => {
    const scp = policyOf([allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })], {
      name: 'region.json',
      policyType: 'scp',
    });
    const m = map({ identity: [identity], scps: [{ name: 'root', policies: [scp] }] }, { action: 's3:GetObject' });
    expect(m.notComparable).toEqual(['the SCPs use global condition keys (aws:...), which the simulator cannot test in SCPs']);
    expect(m.input?.params).not.toHaveProperty('OrderedOrganizationPolicyInputList');
  });

  test('a resource-based policy with an IAM user caller -> ResourcePolicy, CallerArn and ResourceOwner', () => {
    const bucketPolicy = policyOf([allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: { AWS: user } })], { name: 'bucket.json', policyType: 'resource' });
    const m = map(
      { identity: [identity], resource: [bucketPolicy] },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: user, resourceAccount: ACCOUNT },
    );
    expect(m.notComparable).toEqual([]);
    expect(m.input?.params).toMatchObject({ ResourcePolicy: bucketPolicy.text, CallerArn: user, ResourceOwner: `arn:aws:iam::${ACCOUNT}:root` });
  });

  test('a resource-based policy with a role caller is not comparable: CallerArn must be an IAM user ARN', () => {
    const bucketPolicy = policyOf([allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: { AWS: role } })], { name: 'bucket.json', policyType: 'resource' });
    const m = map({ identity: [identity], resource: [bucketPolicy] }, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: role });
    expect(m.notComparable).toEqual([
      `the principal ${role} is not an IAM user, and CallerArn takes only IAM user ARNs: the simulator does not know who asks`,
      `resource-based policy bucket.json: the simulator uses a ResourcePolicy only with CallerArn, an IAM user ARN, and the request's principal is ${role}`,
    ]);
    expect(m.input?.params).not.toHaveProperty('ResourcePolicy');
    expect(m.input?.params).not.toHaveProperty('CallerArn');
    expect(m.reduced.request.principal).toBeUndefined();
  });

  test('access_policies_testing-policies.md: resource-based policies are simulated for S3, SQS, SNS and S3 Glacier only', () => {
    const functionPolicy = policyOf([allow('lambda:InvokeFunction', '*', { Principal: { AWS: user } })], {
      name: 'function-policy.json',
      policyType: 'resource',
    });
    const m = map(
      { identity: [identity], resource: [functionPolicy] },
      { action: 'lambda:InvokeFunction', resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`, principal: user },
    );
    expect(m.notComparable).toEqual([
      'resource-based policy function-policy.json: the simulator evaluates resource-based policies of Amazon S3, SQS, SNS and S3 Glacier only',
    ]);
    const queue = policyOf([allow('sqs:SendMessage', '*', { Principal: { AWS: user } })], { name: 'queue.json', policyType: 'resource' });
    expect(
      map({ identity: [identity], resource: [queue] }, { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, principal: user })
        .notComparable,
    ).toEqual([]);
  });

  test('access_policies_testing-policies.md: DynamoDB fine-grained access control conditions are not supported by the simulator', () => {
    const fgac = policyOf([allow('dynamodb:GetItem', '*', { Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:userid}'] } } })], {
      name: 'fgac.json',
    });
    const m = map({ identity: [fgac] }, { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/T` });
    expect(m.input).toBeUndefined();
    expect(m.notComparable).toEqual(['condition key dynamodb:LeadingKeys is DynamoDB fine-grained access control, which the simulator does not support']);
  });

  test('two resource-based policies are not comparable: the simulator takes one', () => {
    const r = (n: string) => policyOf([allow('s3:GetObject', '*', { Principal: '*' })], { name: n, policyType: 'resource' });
    const m = map({ identity: [identity], resource: [r('one.json'), r('two.json')] }, { action: 's3:GetObject', principal: user });
    expect(m.notComparable).toEqual(['2 resource-based policies (one.json, two.json): the simulator takes one']);
  });

  test('a wildcard action or a set without identity policy cannot be simulated at all', () => {
    const wildcard = map({ identity: [identity] }, { action: 's3:Get*' });
    expect(wildcard.input).toBeUndefined();
    expect(wildcard.notComparable).toEqual(['action s3:Get* has a wildcard; the simulator takes exact action names']);
    expect(map({ identity: [] }, { action: 's3:GetObject' }).notComparable).toEqual([
      'the set has no identity-based policy; SimulateCustomPolicy needs at least one (PolicyInputList)',
    ]);
  });

  test('KMS key policies (key-policies.md) and role trust policies (id_roles_compare.md) must allow, and the simulator evaluates neither: not simulated', () => {
    const kms = map(
      { identity: [policyOf([allow('kms:Decrypt')])] },
      { action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
    );
    expect(kms.input).toBeUndefined();
    expect(kms.notComparable).toEqual(['kms:Decrypt on a KMS key needs its key policy to allow it, and the simulator cannot evaluate KMS key policies']);
    const assume = map({ identity: [policyOf([allow('sts:AssumeRole')])] }, { action: 'sts:AssumeRole', resource: role });
    expect(assume.notComparable).toEqual(["sts:AssumeRole needs the role's trust policy to allow it, and the simulator does not simulate role trust policies"]);
  });

  test('orgs_manage_policies_scps.md: SCPs do not restrict the management account, which the simulator cannot be told', () => {
    const scp = policyOf([deny('s3:*')], { name: 'DenyS3', policyType: 'scp' });
    const m = map({ identity: [identity], scps: [{ name: 'root', policies: [scp] }], managementAccount: ACCOUNT }, { action: 's3:GetObject', principal: user });
    expect(m.notComparable).toEqual([
      `SCPs: the caller is in the management account ${ACCOUNT}, which SCPs do not restrict, and the simulator cannot be told so`,
    ]);
    expect(m.input?.params).not.toHaveProperty('OrderedOrganizationPolicyInputList');
  });

  test('a YAML policy is sent as JSON (PolicyInputList takes JSON text), non-Latin-1 characters escaped', () => {
    const yaml = parsePolicy(
      'Version: "2012-10-17"\nStatement:\n  - Sid: Détecter\n    Effect: Allow\n    Action: s3:GetObject\n    Resource: "arn:aws:s3:::b/日本/*"\n',
      { name: 'p.yaml', format: 'yaml' },
    );
    const m = map({ identity: [yaml] }, { action: 's3:GetObject' });
    const text = (m.input!.params as { PolicyInputList: string[] }).PolicyInputList[0];
    expect(JSON.parse(text)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Détecter', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/日本/*' }],
    });
    expect(text).toMatch(/^[\t\n\r\u0020-\u00ff]*$/);
    expect(m.sources[0].reserialized).toBe(true);
  });
});

describe("IAM API Reference, SimulatePrincipalPolicy: what a live principal's cell sends, and what it cannot", () => {
  const arn = `arn:aws:iam::${ACCOUNT}:user/alice`;
  const identity = policyOf([allow('s3:GetObject')], { name: 'alice/inline' });
  function liveSet(extra: Partial<PolicySet> = {}, kind: 'user' | 'role' = 'user'): PolicySet {
    const set: PolicySet = { identity: [identity], ...extra };
    registerLivePrincipal(set, { arn: kind === 'user' ? arn : `arn:aws:iam::${ACCOUNT}:role/reader`, kind, iamIds: new Map([[identity, 'inline']]) });
    return set;
  }
  const req = (r: AccessRequest) => normalizeRequest(r);

  test('RCPs, SCPs and session policies of a live set are not sent: named as limits, and left out of the set IAM decides', () => {
    const rcp = policyOf([deny('s3:GetObject', '*', { Principal: '*' })], { name: 'rcp.json', policyType: 'rcp' });
    const scp = policyOf([allow('*')], { name: 'FullAWSAccess', policyType: 'scp' });
    const m = mapPolicySet(
      liveSet({ rcps: [{ name: 'root', policies: [rcp] }], scps: [{ name: 'root', policies: [scp] }] }),
      req({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }),
    );
    expect(m.input?.operation).toBe('SimulatePrincipalPolicy');
    expect(m.limits).toEqual(['SCPs', 'RCPs']);
    expect(m.reduced.set.rcps).toBeUndefined();
    expect(m.reduced.set.scps).toBeUndefined();
  });

  test("a user's bucket policy is sent as ResourcePolicy with ResourceOwner; a role's is a limit", () => {
    const bucket = policyOf([{ Effect: 'Allow', Principal: { AWS: arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }], {
      name: 'bucket.json',
      policyType: 'resource',
    });
    const user = mapPolicySet(
      liveSet({ resource: [bucket] }),
      req({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: arn, resourceAccount: ACCOUNT }),
    );
    expect(user.input?.params).toMatchObject({ PolicySourceArn: arn, ResourcePolicy: bucket.text, ResourceOwner: `arn:aws:iam::${ACCOUNT}:root` });
    const role = mapPolicySet(liveSet({ resource: [bucket] }, 'role'), req({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: ACCOUNT }));
    expect(role.limits).toEqual(['resource-based policy']);
    expect(role.input?.params).not.toHaveProperty('ResourcePolicy');
  });
});
