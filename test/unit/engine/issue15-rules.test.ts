import { evaluate } from '../../../src/engine/evaluate';
import { policySet } from '../../../src/engine/build-policy-set';
import { explainDecision } from '../../../src/explain/explain-decision';
import { checkPolicy } from '../../../src/policy/parse-policy';
import { toPolicy } from '../../../src/policy/policy-input';
import { PolicyValidationError } from '../../../src/diagnostics/policy-issue';
import { defaultCatalog } from '../../../src/catalog/service-catalog';
import { checkRequestContext } from '../../../src/catalog/check-request';
import { checkPolicyAgainstCatalog } from '../../../src/catalog/check-policy-catalog';
import { allow, deny, policyOf } from '../../support/policies';

const ACCT = '111122223333';
const USER = `arn:aws:iam::${ACCT}:user/Alice`;
const ROLE = `arn:aws:iam::${ACCT}:role/Deployer`;
const FED = `arn:aws:sts::${ACCT}:federated-user/Bob`;
const QUEUE = `arn:aws:sqs:us-east-1:${ACCT}:orders`;
const BUCKET_OBJ = 'arn:aws:s3:::reports/2026/q1.csv';

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('Incomplete ARNs in identity policies are completed with * (reference_policies_elements_resource.md, current page)', () => {
  test('arn:aws:sqs in an identity policy means arn:aws:sqs:*:*:*', () => {
    const p = policyOf([allow('sqs:SendMessage', 'arn:aws:sqs')]);
    expect(evaluate(p, { action: 'sqs:SendMessage', resource: QUEUE, principal: USER }).result).toBe('Allow');
    expect(evaluate(p, { action: 'sqs:SendMessage', resource: 'arn:aws:sns:us-east-1:111122223333:t', principal: USER }).result).toBe('ImplicitDeny');
  });
  test('arn:aws:sqs:us-east-1 completes the account and resource only', () => {
    const p = policyOf([allow('sqs:SendMessage', 'arn:aws:sqs:us-east-1')]);
    expect(evaluate(p, { action: 'sqs:SendMessage', resource: QUEUE, principal: USER }).result).toBe('Allow');
    expect(evaluate(p, { action: 'sqs:SendMessage', resource: QUEUE.replace('us-east-1', 'eu-west-1'), principal: USER }).result).toBe('ImplicitDeny');
  });
  test('a permissions boundary (an identity-based policy) completes them too', () => {
    expect(checkPolicy(doc([allow('sqs:*', 'arn:aws:sqs')]), { policyType: 'boundary' }).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
  test.each(['session', 'resource', 'scp', 'endpoint'] as const)('a %s policy refuses an incomplete ARN', (policyType) => {
    const statement =
      policyType === 'resource' || policyType === 'endpoint' ? { ...allow('sqs:*', 'arn:aws:sqs'), Principal: '*' } : allow('sqs:*', 'arn:aws:sqs');
    const errors = checkPolicy(doc([statement]), { policyType }).issues.filter((i) => i.code === 'bad-resource');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/only identity-based policies complete an incomplete ARN/);
  });
  test('a * that ends a segment matches beyond the colon in a Resource element', () => {
    const p = policyOf([allow('sns:Publish', 'arn:aws:sns:us-east-1:*')]);
    expect(evaluate(p, { action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${ACCT}:topic:extra`, principal: USER }).result).toBe('Allow');
    const mid = policyOf([allow('sns:Publish', 'arn:aws:sns:us-*-1:111122223333:topic')]);
    expect(evaluate(mid, { action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${ACCT}:topic`, principal: USER }).result).toBe('Allow');
  });
});

describe('Empty condition value lists are accepted with a warning and have defined meanings (Access Analyzer "Empty array condition" checks)', () => {
  const withEmpty = (operator: string) => policyOf([allow('s3:GetObject', '*', { Condition: { [operator]: { 'aws:TagKeys': [] } } })]);
  const ask = (operator: string, tagKeys?: string[]) =>
    evaluate(withEmpty(operator), {
      action: 's3:GetObject',
      resource: BUCKET_OBJ,
      principal: USER,
      ...(tagKeys ? { context: { 'aws:TagKeys': tagKeys } } : {}),
    }).result;
  test('the warning has a location', () => {
    const issues = checkPolicy(doc([allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:TagKeys': [] } } })])).issues;
    const w = issues.find((i) => i.code === 'empty-condition-values');
    expect(w?.severity).toBe('warning');
    expect(w?.pos?.line).toBeGreaterThan(0);
  });
  test('ForAllValues with an empty list matches only when the key is missing', () => {
    expect(ask('ForAllValues:StringEquals')).toBe('Allow');
    expect(ask('ForAllValues:StringEquals', ['team'])).toBe('ImplicitDeny');
  });
  test('ForAnyValue with an empty list never matches', () => {
    expect(ask('ForAnyValue:StringEquals')).toBe('ImplicitDeny');
    expect(ask('ForAnyValue:StringEquals', ['team'])).toBe('ImplicitDeny');
  });
  test('IfExists with an empty list matches only when the key is missing', () => {
    expect(ask('StringEqualsIfExists')).toBe('Allow');
    expect(ask('StringEqualsIfExists', ['team'])).toBe('ImplicitDeny');
  });
  test('a plain positive operator with an empty list never matches; a negated one always does', () => {
    expect(ask('StringEquals')).toBe('ImplicitDeny');
    expect(ask('StringEquals', ['team'])).toBe('ImplicitDeny');
    expect(ask('StringNotEquals')).toBe('Allow');
    expect(ask('StringNotEquals', ['team'])).toBe('Allow');
  });
  test('an empty Action or Resource list is a warning and the statement matches nothing', () => {
    const text = doc([
      { Effect: 'Allow', Action: [], Resource: '*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: [] },
    ]);
    const issues = checkPolicy(text).issues;
    expect(issues.filter((i) => i.code === 'empty-list').map((i) => i.severity)).toEqual(['warning', 'warning']);
    expect(evaluate(text, { action: 's3:GetObject', resource: BUCKET_OBJ, principal: USER }).result).toBe('ImplicitDeny');
  });
});

describe('Federated-user sessions (GetFederationToken)', () => {
  const userPolicy = policyOf([allow('s3:GetObject')], { name: 'alice.json' });
  const sessionPolicy = policyOf([allow('s3:GetObject')], { name: 'session.json', policyType: 'session' });
  test('a federated-user session without a session policy has no permissions (API_GetFederationToken, Policy)', () => {
    const d = evaluate({ identity: [userPolicy] }, { action: 's3:GetObject', resource: BUCKET_OBJ, principal: FED, federatedBy: USER });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.reason).toEqual({ code: 'federated-session-without-policy', layer: 'session', grant: { layer: 'identity' } });
    expect(d.rule).toBe('federated-session-without-policy');
    expect(explainDecision(d)).toMatch(/Rule: +a federated-user session created without a session policy has no permissions/);
    expect(
      evaluate({ identity: [userPolicy], session: [sessionPolicy] }, { action: 's3:GetObject', resource: BUCKET_OBJ, principal: FED, federatedBy: USER })
        .result,
    ).toBe('Allow');
  });
  const bucketPolicy = (principal: string) =>
    policyOf([{ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }], {
      name: 'bucket.json',
      policyType: 'resource',
    });
  test('a resource-based policy naming the federating IAM user grants to the session, limited by the session policy', () => {
    const req = { action: 's3:GetObject', resource: BUCKET_OBJ, resourceAccount: ACCT, principal: FED, federatedBy: USER };
    const onlyList = policyOf([allow('s3:ListBucket')], { name: 'session.json', policyType: 'session' });
    expect(evaluate({ identity: [], resource: [bucketPolicy(USER)], session: [sessionPolicy] }, req).result).toBe('Allow');
    expect(evaluate({ identity: [], resource: [bucketPolicy(USER)], session: [onlyList] }, req).result).toBe('ImplicitDeny');
    expect(evaluate({ identity: [], resource: [bucketPolicy(USER)] }, req).result).toBe('ImplicitDeny');
  });
  test('a resource-based policy naming the federating IAM user is limited by the user boundary', () => {
    const req = { action: 's3:GetObject', resource: BUCKET_OBJ, resourceAccount: ACCT, principal: FED, federatedBy: USER };
    const boundary = policyOf([allow('s3:ListBucket')], { name: 'boundary.json', policyType: 'boundary' });
    expect(evaluate({ identity: [], resource: [bucketPolicy(USER)], session: [sessionPolicy], boundary }, req).result).toBe('ImplicitDeny');
  });
  test('without federatedBy, naming the IAM user does not reach the session', () => {
    const req = { action: 's3:GetObject', resource: BUCKET_OBJ, resourceAccount: ACCT, principal: FED };
    expect(evaluate({ identity: [], resource: [bucketPolicy(USER)], session: [sessionPolicy] }, req).result).toBe('ImplicitDeny');
  });
  test('a resource-based policy naming the session ARN grants in addition to the session policy', () => {
    const req = { action: 's3:GetObject', resource: BUCKET_OBJ, resourceAccount: ACCT, principal: FED, federatedBy: USER };
    const onlyList = policyOf([allow('s3:ListBucket')], { name: 'session.json', policyType: 'session' });
    expect(evaluate({ identity: [], resource: [bucketPolicy(FED)], session: [onlyList] }, req).result).toBe('Allow');
  });
  test('federatedBy must be an IAM user of the session account, on a federated-user principal', () => {
    expect(() => evaluate([userPolicy], { action: 's3:GetObject', principal: USER, federatedBy: USER })).toThrow(PolicyValidationError);
    expect(() => evaluate([userPolicy], { action: 's3:GetObject', principal: FED, federatedBy: 'arn:aws:iam::444455556666:user/Alice' })).toThrow(
      /must be the ARN of an IAM user in account 111122223333/,
    );
  });
});

describe('Role trust policies naming a same-account IAM user: the user boundary must allow sts:AssumeRole (id_roles_update-role-trust-policy.md)', () => {
  const trust = policyOf([{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }], { name: 'trust.json', policyType: 'trust' });
  const req = { action: 'sts:AssumeRole', resource: ROLE, principal: USER };
  test('without a boundary the trust policy naming the user suffices', () => {
    expect(evaluate({ identity: [], trust }, req).result).toBe('Allow');
  });
  test('a boundary that does not allow sts:AssumeRole stops it', () => {
    const boundary = policyOf([allow('s3:*')], { name: 'boundary.json', policyType: 'boundary' });
    const d = evaluate({ identity: [], trust, boundary }, req);
    expect(d.result).toBe('ImplicitDeny');
    expect(d.rule).toBe('trust-user-boundary');
    expect(d.reason).toMatchObject({
      code: 'trust-user-boundary',
      layer: 'boundary',
      boundary,
      grant: { layer: 'trust', principalKind: 'user', statement: { role: 'resource', policy: trust } },
    });
  });
  test('a boundary that allows sts:AssumeRole lets it through', () => {
    const boundary = policyOf([allow('sts:AssumeRole')], { name: 'boundary.json', policyType: 'boundary' });
    expect(evaluate({ identity: [], trust, boundary }, req).result).toBe('Allow');
  });
});

describe('Actions that need no permission (AWS STS API Reference)', () => {
  const denyAll = policyOf([deny('*')]);
  test.each(['sts:GetCallerIdentity', 'sts:GetSessionToken'])('%s is allowed even under an explicit deny', (action) => {
    const d = evaluate(
      { identity: [denyAll], scps: [{ name: 'root', policies: [policyOf([deny('*')], { policyType: 'scp' })] }] },
      { action, principal: USER },
    );
    expect(d.result).toBe('Allow');
    expect(d.rule).toBe('no-permission-required');
    expect(d.reason).toEqual({ code: 'no-permission-required', layer: 'request', action });
    expect(explainDecision(d)).toMatch(/needs no permission/);
  });
  test('other STS actions still need permission', () => {
    expect(evaluate({ identity: [denyAll] }, { action: 'sts:GetAccessKeyInfo', principal: USER }).result).toBe('ExplicitDeny');
  });
});

describe('Keys an action does not carry: no aws:ResourceAccount for the listed exceptions (reference_policies_condition-keys.md)', () => {
  const denyOther = policyOf([allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:ResourceAccount': ACCT } } })]);
  test('ec2:CreateVolume carries no aws:ResourceAccount, so a StringNotEquals deny on it applies', () => {
    const d = evaluate(denyOther, { action: 'ec2:CreateVolume', resource: `arn:aws:ec2:us-east-1:${ACCT}:volume/vol-1`, principal: USER });
    expect(d.result).toBe('ExplicitDeny');
    expect(d.request.context.get('aws:ResourceAccount')).toBeUndefined();
  });
  test('events:PutEvents carries no aws:ResourceAccount', () => {
    expect(evaluate(denyOther, { action: 'events:PutEvents', resource: `arn:aws:events:us-east-1:${ACCT}:event-bus/default`, principal: USER }).result).toBe(
      'ExplicitDeny',
    );
  });
  test('other actions still derive it', () => {
    expect(evaluate(denyOther, { action: 'ec2:StartInstances', resource: `arn:aws:ec2:us-east-1:${ACCT}:instance/i-1`, principal: USER }).result).toBe('Allow');
  });
});

describe('VPC endpoint policies must allow the request and never grant alone (vpc-endpoints-access.md)', () => {
  const endpoint = (statements: object[]) => policyOf(statements, { name: 'endpoint.json', policyType: 'endpoint' });
  const ep = endpoint([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }]);
  const identity = policyOf([allow('s3:*')]);
  const req = { action: 's3:GetObject', resource: BUCKET_OBJ, principal: USER, vpcEndpoint: { id: 'vpce-1a2b3c4d', vpc: 'vpc-111bbb22' } };
  test('an identity allow through an endpoint that allows passes', () => {
    expect(evaluate({ identity: [identity], endpoint: [ep] }, req).result).toBe('Allow');
  });
  test('an endpoint policy that does not allow the request denies it', () => {
    const d = evaluate({ identity: [identity], endpoint: [ep] }, { ...req, action: 's3:PutObject' });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.rule).toBe('endpoint-policy-no-allow');
    expect(d.reason).toEqual({ code: 'endpoint-policy-no-allow', layer: 'endpoint' });
  });
  test('an endpoint policy alone grants nothing', () => {
    expect(evaluate({ identity: [], endpoint: [ep] }, req).result).toBe('ImplicitDeny');
  });
  test('a Deny in an endpoint policy is an explicit deny', () => {
    const d = endpoint([
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' },
    ]);
    expect(evaluate({ identity: [identity], endpoint: [d] }, req).result).toBe('ExplicitDeny');
  });
  test('aws:SourceVpce and aws:SourceVpc are in the request context', () => {
    const bucket = policyOf(
      [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }],
      { policyType: 'resource', name: 'bucket.json' },
    );
    expect(evaluate({ identity: [identity], resource: [bucket] }, { ...req, resourceAccount: ACCT }).result).toBe('Allow');
    expect(evaluate({ identity: [identity], resource: [bucket] }, { ...req, resourceAccount: ACCT, vpcEndpoint: { id: 'vpce-99999999' } }).result).toBe(
      'ExplicitDeny',
    );
    const d = evaluate({ identity: [identity] }, req);
    expect(d.request.context.get('aws:SourceVpc')?.values).toEqual(['vpc-111bbb22']);
  });
  test('policySet() reads endpoint policies with the endpoint grammar (Principal required)', () => {
    expect(() => policySet({ identity: [], endpoint: [JSON.parse(doc([allow('s3:*')]))] })).toThrow(/must have a Principal/);
    const set = policySet({
      identity: [JSON.parse(doc([allow('s3:*')]))],
      endpoint: [JSON.parse(doc([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }]))],
    });
    expect(evaluate(set, req).result).toBe('Allow');
  });
  test('a bad vpcEndpoint is an error that says what is wrong', () => {
    expect(() => evaluate([identity], { ...req, vpcEndpoint: { id: 'endpoint-1' } })).toThrow(/vpcEndpoint.id "endpoint-1" is not a VPC endpoint id/);
  });
});

describe('Service reference placeholders such as secretsmanager:ResourceTag/tag-key are templates', () => {
  test('secretsmanager:ResourceTag/project is a known key of the service', () => {
    expect(defaultCatalog().findConditionKey('secretsmanager', 'secretsmanager:ResourceTag/project')).toBeDefined();
  });
  test('a request naming the tag key is not flagged', () => {
    const issues = checkRequestContext('secretsmanager:GetSecretValue', ['secretsmanager:ResourceTag/project']);
    expect(issues.filter((i) => i.code === 'context-key-not-for-action')).toEqual([]);
  });
});

describe('Defects: validation does not depend on call order; explanations show only given keys', () => {
  test('the policy cache is keyed on the policy type too', () => {
    const withPrincipal = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] };
    expect(toPolicy(withPrincipal, { policyType: 'resource' }).statements).toHaveLength(1);
    expect(() => toPolicy(withPrincipal, { policyType: 'identity' })).toThrow(/Principal is not allowed in an identity policy/);
  });
  test('a plain request explains with no derived keys as context', () => {
    const d = evaluate(policyOf([allow('s3:GetObject')]), { action: 's3:GetObject', resource: BUCKET_OBJ, principal: USER });
    expect(explainDecision(d)).not.toMatch(/context \{/);
    const given = evaluate(policyOf([allow('s3:GetObject')]), {
      action: 's3:GetObject',
      resource: BUCKET_OBJ,
      principal: USER,
      context: { 'aws:SourceIp': '10.0.0.1' },
    });
    expect(explainDecision(given)).toMatch(/context \{aws:SourceIp: 10\.0\.0\.1\}/);
    expect(given.request.context.isGiven('aws:SourceIp')).toBe(true);
    expect(given.request.context.isGiven('aws:PrincipalArn')).toBe(false);
  });
});

describe('Wildcards in the resource-type part keep matching and are warned about (reference_identifiers.md vs reference_policies_elements_resource.md)', () => {
  const p = policyOf([allow('quicksight:DescribeDashboard', 'arn:aws:quicksight:*:*:*/*')]);
  test('a wildcard in place of the resource type still matches', () => {
    expect(evaluate(p, { action: 'quicksight:DescribeDashboard', resource: `arn:aws:quicksight:us-east-1:${ACCT}:dashboard/d1`, principal: USER }).result).toBe(
      'Allow',
    );
  });
  test('the service-reference check warns about it, and not about S3 bucket/key patterns', () => {
    const found = checkPolicyAgainstCatalog(p).filter((i) => i.code === 'wildcard-in-resource-type');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(checkPolicyAgainstCatalog(policyOf([allow('s3:GetObject', 'arn:aws:s3:::*/*')])).filter((i) => i.code === 'wildcard-in-resource-type')).toEqual([]);
  });
  // docs/divergences.md class 8: a wildcard for the whole first part of the resource matches
  // (reference_policies_elements_resource.md: wildcards "within any ARN segment"), as AWS managed
  // policies such as AWSVendorInsightsVendorFullAccess rely on; the marketplace entity ARN starts
  // with ${Catalog}, not a resource type, so there is nothing to warn about.
  test('a wildcard for the first part of the resource matches, and a catalog is not a resource type', () => {
    const marketplace = policyOf([allow('aws-marketplace:DescribeEntity', 'arn:aws:aws-marketplace:*:*:*/SaaSProduct/*')]);
    const entity = `arn:aws:aws-marketplace:us-east-1:${ACCT}:AWSMarketplace/SaaSProduct/prod-1`;
    expect(evaluate(marketplace, { action: 'aws-marketplace:DescribeEntity', resource: entity, principal: USER }).result).toBe('Allow');
    const other = `arn:aws:aws-marketplace:us-east-1:${ACCT}:AWSMarketplace/ContainerProduct/prod-1`;
    expect(evaluate(marketplace, { action: 'aws-marketplace:DescribeEntity', resource: other, principal: USER }).result).toBe('ImplicitDeny');
    expect(checkPolicyAgainstCatalog(marketplace).filter((i) => i.code === 'wildcard-in-resource-type')).toEqual([]);
  });
});
