#!/usr/bin/env node
/**
 * Writes the conformance corpus test/conformance/cases/*.yaml from families of cases. Each family
 * states one documented rule: the AWS page, the sentence it rests on, and how the expected
 * decision follows from that sentence. The expected decision is worked out here from the rule,
 * never by running jest-iam's evaluator. Run: `node scripts/generate-conformance.js`.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const OUT = path.join(__dirname, '..', 'test', 'conformance', 'cases');
const ACCT = '111122223333';
const OTHER = '444455556666';
const USER = `arn:aws:iam::${ACCT}:user/Alice`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/Builder/build-42`;
const FED = `arn:aws:sts::${ACCT}:federated-user/Bob`;
const V = '2012-10-17';

const doc = (...Statement) => ({ Version: V, Statement });
const allow = (Action, Resource = '*', extra = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action, Resource = '*', extra = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
const pAllow = (Action, Resource = '*', Principal = '*', extra = {}) => ({ Effect: 'Allow', Principal, Action, Resource, ...extra });
const pDeny = (Action, Resource = '*', Principal = '*', extra = {}) => ({ Effect: 'Deny', Principal, Action, Resource, ...extra });

/** Real actions with a resource of their type (AWS Service Authorization Reference). */
const ACTIONS = [
  ['s3:GetObject', 'arn:aws:s3:::reports/2026/q1.csv', ACCT],
  ['s3:PutObject', 'arn:aws:s3:::reports/2026/q2.csv', ACCT],
  ['s3:ListBucket', 'arn:aws:s3:::reports', ACCT],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCT}:orders`],
  ['sns:Publish', `arn:aws:sns:us-east-1:${ACCT}:alerts`],
  ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCT}:table/Orders`],
  ['lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${ACCT}:function:resize`],
  ['kms:Decrypt', `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
  ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:db-AbCdEf`],
  ['logs:PutLogEvents', `arn:aws:logs:us-east-1:${ACCT}:log-group:app:log-stream:web`],
];
/** Actions whose service takes part in RCPs (orgs_manage_policies_rcps.md: S3, STS, KMS, SQS, Secrets Manager). */
const RCP_ACTIONS = ACTIONS.filter(([a]) => /^(s3|sqs|kms|secretsmanager):/.test(a));
/** ACTIONS without KMS: a KMS key policy must allow every KMS request (key-policies.md), a rule of its own. */
const PLAIN = ACTIONS.filter(([a]) => !a.startsWith('kms:'));

const PAGES = {
  eval: 'IAM User Guide, reference_policies_evaluation-logic.md',
  evalCross: 'IAM User Guide, reference_policies_evaluation-logic-cross-account.md',
  action: 'IAM User Guide, reference_policies_elements_action.md',
  resource: 'IAM User Guide, reference_policies_elements_resource.md (current page)',
  notAction: 'IAM User Guide, reference_policies_elements_notaction.md',
  notResource: 'IAM User Guide, reference_policies_elements_notresource.md',
  operators: 'IAM User Guide, reference_policies_elements_condition_operators.md',
  variables: 'IAM User Guide, reference_policies_variables.md',
  boundaries: 'IAM User Guide, access_policies_boundaries.md',
  session: 'IAM User Guide, access_policies.md#policies_session',
  scp: 'AWS Organizations User Guide, orgs_manage_policies_scps_evaluation.md',
  rcp: 'AWS Organizations User Guide, orgs_manage_policies_rcps_evaluation.md',
  endpoint: 'AWS PrivateLink Guide, vpc-endpoints-access.md',
  trust: 'IAM User Guide, id_roles_terms-and-concepts.md',
  trustUser: 'IAM User Guide, id_roles_update-role-trust-policy.md',
  gci: 'AWS STS API Reference, API_GetCallerIdentity.html',
  gst: 'AWS STS API Reference, API_GetSessionToken.html',
  gft: 'AWS STS API Reference, API_GetFederationToken.html',
  keys: 'IAM User Guide, reference_policies_condition-keys.md (current page), aws:ResourceAccount',
  analyzer: 'IAM User Guide, access-analyzer-reference-policy-checks.md',
};

const S = {
  explicitDeny: 'An explicit deny in any of these policies overrides the allow.',
  implicit: 'By default, all requests are implicitly denied with the exception of the AWS account root user, which has full access.',
  actionCase: 'The prefix and the action name are case insensitive.',
  wild: 'You can use wildcard characters (* and ?) within the individual segments of an ARN (the parts separated by colons) to represent: Any combination of characters (*) Any single character (?)',
  span: 'If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon boundaries.',
  incomplete:
    'When you specify an incomplete ARN (one with fewer than the standard six fields) in an identity-based policy, AWS automatically completes the ARN by adding wildcard characters (*) to all missing fields.',
  notAction: 'NotAction is an advanced policy element that explicitly matches everything except the specified list of actions.',
  notResource: 'NotResource is an advanced policy element that explicitly matches every resource except those specified.',
  boundary:
    "An entity's permissions boundary allows it to perform only the actions that are allowed by both its identity-based policies and its permissions boundaries.",
  session: "The resulting session's permissions are the intersection of the entity's identity-based policy and the session policies.",
  scp: 'For a permission to be allowed for a specific account, there must be an explicit Allow statement at every level from the root through each OU in the direct path to the account (including the target account itself).',
  rcp: 'RCPs alone are not sufficient in granting permissions to resources in your organization. ... an explicit Deny statement in an RCP overrides any Allow.',
  endpoint: 'An endpoint policy does not override or replace identity-based policies or resource-based policies.',
  trust: 'Trust policy: A JSON policy document in which you define the principals that you trust to assume the role.',
  trustUser:
    "If a user is listed as the principal in a role's trust policy but cannot assume the role, check the user's permissions boundary. If a permissions boundary is set for the user, then it must allow the sts:AssumeRole action.",
  gci: 'No permissions are required to perform this operation. If an administrator attaches a policy to your identity that explicitly denies access to the sts:GetCallerIdentity action, you can still perform this operation.',
  gst: 'No permissions are required for users to perform this operation. The purpose of the sts:GetSessionToken operation is to authenticate the user using MFA. You cannot use policies to control authentication operations.',
  gftNone: 'If you do not pass a policy to this operation, the resulting federated user session has no permissions.',
  gftResource:
    'If that policy specifically references the federated user session in the Principal element of the policy, the session has the permissions allowed by the policy. These permissions are granted in addition to the permissions that are granted by the session policies.',
  evalFederating:
    "A resource-based policy that names the IAM user that created a federated user session grants to that session, limited by the user's permissions boundary and by the session policy (Resource-based policies).",
  sameAccount:
    'Within the same account, resource-based policies that grant permissions to an IAM user ARN or to an IAM role session ARN are not limited by an implicit deny in an identity-based policy.',
  cross:
    'The requesting principal must have an identity-based policy that allows the request, and the resource-based policy in the trusting account must also allow it.',
  missingKey: 'If the key that you specify in a policy condition is not present in the request context, the values do not match and the condition is false.',
  variables: 'When the policy is evaluated, the policy variables are replaced with values that come from the context of the request itself.',
  resourceAccount:
    'Availability: this key is included in the request context for most service actions; the page lists actions that do not include it, among them Amazon EBS actions such as ec2:CreateVolume and ec2:CopySnapshot, and Amazon EventBridge events:PutEvents.',
  emptyForAll:
    'Empty array condition ForAllValues: The ForAllValues prefix with an empty condition key matches only if the key is missing from the request context.',
  emptyForAny: 'Empty array condition ForAnyValue: The ForAnyValue prefix with an empty condition key never matches the request context.',
  emptyIfExists: 'Empty array condition IfExists: The IfExists suffix with an empty condition key matches only if the key is missing from the request context.',
  empty:
    'Empty array condition: There are no values for the condition key, so it matches no request value (a negated operator, the NOR of no values, matches every request).',
  emptyAction: 'Empty array action: This statement has no actions, so it matches no request.',
  emptyResource: 'Empty array resource: This statement has no resources, so it matches no request.',
};

const files = new Map();
let seq = 0;
/** Adds a case to a family file; `expect` follows from the cited rule. */
function add(file, rule, { page, sentence, policies, request, expect, name }) {
  const list = files.get(file) ?? { rule, page, cases: [] };
  files.set(file, list);
  const c = {
    id: `${file}-${String(list.cases.length + 1).padStart(3, '0')}`,
    name,
    doc: { page, sentence },
    policies,
    request: { principal: USER, ...request },
    expect,
  };
  const types = Object.keys(policies);
  // The IAM policy simulator takes identity, resource and boundary policies (SimulateCustomPolicy).
  c.crossCheck = types.every((t) => ['identity', 'resource', 'boundary'].includes(t)) && !request.federatedBy && !request.vpcEndpoint;
  list.cases.push(c);
  seq++;
}

// 1. Action names are case-insensitive.
for (const [action, resource] of PLAIN) {
  const [svc, name] = action.split(':');
  for (const spelling of [action.toLowerCase(), `${svc.toUpperCase()}:${name.toUpperCase()}`, `${svc}:${name[0].toLowerCase()}${name.slice(1)}`]) {
    add('action-case', 'Action names match case-insensitively', {
      page: PAGES.action,
      sentence: S.actionCase,
      name: `${spelling} matches ${action}`,
      policies: { identity: [doc(allow(spelling))] },
      request: { action, resource },
      expect: 'Allow',
    });
  }
  add('action-case', 'Action names match case-insensitively', {
    page: PAGES.eval,
    sentence: S.implicit,
    name: `an allow for another action does not grant ${action}`,
    policies: { identity: [doc(allow(`${svc}:Nothing${name}`))] },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
}

// 2. An explicit deny in any policy type overrides allows.
for (const [action, resource, bucketAcct] of RCP_ACTIONS.concat(PLAIN.slice(3, 5))) {
  const rcpOk = RCP_ACTIONS.some(([a]) => a === action);
  const base = { identity: [doc(allow('*'))] };
  const req = { action, resource, ...(bucketAcct ? { resourceAccount: bucketAcct } : {}) };
  const sets = {
    identity: { identity: [doc(allow('*'), deny(action, resource))] },
    boundary: { ...base, boundary: doc(allow('*'), deny(action)) },
    scp: { ...base, scps: [{ name: 'root', policies: [doc(allow('*'), deny(action))] }] },
    resource: { ...base, resource: [doc(pDeny(action, resource))] },
    endpoint: { ...base, endpoint: [doc(pAllow('*'), pDeny(action))] },
  };
  if (rcpOk) sets.rcp = { ...base, rcps: [{ name: 'root', policies: [doc(pDeny(action))] }] };
  for (const [type, policies] of Object.entries(sets)) {
    add('explicit-deny', 'An explicit deny in any policy wins', {
      page: type === 'endpoint' ? PAGES.endpoint : type === 'scp' ? PAGES.scp : type === 'rcp' ? PAGES.rcp : PAGES.eval,
      sentence: type === 'rcp' ? S.rcp : S.explicitDeny,
      name: `a Deny in the ${type} policy denies ${action}`,
      policies,
      request: req,
      expect: 'ExplicitDeny',
    });
  }
  add('explicit-deny', 'An explicit deny in any policy wins', {
    page: PAGES.session,
    sentence: S.explicitDeny,
    name: `a Deny in a session policy denies ${action}`,
    policies: { ...base, session: [doc(allow('*'), deny(action))] },
    request: { ...req, principal: SESSION },
    expect: 'ExplicitDeny',
  });
}

// 3. Permissions boundaries: both must allow.
for (const [action, resource] of PLAIN) {
  const other = action.replace(/:(.*)$/, ':List$1');
  add('boundary', 'Identity policy and boundary must both allow', {
    page: PAGES.boundaries,
    sentence: S.boundary,
    name: `boundary allows ${action}`,
    policies: { identity: [doc(allow(action))], boundary: doc(allow(action)) },
    request: { action, resource },
    expect: 'Allow',
  });
  add('boundary', 'Identity policy and boundary must both allow', {
    page: PAGES.boundaries,
    sentence: S.boundary,
    name: `boundary allows only ${other}`,
    policies: { identity: [doc(allow(action))], boundary: doc(allow(other)) },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
  add('boundary', 'Identity policy and boundary must both allow', {
    page: PAGES.boundaries,
    sentence: S.boundary,
    name: `a boundary alone grants nothing for ${action}`,
    policies: { identity: [doc(allow(other))], boundary: doc(allow('*')) },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
}

// 4. Session policies: intersection with the role's identity policies.
for (const [action, resource] of PLAIN) {
  const other = action.replace(/:(.*)$/, ':Describe$1');
  add('session', 'Role policy and session policy must both allow', {
    page: PAGES.session,
    sentence: S.session,
    name: `session policy allows ${action}`,
    policies: { identity: [doc(allow(action))], session: [doc(allow(action))] },
    request: { action, resource, principal: SESSION },
    expect: 'Allow',
  });
  add('session', 'Role policy and session policy must both allow', {
    page: PAGES.session,
    sentence: S.session,
    name: `session policy allows only ${other}`,
    policies: { identity: [doc(allow(action))], session: [doc(allow(other))] },
    request: { action, resource, principal: SESSION },
    expect: 'ImplicitDeny',
  });
  add('session', 'Role policy and session policy must both allow', {
    page: PAGES.session,
    sentence: S.session,
    name: `a session policy alone grants nothing for ${action}`,
    policies: { identity: [doc(allow(other))], session: [doc(allow('*'))] },
    request: { action, resource, principal: SESSION },
    expect: 'ImplicitDeny',
  });
}

// 5. SCPs: an allow at every level.
for (const [action, resource] of PLAIN) {
  const lvl = (ok) => [
    { name: 'root', policies: [doc(allow('*'))] },
    { name: 'ou-prod', policies: [doc(allow(ok ? action : 'iam:GetUser'))] },
    { name: `account ${ACCT}`, policies: [doc(allow('*'))] },
  ];
  add('scp', 'Every SCP level must allow', {
    page: PAGES.scp,
    sentence: S.scp,
    name: `every level allows ${action}`,
    policies: { identity: [doc(allow('*'))], scps: lvl(true) },
    request: { action, resource },
    expect: 'Allow',
  });
  add('scp', 'Every SCP level must allow', {
    page: PAGES.scp,
    sentence: S.scp,
    name: `the OU level does not allow ${action}`,
    policies: { identity: [doc(allow('*'))], scps: lvl(false) },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
  add('scp', 'Every SCP level must allow', {
    page: PAGES.scp,
    sentence: S.scp,
    name: `SCPs allowing ${action} grant nothing without an identity allow`,
    policies: { identity: [doc(allow('iam:GetUser'))], scps: lvl(true) },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
}

// 6. RCPs only restrict.
for (const [action, resource, acct] of RCP_ACTIONS) {
  const req = { action, resource, ...(acct ? { resourceAccount: acct } : {}) };
  add('rcp', 'RCPs can only deny', {
    page: PAGES.rcp,
    sentence: S.rcp,
    name: `an RCP denying another action leaves ${action} allowed`,
    policies: { identity: [doc(allow('*'))], rcps: [{ name: 'root', policies: [doc(pDeny('s3:DeleteBucket'))] }] },
    request: req,
    expect: action.startsWith('kms:') ? 'ImplicitDeny' : 'Allow',
  });
  add('rcp', 'RCPs can only deny', {
    page: PAGES.rcp,
    sentence: S.rcp,
    name: `an RCP deny on ${action} for principals outside the organisation applies to a caller without aws:PrincipalOrgID`,
    policies: {
      identity: [doc(allow('*'))],
      rcps: [{ name: 'root', policies: [doc(pDeny(action, '*', '*', { Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-example' } } }))] }],
    },
    request: req,
    expect: 'ExplicitDeny',
  });
  add('rcp', 'RCPs can only deny', {
    page: PAGES.rcp,
    sentence: S.rcp,
    name: `the same RCP lets a caller of the organisation through for ${action}`,
    policies: {
      identity: [doc(allow('*'))],
      rcps: [{ name: 'root', policies: [doc(pDeny(action, '*', '*', { Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-example' } } }))] }],
    },
    request: { ...req, context: { 'aws:PrincipalOrgID': 'o-example' } },
    expect: action.startsWith('kms:') ? 'ImplicitDeny' : 'Allow',
  });
}

// 7. VPC endpoint policies must allow and never grant alone.
const VPCE = { id: 'vpce-1a2b3c4d', vpc: 'vpc-111bbb22' };
for (const [action, resource] of PLAIN) {
  add('endpoint', 'An endpoint policy must allow the request', {
    page: PAGES.endpoint,
    sentence: S.endpoint,
    name: `endpoint policy allows ${action}`,
    policies: { identity: [doc(allow('*'))], endpoint: [doc(pAllow(action))] },
    request: { action, resource, vpcEndpoint: VPCE },
    expect: 'Allow',
  });
  add('endpoint', 'An endpoint policy must allow the request', {
    page: PAGES.endpoint,
    sentence: S.endpoint,
    name: `endpoint policy allows only iam:GetUser, not ${action}`,
    policies: { identity: [doc(allow('*'))], endpoint: [doc(pAllow('iam:GetUser'))] },
    request: { action, resource, vpcEndpoint: VPCE },
    expect: 'ImplicitDeny',
  });
  add('endpoint', 'An endpoint policy must allow the request', {
    page: PAGES.endpoint,
    sentence: S.endpoint,
    name: `a full-access endpoint policy grants nothing alone for ${action}`,
    policies: { identity: [doc(allow('iam:GetUser'))], endpoint: [doc(pAllow('*'))] },
    request: { action, resource, vpcEndpoint: VPCE },
    expect: 'ImplicitDeny',
  });
  add('endpoint', 'aws:SourceVpce is in the request context', {
    page: PAGES.endpoint,
    sentence: S.endpoint,
    name: `an endpoint policy condition on aws:SourceVpce for ${action}`,
    policies: {
      identity: [doc(allow('*'))],
      endpoint: [doc(pAllow('*', '*', '*', { Condition: { StringEquals: { 'aws:SourceVpce': VPCE.id, 'aws:SourceVpc': VPCE.vpc } } }))],
    },
    request: { action, resource, vpcEndpoint: VPCE },
    expect: 'Allow',
  });
}

// 8. Role trust policies.
const ROLES = ['Builder', 'Deployer', 'Auditor', 'Reader'].map((n) => `arn:aws:iam::${ACCT}:role/${n}`);
for (const role of ROLES) {
  const req = { action: 'sts:AssumeRole', resource: role };
  add('trust', 'The trust policy must allow sts:AssumeRole', {
    page: PAGES.trust,
    sentence: S.trust,
    name: `trust delegating to the account plus an identity allow assumes ${role}`,
    policies: {
      identity: [doc(allow('sts:AssumeRole', role))],
      trust: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }),
    },
    request: req,
    expect: 'Allow',
  });
  add('trust', 'The trust policy must allow sts:AssumeRole', {
    page: PAGES.trust,
    sentence: S.trust,
    name: `trust naming another account does not let Alice assume ${role}`,
    policies: {
      identity: [doc(allow('sts:AssumeRole', role))],
      trust: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' }),
    },
    request: req,
    expect: 'ImplicitDeny',
  });
  add('trust', 'A trust policy naming the user suffices in its account', {
    page: PAGES.eval,
    sentence: S.sameAccount,
    name: `trust naming Alice lets her assume ${role} without an identity allow`,
    policies: { identity: [], trust: doc({ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }) },
    request: req,
    expect: 'Allow',
  });
  add('trust-user-boundary', 'The user boundary must allow sts:AssumeRole', {
    page: PAGES.trustUser,
    sentence: S.trustUser,
    name: `Alice's boundary without sts:AssumeRole stops ${role}`,
    policies: { identity: [], boundary: doc(allow('s3:*')), trust: doc({ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }) },
    request: req,
    expect: 'ImplicitDeny',
  });
  add('trust-user-boundary', 'The user boundary must allow sts:AssumeRole', {
    page: PAGES.trustUser,
    sentence: S.trustUser,
    name: `Alice's boundary allowing sts:AssumeRole lets her assume ${role}`,
    policies: { identity: [], boundary: doc(allow('sts:AssumeRole')), trust: doc({ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }) },
    request: req,
    expect: 'Allow',
  });
}

// 9. Incomplete ARNs in identity policies.
for (const [action, resource] of ACTIONS.filter(([, r]) => !r.startsWith('arn:aws:s3'))) {
  const svc = action.split(':')[0];
  const region = resource.split(':')[3];
  const kmsNote = svc === 'kms' ? { resource: [doc(pAllow('kms:*', '*', { AWS: `arn:aws:iam::${ACCT}:root` }))] } : {};
  add('incomplete-arn', 'Incomplete ARNs are completed with *', {
    page: PAGES.resource,
    sentence: S.incomplete,
    name: `arn:aws:${svc} covers ${resource}`,
    policies: { identity: [doc(allow(action, `arn:aws:${svc}`))], ...kmsNote },
    request: { action, resource },
    expect: 'Allow',
  });
  add('incomplete-arn', 'Incomplete ARNs are completed with *', {
    page: PAGES.resource,
    sentence: S.incomplete,
    name: `arn:aws:${svc}:${region} covers ${resource}`,
    policies: { identity: [doc(allow(action, `arn:aws:${svc}:${region}`))], ...kmsNote },
    request: { action, resource },
    expect: 'Allow',
  });
  add('incomplete-arn', 'Incomplete ARNs are completed with *', {
    page: PAGES.resource,
    sentence: S.incomplete,
    name: `arn:aws:${svc}:eu-west-3 does not cover ${resource}`,
    policies: { identity: [doc(allow(action, `arn:aws:${svc}:eu-west-3`))], ...kmsNote },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
  add('incomplete-arn', 'Incomplete ARNs are completed with *', {
    page: PAGES.resource,
    sentence: S.incomplete,
    name: `arn:aws:${svc}:${region}:${OTHER} does not cover ${resource}`,
    policies: { identity: [doc(allow(action, `arn:aws:${svc}:${region}:${OTHER}`))], ...kmsNote },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
}

// 10. A * that ends a segment may match beyond the colon.
for (const [action, resource] of ACTIONS.filter(([, r]) => !r.startsWith('arn:aws:s3') && !r.includes(':kms:'))) {
  const [, , svc, region, acct] = resource.split(':');
  add('trailing-wildcard', 'A trailing * spans colons', {
    page: PAGES.resource,
    sentence: S.span,
    name: `arn:aws:${svc}:${region}:* covers ${resource}`,
    policies: { identity: [doc(allow(action, `arn:aws:${svc}:${region}:*`))] },
    request: { action, resource },
    expect: 'Allow',
  });
  add('trailing-wildcard', 'A trailing * spans colons', {
    page: PAGES.resource,
    sentence: S.span,
    name: `arn:aws:${svc}:us-*:${acct}:* covers ${resource}`,
    policies: { identity: [doc(allow(action, `arn:aws:${svc}:us-*`))] },
    request: { action, resource },
    expect: 'Allow',
  });
}

// 11. Wildcards within segments.
const WILD = [
  ['arn:aws:s3:::reports/*', 'arn:aws:s3:::reports/2026/q1.csv', true],
  ['arn:aws:s3:::reports/202?/q1.csv', 'arn:aws:s3:::reports/2026/q1.csv', true],
  ['arn:aws:s3:::reports/202?/q1.csv', 'arn:aws:s3:::reports/20261/q1.csv', false],
  ['arn:aws:s3:::rep*/*/q1.csv', 'arn:aws:s3:::reports/2026/q1.csv', true],
  ['arn:aws:s3:::reports/*/q2.csv', 'arn:aws:s3:::reports/2026/q1.csv', false],
  ['arn:aws:s3:::Reports/*', 'arn:aws:s3:::reports/2026/q1.csv', false],
  ['arn:aws:s3:::*', 'arn:aws:s3:::reports/2026/q1.csv', true],
  ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/2026/q1.csv', false],
  ['arn:aws:s3:::reports*', 'arn:aws:s3:::reports/2026/q1.csv', true],
  ['arn:aws:s3:::?eports/*', 'arn:aws:s3:::reports/2026/q1.csv', true],
  ['arn:aws:s3:::reports/2026/q1.cs?', 'arn:aws:s3:::reports/2026/q1.csv', true],
  ['arn:aws:s3:::reports/2026/q1.csv?', 'arn:aws:s3:::reports/2026/q1.csv', false],
];
for (const [pattern, resource, ok] of WILD) {
  add('resource-wildcards', 'Wildcards in ARN segments', {
    page: PAGES.resource,
    sentence: S.wild,
    name: `${pattern} ${ok ? 'matches' : 'does not match'} ${resource}`,
    policies: { identity: [doc(allow('s3:GetObject', pattern))] },
    request: { action: 's3:GetObject', resource },
    expect: ok ? 'Allow' : 'ImplicitDeny',
  });
}

// 12. Empty condition value lists.
const EMPTY_OPS = [
  ['StringEquals', () => false, 'empty'],
  ['StringLike', () => false, 'empty'],
  ['StringNotEquals', () => true, 'empty'],
  ['StringNotLike', () => true, 'empty'],
  ['ForAllValues:StringEquals', (missing) => missing, 'emptyForAll'],
  ['ForAllValues:StringLike', (missing) => missing, 'emptyForAll'],
  ['ForAnyValue:StringEquals', () => false, 'emptyForAny'],
  ['ForAnyValue:StringLike', () => false, 'emptyForAny'],
  ['StringEqualsIfExists', (missing) => missing, 'emptyIfExists'],
  ['StringLikeIfExists', (missing) => missing, 'emptyIfExists'],
];
for (const [op, matches, sentence] of EMPTY_OPS) {
  for (const [key, value] of [
    ['aws:TagKeys', ['team', 'env']],
    ['aws:PrincipalTag/team', 'blue'],
  ]) {
    if (op.startsWith('For') && key !== 'aws:TagKeys') continue;
    for (const missing of [true, false]) {
      for (const effect of ['Allow', 'Deny']) {
        const statement = { Effect: effect, Action: 's3:GetObject', Resource: '*', Condition: { [op]: { [key]: [] } } };
        const policies = { identity: effect === 'Allow' ? [doc(statement)] : [doc(allow('s3:GetObject'), statement)] };
        const hit = matches(missing);
        const expect = effect === 'Allow' ? (hit ? 'Allow' : 'ImplicitDeny') : hit ? 'ExplicitDeny' : 'Allow';
        add('empty-condition-values', 'Empty condition value lists', {
          page: PAGES.analyzer,
          sentence: S[sentence],
          name: `${effect} with ${op} {${key}: []}, key ${missing ? 'missing' : 'present'}`,
          policies,
          request: { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/2026/q1.csv', ...(missing ? {} : { context: { [key]: value } }) },
          expect,
        });
      }
    }
  }
}
for (const [action, resource] of PLAIN.slice(0, 3)) {
  add('empty-lists', 'Empty Action and Resource lists', {
    page: PAGES.analyzer,
    sentence: S.emptyAction,
    name: `an empty Action list does not allow ${action}`,
    policies: { identity: [doc({ Effect: 'Allow', Action: [], Resource: '*' })] },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
  add('empty-lists', 'Empty Action and Resource lists', {
    page: PAGES.analyzer,
    sentence: S.emptyResource,
    name: `an empty Resource list does not allow ${action}`,
    policies: { identity: [doc({ Effect: 'Allow', Action: action, Resource: [] })] },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
  add('empty-lists', 'Empty Action and Resource lists', {
    page: PAGES.analyzer,
    sentence: S.emptyAction,
    name: `a Deny with an empty Action list does not deny ${action}`,
    policies: { identity: [doc(allow('*'), { Effect: 'Deny', Action: [], Resource: '*' })] },
    request: { action, resource },
    expect: 'Allow',
  });
}

// 13. Federated-user sessions.
for (const [action, resource, acct] of PLAIN.slice(0, 4)) {
  const req = { action, resource, principal: FED, federatedBy: USER, resourceAccount: acct ?? ACCT };
  const named = (principal) => [doc(pAllow(action, resource, { AWS: principal }))];
  add('federated-user', 'GetFederationToken sessions', {
    page: PAGES.gft,
    sentence: S.gftNone,
    name: `without a session policy the session cannot ${action}`,
    policies: { identity: [doc(allow('*'))] },
    request: req,
    expect: 'ImplicitDeny',
  });
  add('federated-user', 'GetFederationToken sessions', {
    page: PAGES.session,
    sentence: S.session,
    name: `user policy and session policy both allow ${action}`,
    policies: { identity: [doc(allow('*'))], session: [doc(allow(action))] },
    request: req,
    expect: 'Allow',
  });
  add('federated-user', 'GetFederationToken sessions', {
    page: PAGES.gft,
    sentence: S.gftResource,
    name: `a resource policy naming the session grants ${action} beyond the session policy`,
    policies: { identity: [], resource: named(FED), session: [doc(allow('iam:GetUser'))] },
    request: req,
    expect: 'Allow',
  });
  add('federated-user', 'GetFederationToken sessions', {
    page: PAGES.eval,
    sentence: S.evalFederating,
    name: `a resource policy naming the federating user grants ${action} when the session policy allows it`,
    policies: { identity: [], resource: named(USER), session: [doc(allow(action))] },
    request: req,
    expect: 'Allow',
  });
  add('federated-user', 'GetFederationToken sessions', {
    page: PAGES.eval,
    sentence: S.evalFederating,
    name: `a resource policy naming the federating user is limited by the session policy for ${action}`,
    policies: { identity: [], resource: named(USER), session: [doc(allow('iam:GetUser'))] },
    request: req,
    expect: 'ImplicitDeny',
  });
  add('federated-user', 'GetFederationToken sessions', {
    page: PAGES.eval,
    sentence: S.evalFederating,
    name: `a resource policy naming the federating user is limited by the user's boundary for ${action}`,
    policies: { identity: [], resource: named(USER), session: [doc(allow(action))], boundary: doc(allow('iam:GetUser')) },
    request: req,
    expect: 'ImplicitDeny',
  });
}

// 14. Actions that need no permission.
for (const [action, page, sentence] of [
  ['sts:GetCallerIdentity', PAGES.gci, S.gci],
  ['sts:GetSessionToken', PAGES.gst, S.gst],
]) {
  const sets = {
    'no policy at all': { identity: [] },
    'an identity Deny *': { identity: [doc(deny('*'))] },
    'a Deny on the action': { identity: [doc(deny(action))] },
    'a boundary Deny': { identity: [], boundary: doc(deny('*')) },
    'an SCP Deny': { identity: [], scps: [{ name: 'root', policies: [doc(deny('*'))] }] },
    'an RCP Deny on sts:*': { identity: [], rcps: [{ name: 'root', policies: [doc(pDeny('sts:*'))] }] },
    'an endpoint policy Deny': { identity: [], endpoint: [doc(pDeny('*'))] },
  };
  for (const [what, policies] of Object.entries(sets))
    add('no-permission-actions', 'Actions that need no permission', {
      page,
      sentence,
      name: `${action} under ${what}`,
      policies,
      request: { action },
      expect: 'Allow',
    });
}

// 15. aws:ResourceAccount is not in the context of some actions.
const NO_RA = [
  ['ec2:CreateVolume', `arn:aws:ec2:us-east-1:${ACCT}:volume/vol-1`],
  ['ec2:CopySnapshot', `arn:aws:ec2:us-east-1:${ACCT}:snapshot/snap-1`],
  ['ec2:CopyImage', `arn:aws:ec2:us-east-1:${ACCT}:image/ami-1`],
  ['events:PutEvents', `arn:aws:events:us-east-1:${ACCT}:event-bus/default`],
  ['ebs:StartSnapshot', `arn:aws:ec2:us-east-1:${ACCT}:snapshot/snap-2`],
];
const WITH_RA = [
  ['ec2:StartInstances', `arn:aws:ec2:us-east-1:${ACCT}:instance/i-1`],
  ['ec2:AttachVolume', `arn:aws:ec2:us-east-1:${ACCT}:volume/vol-1`],
  ['events:PutRule', `arn:aws:events:us-east-1:${ACCT}:rule/nightly`],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCT}:orders`],
  ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCT}:table/Orders`],
];
for (const [list, carries] of [
  [NO_RA, false],
  [WITH_RA, true],
]) {
  for (const [action, resource] of list) {
    add('resource-account-keys', 'Actions without aws:ResourceAccount', {
      page: carries ? PAGES.operators : PAGES.keys,
      sentence: carries ? S.missingKey : S.resourceAccount,
      name: `${action} ${carries ? 'carries' : 'does not carry'} aws:ResourceAccount: StringNotEquals deny`,
      policies: { identity: [doc(allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:ResourceAccount': ACCT } } }))] },
      request: { action, resource },
      expect: carries ? 'Allow' : 'ExplicitDeny',
    });
    add('resource-account-keys', 'Actions without aws:ResourceAccount', {
      page: PAGES.operators,
      sentence: S.missingKey,
      name: `${action} ${carries ? 'carries' : 'does not carry'} aws:ResourceAccount: StringEquals allow`,
      policies: { identity: [doc(allow('*', '*', { Condition: { StringEquals: { 'aws:ResourceAccount': ACCT } } }))] },
      request: { action, resource },
      expect: carries ? 'Allow' : 'ImplicitDeny',
    });
  }
}

// 16. Condition operators.
const OPS = [
  ['StringEquals', 'aws:PrincipalTag/team', 'blue', 'blue', true, 'StringEquals: Exact matching, case sensitive.'],
  ['StringEquals', 'aws:PrincipalTag/team', 'blue', 'Blue', false, 'StringEquals: Exact matching, case sensitive.'],
  ['StringNotEquals', 'aws:PrincipalTag/team', 'blue', 'red', true, 'StringNotEquals: Negated matching.'],
  ['StringNotEquals', 'aws:PrincipalTag/team', 'blue', 'blue', false, 'StringNotEquals: Negated matching.'],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'blue', 'BLUE', true, 'StringEqualsIgnoreCase: Exact matching, ignoring case.'],
  [
    'StringLike',
    'aws:PrincipalTag/team',
    'bl*',
    'blue',
    true,
    'StringLike: Case-sensitive matching. The values can include multi-character match wildcards (*) and single-character match wildcards (?) anywhere in the string.',
  ],
  [
    'StringLike',
    'aws:PrincipalTag/team',
    'b?ue',
    'blue',
    true,
    'StringLike: Case-sensitive matching. The values can include multi-character match wildcards (*) and single-character match wildcards (?) anywhere in the string.',
  ],
  [
    'StringLike',
    'aws:PrincipalTag/team',
    'B*',
    'blue',
    false,
    'StringLike: Case-sensitive matching. The values can include multi-character match wildcards (*) and single-character match wildcards (?) anywhere in the string.',
  ],
  ['StringNotLike', 'aws:PrincipalTag/team', 'r*', 'blue', true, 'StringNotLike: Negated case-sensitive matching.'],
  ['NumericLessThan', 's3:max-keys', '10', '5', true, 'NumericLessThan: Less than matching.'],
  ['NumericLessThan', 's3:max-keys', '10', '10', false, 'NumericLessThan: Less than matching.'],
  ['NumericLessThanEquals', 's3:max-keys', '10', '10', true, 'NumericLessThanEquals: Less than or equals matching.'],
  ['NumericGreaterThan', 's3:max-keys', '10', '11', true, 'NumericGreaterThan: Greater than matching.'],
  ['NumericEquals', 's3:max-keys', '10', '10.0', true, 'NumericEquals: Matching.'],
  ['NumericNotEquals', 's3:max-keys', '10', '9', true, 'NumericNotEquals: Negated matching.'],
  ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', '2026-06-01T00:00:00Z', true, 'DateGreaterThan: Matching after a specific date and time.'],
  ['DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', '2026-06-01T00:00:00Z', false, 'DateLessThan: Matching before a specific date and time.'],
  ['Bool', 'aws:SecureTransport', 'true', 'true', true, 'Bool: Boolean matching.'],
  ['Bool', 'aws:SecureTransport', 'true', 'false', false, 'Bool: Boolean matching.'],
  ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.113.7', true, 'IpAddress: The specified IP address or range.'],
  ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', '198.51.100.7', false, 'IpAddress: The specified IP address or range.'],
  ['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', '198.51.100.7', true, 'NotIpAddress: All IP addresses except the specified IP address or range.'],
  [
    'ArnLike',
    'aws:SourceArn',
    'arn:aws:sns:us-east-1:111122223333:*',
    'arn:aws:sns:us-east-1:111122223333:alerts',
    true,
    'ArnLike: Case-sensitive matching of the ARN.',
  ],
  [
    'ArnEquals',
    'aws:SourceArn',
    'arn:aws:sns:us-east-1:111122223333:alerts',
    'arn:aws:sns:us-east-1:111122223333:other',
    false,
    'ArnEquals: Case-sensitive matching of the ARN.',
  ],
  [
    'ArnNotLike',
    'aws:SourceArn',
    'arn:aws:sns:*:111122223333:*',
    'arn:aws:sns:us-east-1:444455556666:alerts',
    true,
    'ArnNotLike: Negated case-sensitive matching of the ARN.',
  ],
  ['Null', 'aws:TokenIssueTime', 'true', undefined, true, 'Use a Null condition operator to check if a condition key is absent at the time of authorization.'],
  [
    'Null',
    'aws:TokenIssueTime',
    'false',
    undefined,
    false,
    'Use a Null condition operator to check if a condition key is absent at the time of authorization.',
  ],
  [
    'Null',
    'aws:TokenIssueTime',
    'false',
    '2026-06-01T00:00:00Z',
    true,
    'Use a Null condition operator to check if a condition key is absent at the time of authorization.',
  ],
  ['StringEquals', 'aws:PrincipalTag/team', 'blue', undefined, false, S.missingKey],
  ['NumericLessThan', 's3:max-keys', '10', undefined, false, S.missingKey],
  [
    'StringEqualsIfExists',
    'aws:PrincipalTag/team',
    'blue',
    undefined,
    true,
    '...IfExists: If the policy key is present in the context of the request, process the key as specified in the policy. If the key is not present, evaluate the condition element as true.',
  ],
  [
    'StringEqualsIfExists',
    'aws:PrincipalTag/team',
    'blue',
    'red',
    false,
    '...IfExists: If the policy key is present in the context of the request, process the key as specified in the policy. If the key is not present, evaluate the condition element as true.',
  ],
  [
    'ForAnyValue:StringEquals',
    'aws:TagKeys',
    'env',
    ['env', 'team'],
    true,
    'ForAnyValue: Tests whether at least one member of the set of request values matches at least one member of the set of condition key values.',
  ],
  [
    'ForAllValues:StringEquals',
    'aws:TagKeys',
    'env',
    ['env', 'team'],
    false,
    'ForAllValues: Tests whether the value of every member of the request set is a subset of the condition key set.',
  ],
];
OPS.forEach(([op, key, policyValue, requestValue, ok, sentence]) => {
  const action = key.startsWith('s3:') ? 's3:ListBucket' : 's3:GetObject';
  const resource = action === 's3:ListBucket' ? 'arn:aws:s3:::reports' : 'arn:aws:s3:::reports/2026/q1.csv';
  const context = requestValue === undefined ? {} : { context: { [key]: requestValue } };
  const page = op.startsWith('For') ? 'IAM User Guide, reference_policies_condition-single-vs-multi-valued-context-keys.md' : PAGES.operators;
  add('condition-operators', 'Condition operators', {
    page,
    sentence,
    name: `${op} ${key} ${JSON.stringify(policyValue)} against ${requestValue === undefined ? 'a missing key' : JSON.stringify(requestValue)}`,
    policies: { identity: [doc(allow(action, '*', { Condition: { [op]: { [key]: policyValue } } }))] },
    request: { action, resource, ...context },
    expect: ok ? 'Allow' : 'ImplicitDeny',
  });
});

// 17. NotAction and NotResource.
for (const [action, resource] of PLAIN.slice(0, 8)) {
  const svc = action.split(':')[0];
  add('not-elements', 'NotAction / NotResource', {
    page: PAGES.notAction,
    sentence: S.notAction,
    name: `NotAction iam:* allows ${action}`,
    policies: { identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] },
    request: { action, resource },
    expect: 'Allow',
  });
  add('not-elements', 'NotAction / NotResource', {
    page: PAGES.notAction,
    sentence: S.notAction,
    name: `NotAction ${svc}:* does not allow ${action}`,
    policies: { identity: [doc({ Effect: 'Allow', NotAction: `${svc}:*`, Resource: '*' })] },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
  add('not-elements', 'NotAction / NotResource', {
    page: PAGES.notResource,
    sentence: S.notResource,
    name: `NotResource of another resource allows ${action}`,
    policies: { identity: [doc({ Effect: 'Allow', Action: action, NotResource: 'arn:aws:iam::111122223333:user/*' })] },
    request: { action, resource },
    expect: 'Allow',
  });
  add('not-elements', 'NotAction / NotResource', {
    page: PAGES.notResource,
    sentence: S.notResource,
    name: `NotResource naming the resource does not allow ${action}`,
    policies: { identity: [doc({ Effect: 'Allow', Action: action, NotResource: resource })] },
    request: { action, resource },
    expect: 'ImplicitDeny',
  });
}

// 18. Cross-account and same-account resource-based policies.
for (const [action, resource, acct] of PLAIN.slice(0, 6)) {
  const outsider = `arn:aws:iam::${OTHER}:user/Carol`;
  const base = { action, resource, resourceAccount: acct ?? ACCT };
  const rp = (principal) => [doc(pAllow(action, resource, { AWS: principal }))];
  add('cross-account', 'Cross-account requests need both sides', {
    page: PAGES.evalCross,
    sentence: S.cross,
    name: `${action} across accounts with both sides allowing`,
    policies: { identity: [doc(allow(action))], resource: rp(outsider) },
    request: { ...base, principal: outsider },
    expect: 'Allow',
  });
  add('cross-account', 'Cross-account requests need both sides', {
    page: PAGES.evalCross,
    sentence: S.cross,
    name: `${action} across accounts without the resource-based policy`,
    policies: { identity: [doc(allow(action))] },
    request: { ...base, principal: outsider },
    expect: 'ImplicitDeny',
  });
  add('cross-account', 'Cross-account requests need both sides', {
    page: PAGES.evalCross,
    sentence: S.cross,
    name: `${action} across accounts without the identity allow`,
    policies: { identity: [], resource: rp(outsider) },
    request: { ...base, principal: outsider },
    expect: 'ImplicitDeny',
  });
  add('same-account-resource', 'Same account: a resource policy naming the user suffices', {
    page: PAGES.eval,
    sentence: S.sameAccount,
    name: `${action} in the same account granted by the resource policy alone`,
    policies: { identity: [], resource: rp(USER) },
    request: base,
    expect: 'Allow',
  });
}

// 19. Policy variables.
for (const [user, key, ok] of [
  ['Alice', 'home/Alice/notes.txt', true],
  ['Alice', 'home/Bob/notes.txt', false],
  ['Bob', 'home/Bob/a/b.txt', true],
  ['Bob', 'home/bob/a.txt', false],
]) {
  const principal = `arn:aws:iam::${ACCT}:user/${user}`;
  add('policy-variables', 'Policy variables', {
    page: PAGES.variables,
    sentence: S.variables,
    name: `\${aws:username} for ${user} on ${key}`,
    policies: { identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::home-bucket/home/${aws:username}/*'))] },
    request: { action: 's3:GetObject', resource: `arn:aws:s3:::home-bucket/${key}`, principal },
    expect: ok ? 'Allow' : 'ImplicitDeny',
  });
  add('policy-variables', 'Policy variables', {
    page: PAGES.variables,
    sentence: S.variables,
    name: `\${aws:PrincipalTag/team} in a condition for ${user}`,
    policies: { identity: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 's3:ExistingObjectTag/team': '${aws:PrincipalTag/team}' } } }))] },
    request: {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::home-bucket/x',
      principal,
      context: { 'aws:PrincipalTag/team': 'blue', 's3:ExistingObjectTag/team': ok ? 'blue' : 'red' },
    },
    expect: ok ? 'Allow' : 'ImplicitDeny',
  });
}

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
for (const [file, { rule, page, cases }] of files) {
  const header = `# Conformance cases: ${rule}.\n# Generated by scripts/generate-conformance.js from the rule and sentence each case cites; edit the generator, not this file.\n`;
  fs.writeFileSync(path.join(OUT, `${file}.yaml`), header + YAML.stringify({ rule, page, cases }, { lineWidth: 0 }));
}
console.log(`${seq} cases in ${files.size} files`);
