import { evaluate } from '../../../src/engine/evaluate';
import type { Decision, DecisionNote, DecisionReason, ElementCheck, ElementCheckCode, ReasonCode } from '../../../src/engine/decision';
import type { AccessRequest } from '../../../src/request/access-request';
import type { PolicySet } from '../../../src/policy/policy-set';
import {
  describeCheck,
  describeConditionOutcome,
  describeDecision,
  describeNote,
  describeReason,
  describeTraceReason,
} from '../../../src/explain/decision-wording';
import type { ConditionOutcome, ConditionReason } from '../../../src/conditions/compile-condition';
import { evaluate as condition } from '../conditions/condition-helpers';
import { allow, deny, policyOf } from '../../support/policies';

// The engine gives codes (src/engine/reason-code.ts); these are the sentences a user reads for
// each, pinned whole. Each decision comes from evaluate() on the rule it names.

const ACCT = '111122223333';
const OTHER = '444455556666';
const USER = `arn:aws:iam::${ACCT}:user/David`;
const OTHER_USER = `arn:aws:iam::${OTHER}:user/Eve`;
const ROLE = `arn:aws:iam::${ACCT}:role/Builder`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/Builder/ci`;
const FED = `arn:aws:sts::${ACCT}:federated-user/Bob`;
const OBJ = 'arn:aws:s3:::team-bucket/report.csv';
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

// A single statement of a policy built by policyOf() starts at line 4, column 5.
const identity = policyOf([allow('s3:*', '*', { Sid: 'S3All' })], { name: 'identity.json' });
const bucket = (principal: unknown, sid = 'BucketAllow') =>
  policyOf([{ Sid: sid, Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-bucket/*' }], {
    name: 'bucket.json',
    policyType: 'resource',
  });
const boundary = policyOf([allow('ec2:*')], { name: 'boundary.json', policyType: 'boundary' });
const session = policyOf([allow('s3:ListBucket')], { name: 'session.json', policyType: 'session' });
const scp = (statements: object[], name: string) => policyOf(statements, { name, policyType: 'scp' });
const trust = policyOf([{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }], { name: 'trust.json', policyType: 'trust' });
const endpoint = policyOf([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }], {
  name: 'endpoint.json',
  policyType: 'endpoint',
});
const get = (extra: Partial<AccessRequest> = {}): AccessRequest => ({
  action: 's3:GetObject',
  resource: OBJ,
  principal: USER,
  resourceAccount: ACCT,
  ...extra,
});

const ALL_REASON_CODES: Record<ReasonCode, true> = {
  'no-permission-required': true,
  'identity-allow': true,
  'resource-allow': true,
  'root-user-full-access': true,
  'explicit-deny': true,
  'bpa-restrict-public-buckets': true,
  'bpa-block-public-acls': true,
  'aws-managed-policy': true,
  'service-linked-role': true,
  'identity-center-role': true,
  'aws-kms-alias': true,
  'aws-managed-key': true,
  'scp-no-allow': true,
  'endpoint-policy-no-allow': true,
  'boundary-no-allow': true,
  'trust-user-boundary': true,
  'session-no-allow': true,
  'federated-session-without-policy': true,
  'no-identity-policies': true,
  'cross-account-no-identity-allow': true,
  'no-allow': true,
  'resource-policy-required': true,
  'cross-account-no-resource-allow': true,
};

const ev = (set: PolicySet, req: AccessRequest) => () => evaluate(set, req);
const given = (reason: DecisionReason) => () => ({ reason }) as Pick<Decision, 'reason'>;

/** [code, layer, how to get the decision, the sentence]. */
const SENTENCES: [ReasonCode, string, () => Pick<Decision, 'reason'>, string][] = [
  [
    'no-permission-required',
    'request',
    ev({ identity: [policyOf([deny('*')])] }, { action: 'sts:GetCallerIdentity', principal: USER }),
    'allowed: sts:GetCallerIdentity needs no permission, and no policy (not even an explicit Deny) can stop it (AWS STS API Reference)',
  ],
  ['identity-allow', 'identity', ev({ identity: [identity] }, get()), 'allowed by identity-based policy identity.json, statement S3All (identity.json:4:5)'],
  [
    'resource-allow',
    'resource',
    ev({ identity: [], resource: [bucket({ AWS: USER })] }, get()),
    'allowed by resource-based policy bucket.json, statement BucketAllow (bucket.json:4:5)',
  ],
  [
    'resource-allow',
    'trust',
    ev({ identity: [], trust }, { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCT}:role/Deployer`, principal: USER }),
    'allowed by resource-based policy trust.json, statement #1 (trust.json:4:5)',
  ],
  [
    'root-user-full-access',
    'identity',
    ev({ identity: [] }, { action: 'ec2:RunInstances', principal: `arn:aws:iam::${ACCT}:root` }),
    'allowed: the root user of account 111122223333 has full access in its account (id_root-user.md)',
  ],
  [
    'explicit-deny',
    'scp',
    ev({ identity: [identity], scps: [{ name: 'root', policies: [scp([deny('*')], 'DenyAll')] }] }, get()),
    'explicitly denied by SCP at root DenyAll, statement #1 (DenyAll:4:5)',
  ],
  [
    'explicit-deny',
    'boundary',
    ev({ identity: [identity], boundary: policyOf([deny('s3:*', '*', { Sid: 'NoS3' })], { name: 'boundary.json', policyType: 'boundary' }) }, get()),
    'explicitly denied by permissions boundary boundary.json, statement NoS3 (boundary.json:4:5)',
  ],
  [
    'bpa-restrict-public-buckets',
    'block-public-access',
    ev({ identity: [], resource: [bucket('*')], blockPublicAccess: { account: { RestrictPublicBuckets: true } } }, get({ principal: 'anonymous' })),
    "denied by S3 Block Public Access: RestrictPublicBuckets is on at the account level and the bucket policy is public, so only AWS service principals and principals of the bucket owner's account may use it",
  ],
  [
    'bpa-block-public-acls',
    'block-public-access',
    given({ layer: 'block-public-access', code: 'bpa-block-public-acls', setting: 'BlockPublicAcls', level: 'bucket' }),
    'denied by S3 Block Public Access: BlockPublicAcls is on at the bucket level and the request sets a public ACL',
  ],
  [
    'aws-managed-policy',
    'aws-protected',
    ev(
      { identity: [policyOf([allow('iam:*')])] },
      { action: 'iam:CreatePolicyVersion', resource: 'arn:aws:iam::aws:policy/AdministratorAccess', principal: USER },
    ),
    'denied by AWS: AWS-managed resource arn:aws:iam::aws:policy/AdministratorAccess: AWS managed policies cannot be changed',
  ],
  [
    'service-linked-role',
    'aws-protected',
    given({ layer: 'aws-protected', code: 'service-linked-role', resource: 'r' }),
    'denied by AWS: AWS-managed resource r: only the linked service may change a service-linked role',
  ],
  [
    'identity-center-role',
    'aws-protected',
    given({ layer: 'aws-protected', code: 'identity-center-role', resource: 'r' }),
    'denied by AWS: AWS-managed resource r: only IAM Identity Center may change its AWSReservedSSO_ roles',
  ],
  [
    'aws-kms-alias',
    'aws-protected',
    given({ layer: 'aws-protected', code: 'aws-kms-alias', resource: 'r' }),
    'denied by AWS: AWS-managed resource r: aliases beginning with alias/aws/ are reserved for AWS managed keys',
  ],
  [
    'aws-managed-key',
    'aws-protected',
    given({ layer: 'aws-protected', code: 'aws-managed-key', resource: 'r' }),
    'denied by AWS: AWS-managed resource r: AWS managed keys cannot be changed',
  ],
  [
    'scp-no-allow',
    'scp',
    ev({ identity: [identity], scps: [{ name: 'ou-prod', policies: [scp([allow('ec2:*')], 'Ec2Only')] }] }, get()),
    'denied: no allow in SCP at ou-prod',
  ],
  [
    'endpoint-policy-no-allow',
    'endpoint',
    ev({ identity: [identity], endpoint: [endpoint] }, get({ vpcEndpoint: { id: 'vpce-1a2b3c4d', vpc: 'vpc-111bbb22' } })),
    'denied: no statement of the VPC endpoint policy allows it (an endpoint policy must allow every request through the endpoint)',
  ],
  [
    'boundary-no-allow',
    'boundary',
    ev({ identity: [identity], boundary }, get()),
    'denied: an identity-based policy allows it, but the permissions boundary boundary.json has no allow for it',
  ],
  [
    'boundary-no-allow',
    'boundary',
    ev({ identity: [], resource: [bucket({ AWS: ROLE }, 'RoleAllow')], boundary }, get({ principal: SESSION })),
    'denied: resource-based policy bucket.json, statement RoleAllow (bucket.json:4:5) allows it, but the permissions boundary boundary.json has no allow for it (a resource-based policy naming the role, not the session, is limited by it)',
  ],
  [
    'boundary-no-allow',
    'boundary',
    ev(
      { identity: [], resource: [bucket({ AWS: USER }, 'UserAllow')], session: [policyOf([allow('s3:GetObject')], { policyType: 'session' })], boundary },
      get({ principal: FED, federatedBy: USER }),
    ),
    'denied: resource-based policy bucket.json, statement UserAllow (bucket.json:4:5) allows it, but the permissions boundary boundary.json has no allow for it (a resource-based policy naming the IAM user that federated the session is limited by it)',
  ],
  [
    'trust-user-boundary',
    'boundary',
    ev({ identity: [], trust, boundary }, { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCT}:role/Deployer`, principal: USER }),
    'denied: resource-based policy trust.json, statement #1 (trust.json:4:5) allows it, but the permissions boundary boundary.json has no allow for it (a trust policy naming an IAM user with a permissions boundary is limited by it)',
  ],
  [
    'trust-user-boundary',
    'boundary',
    ev(
      {
        identity: [policyOf([allow('sts:AssumeRole')])],
        trust: policyOf([{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'sts:AssumeRole' }], { policyType: 'trust' }),
        boundary,
      },
      { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCT}:role/Deployer`, principal: USER },
    ),
    'denied: an identity-based policy allows it, but the permissions boundary boundary.json has no allow for it',
  ],
  [
    'session-no-allow',
    'session',
    ev({ identity: [identity], session: [session] }, get({ principal: SESSION })),
    'denied: an identity-based policy allows it, but the session policy has no allow for it',
  ],
  [
    'federated-session-without-policy',
    'session',
    ev({ identity: [identity] }, get({ principal: FED, federatedBy: USER })),
    'denied: an identity-based policy allows it, but the federated-user session was created without a session policy, so it has no permissions (GetFederationToken)',
  ],
  [
    'no-identity-policies',
    'resource',
    ev({ identity: [identity] }, get({ principal: 'anonymous' })),
    'denied: an anonymous caller has no identity-based policies, and no resource-based policy allows it',
  ],
  [
    'no-identity-policies',
    'resource',
    ev({ identity: [], resource: [bucket({ AWS: USER })] }, get({ principal: 'cloudtrail.amazonaws.com' })),
    'denied: the service principal has no identity-based policies, and no resource-based policy allows it (no statement of the resource-based policy applies to it: see the closest statements)',
  ],
  [
    'no-identity-policies',
    'resource',
    ev({ identity: [identity] }, get({ principal: 'accounts.google.com' })),
    'denied: a federated or canonical-user caller has no identity-based policies, and no resource-based policy allows it',
  ],
  [
    'cross-account-no-identity-allow',
    'identity',
    ev({ identity: [], resource: [bucket({ AWS: OTHER_USER })] }, get({ principal: OTHER_USER })),
    'denied: cross-account request allowed by the resource-based policy but by no identity-based policy',
  ],
  ['no-allow', 'identity', ev({ identity: [policyOf([allow('ec2:*')])] }, get()), 'denied: no statement allows it (implicit deny)'],
  [
    'resource-policy-required',
    'resource',
    ev({ identity: [policyOf([allow('kms:Decrypt')])] }, { action: 'kms:Decrypt', resource: KEY, principal: USER }),
    'denied: the KMS key policy must allow the request (an identity-based allow is not enough)',
  ],
  [
    'resource-policy-required',
    'trust',
    ev({ identity: [policyOf([allow('sts:AssumeRole')])] }, { action: 'sts:AssumeRole', resource: ROLE, principal: USER }),
    "denied: the role's trust policy must allow the request (an identity-based allow is not enough)",
  ],
  [
    'cross-account-no-resource-allow',
    'resource',
    ev({ identity: [identity] }, get({ principal: OTHER_USER })),
    'denied: cross-account request (principal account 444455556666, resource account 111122223333) needs an allow in the resource-based policy',
  ],
];

describe('describeDecision: one sentence per reason code', () => {
  test.each(SENTENCES.map(([code, layer, decide, sentence]) => [code, layer, decide, sentence] as const))('%s (%s)', (code, layer, decide, sentence) => {
    const d = decide();
    expect({ code: d.reason.code, layer: d.reason.layer }).toEqual({ code, layer });
    expect(describeDecision(d)).toBe(sentence);
    expect(describeReason(d.reason)).toBe(sentence);
  });

  test('every reason code has its sentence pinned here', () => {
    expect([...new Set(SENTENCES.map(([code]) => code))].sort()).toEqual(Object.keys(ALL_REASON_CODES).sort());
  });
});

describe('describeNote: the policy types left out of a decision', () => {
  const notes: [DecisionNote, string][] = [
    [
      { code: 'session-policies-not-applicable', layer: 'session', caller: USER },
      `session policies do not apply: the caller ${USER} is not a role or federated-user session`,
    ],
    [{ code: 'scps-not-applicable', layer: 'scp', cause: 'service-principal' }, 'SCPs do not apply: the caller is an AWS service principal'],
    [{ code: 'scps-not-applicable', layer: 'scp', cause: 'anonymous' }, 'SCPs do not apply: the caller is anonymous'],
    [{ code: 'scps-not-applicable', layer: 'scp', cause: 'service-linked-role' }, 'SCPs do not apply: the caller is a service-linked role'],
    [
      { code: 'scps-not-applicable', layer: 'scp', cause: 'management-account', account: ACCT },
      `SCPs do not apply: the caller is in the management account ${ACCT}`,
    ],
    [{ code: 'rcps-not-applicable', layer: 'rcp', cause: 'service-linked-role' }, 'RCPs do not apply: the caller is a service-linked role'],
    [
      { code: 'rcps-not-applicable', layer: 'rcp', cause: 'management-account', account: ACCT },
      `RCPs do not apply: the resource is in the management account ${ACCT}`,
    ],
    [
      { code: 'rcps-not-applicable', layer: 'rcp', cause: 'service-unsupported', service: 'rekognition' },
      'RCPs do not apply: rekognition does not support RCPs',
    ],
  ];
  test.each(notes)('%o', (note, sentence) => {
    expect(describeNote(note)).toBe(sentence);
  });

  test('a decision carries its notes as codes; the words come from describeNote', () => {
    const d = evaluate({ identity: [identity], session: [session] }, get());
    expect(d.notes.map(describeNote)).toEqual([`session policies do not apply: the caller ${USER} is not a role or federated-user session`]);
  });
});

describe('describeCheck and describeTraceReason: how each element compared', () => {
  /** The check of `element` in the trace of the first statement of `statements`, for `request`. */
  const checkOf = (
    statements: object[],
    element: string,
    req: Partial<AccessRequest> = {},
    set: Partial<PolicySet> = {},
    policyType: 'identity' | 'resource' = 'identity',
  ): ElementCheck => {
    const p = policyOf(statements, { policyType });
    const d = evaluate({ identity: policyType === 'identity' ? [p] : [], ...(policyType === 'resource' ? { resource: [p] } : {}), ...set }, get(req));
    const c = d.trace.find((t) => t.policy === p)!.checks.find((x) => x.element === element);
    if (!c) throw new Error(`no ${element} check`);
    return c;
  };
  const stmt = (extra: object) => ({ Effect: 'Allow', ...extra });
  const resourceStmt = (extra: object) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', ...extra });
  const cases: [ElementCheckCode, () => ElementCheck, string][] = [
    ['matched', () => checkOf([allow('s3:Get*')], 'Action'), 'action "s3:GetObject" matches "s3:Get*"'],
    ['not-matched', () => checkOf([allow(['ec2:*', 's3:Put*'])], 'Action'), 'action "s3:GetObject" is not matched by Action "ec2:*", "s3:Put*"'],
    [
      'not-matched',
      () => checkOf([allow('s3:*', 'arn:aws:s3:::team-bucket/${aws:username}/*')], 'Resource', { principal: SESSION }),
      `resource "${OBJ}" is not matched by Resource "arn:aws:s3:::team-bucket/\${aws:username}/*" (\${aws:username} has no value in the request)`,
    ],
    ['excluded', () => checkOf([stmt({ NotAction: 's3:Get*', Resource: '*' })], 'NotAction'), 'action "s3:GetObject" is excluded by NotAction "s3:Get*"'],
    ['not-listed', () => checkOf([stmt({ NotAction: 'ec2:*', Resource: '*' })], 'NotAction'), 'action "s3:GetObject" is not listed in NotAction'],
    [
      'excluded',
      () => checkOf([stmt({ Action: 's3:*', NotResource: 'arn:aws:s3:::team-bucket/*' })], 'NotResource'),
      `resource "${OBJ}" is excluded by NotResource "arn:aws:s3:::team-bucket/*"`,
    ],
    [
      'variable-unresolved',
      () => checkOf([stmt({ Action: 's3:*', NotResource: 'arn:aws:s3:::other/${aws:username}/*' })], 'NotResource', { principal: SESSION }),
      '${aws:username} has no value in the request, so NotResource cannot be checked',
    ],
    [
      'principal-matched',
      () => checkOf([resourceStmt({ Principal: { AWS: USER } })], 'Principal', {}, {}, 'resource'),
      `principal ${USER} matches "${USER}" (user)`,
    ],
    ['principal-matched', () => checkOf([resourceStmt({})], 'Principal', {}, {}, 'resource'), `principal ${USER} matches "*" (any)`],
    [
      'principal-not-named',
      () => checkOf([resourceStmt({ Principal: { AWS: ROLE } })], 'Principal', {}, {}, 'resource'),
      `principal ${USER} is not named in Principal`,
    ],
    [
      'principal-not-named',
      () => checkOf([resourceStmt({ Principal: { AWS: ROLE } })], 'Principal', { principal: undefined }, {}, 'resource'),
      'principal (no principal given) is not named in Principal',
    ],
    [
      'principal-excluded',
      () =>
        checkOf(
          [{ Effect: 'Deny', NotPrincipal: { AWS: [USER, `arn:aws:iam::${ACCT}:root`] }, Action: 's3:*', Resource: '*' }],
          'NotPrincipal',
          {},
          {},
          'resource',
        ),
      `principal ${USER} is excluded by NotPrincipal`,
    ],
    [
      'principal-not-listed',
      () => checkOf([{ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 's3:*', Resource: '*' }], 'NotPrincipal', {}, {}, 'resource'),
      `principal ${USER} is not listed in NotPrincipal`,
    ],
    [
      'principal-not-exempt',
      () => checkOf([{ Effect: 'Deny', NotPrincipal: { AWS: USER }, Action: 's3:*', Resource: '*' }], 'NotPrincipal', {}, {}, 'resource'),
      `principal ${USER} is listed in NotPrincipal, but the account (arn:aws:iam::${ACCT}:root) is not, so AWS may still apply this statement to it`,
    ],
    [
      'principal-not-exempt',
      () =>
        checkOf([{ Effect: 'Deny', NotPrincipal: { AWS: SESSION }, Action: 's3:*', Resource: '*' }], 'NotPrincipal', { principal: SESSION }, {}, 'resource'),
      `principal ${SESSION} is listed in NotPrincipal, but the account (arn:aws:iam::${ACCT}:root) and the role (${ROLE}) are not, so AWS may still apply this statement to it`,
    ],
    [
      'principal-boundary-not-exempt',
      () => checkOf([{ Effect: 'Deny', NotPrincipal: { AWS: USER }, Action: 's3:*', Resource: '*' }], 'NotPrincipal', {}, { boundary }, 'resource'),
      `principal ${USER}: nothing can exempt it: the caller has a permissions boundary, and NotPrincipal with Deny always denies such principals`,
    ],
    [
      'conditions-matched',
      () =>
        checkOf([allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } })], 'Condition', {
          context: { 'aws:PrincipalTag/team': 'ops' },
        }),
      'every condition matched',
    ],
    [
      'conditions-not-matched',
      () =>
        checkOf(
          [allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' }, Bool: { 'aws:SecureTransport': 'true' } } })],
          'Condition',
          { context: { 'aws:PrincipalTag/team': 'dev', 'aws:SecureTransport': 'false' } },
        ),
      'StringEquals aws:PrincipalTag/team: request value "dev" is not "ops"; Bool aws:SecureTransport: request value "false" is not "true"',
    ],
  ];
  test.each(cases.map(([code, check, sentence]) => [code, sentence, check] as const))('%s: %s', (code, sentence, check) => {
    const c = check();
    expect(c.code).toBe(code);
    expect(describeCheck(c)).toBe(sentence);
  });

  test('a trace reason is `applies`, or the first check that failed, worded as that check', () => {
    const d = evaluate({ identity: [policyOf([allow('s3:GetObject', 'arn:aws:s3:::other/*'), allow('s3:*')])] }, get());
    expect(d.trace.map((t) => t.reason.code)).toEqual(['check-failed', 'statement-applies']);
    expect(d.trace.map((t) => describeTraceReason(t.reason))).toEqual([`resource "${OBJ}" is not matched by Resource "arn:aws:s3:::other/*"`, 'applies']);
  });
});

describe('describeConditionOutcome: one sentence per condition reason code', () => {
  const cases: [ConditionReason['code'], ConditionOutcome, string][] = [
    [
      'empty-policy-values',
      condition('ForAllValues:StringEquals', 'aws:TagKeys', [], {}),
      'ForAllValues:StringEquals aws:TagKeys: the policy gives an empty value list; with ForAllValues it matches only when the key is missing',
    ],
    [
      'empty-policy-values',
      condition('StringNotEquals', 'aws:TagKeys', [], {}),
      'StringNotEquals aws:TagKeys: the policy gives an empty value list; a negated operator with no value always matches',
    ],
    [
      'null-check',
      condition('Null', 'aws:TokenIssueTime', 'false', {}),
      'Null aws:TokenIssueTime: aws:TokenIssueTime is not in the request, but "false" requires it to be present',
    ],
    [
      'null-check',
      condition('Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }),
      'Null aws:TokenIssueTime: aws:TokenIssueTime is in the request, as "false" requires',
    ],
    ['key-missing', condition('StringEquals', 'custom:absent', 'x', {}), 'StringEquals: custom:absent is not in the request'],
    [
      'key-missing',
      condition('StringEqualsIfExists', 'custom:absent', 'x', {}),
      'StringEqualsIfExists: custom:absent is not in the request; IfExists makes a missing key match',
    ],
    [
      'key-missing',
      condition('StringNotEquals', 'custom:absent', 'x', {}),
      'StringNotEquals: custom:absent is not in the request; a negated operator matches when the key is missing',
    ],
    [
      'empty-request-values',
      condition('ForAnyValue:StringEquals', 'aws:TagKeys', 'x', { 'aws:TagKeys': [''] }),
      'ForAnyValue:StringEquals aws:TagKeys: the request values of aws:TagKeys are empty; ForAnyValue does not match an empty set',
    ],
    [
      'request-value-unreadable',
      condition('NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': 'abc' }),
      'NumericLessThan s3:max-keys: request value "abc" is not a number (an integer or decimal such as 10 or 2.5), so the condition does not match',
    ],
    [
      'multivalued-without-set-operator',
      condition('StringEquals', 'aws:CalledVia', 'athena.amazonaws.com', { 'aws:CalledVia': ['athena.amazonaws.com', 'glue.amazonaws.com'] }),
      'StringEquals aws:CalledVia: the request has 2 values for aws:CalledVia ("athena.amazonaws.com", "glue.amazonaws.com"); without ForAllValues or ForAnyValue a multivalued key has no single value to compare, so nothing matches',
    ],
    ['compared', condition('StringLike', 's3:prefix', 'home/*', { 's3:prefix': 'home/x' }), 'StringLike s3:prefix: request value "home/x" is like "home/*"'],
    [
      'compared',
      condition('StringEquals', 'aws:PrincipalTag/team', ['ops', 'sec'], { 'aws:PrincipalTag/team': 'dev' }),
      'StringEquals aws:PrincipalTag/team: request value "dev" is not any of "ops", "sec"',
    ],
    [
      'compared',
      condition('ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['a'] }),
      'ForAllValues:StringEquals aws:TagKeys: every request value ("a") is one of "a", "b"',
    ],
    [
      'compared',
      condition('ForAnyValue:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['c'] }),
      'ForAnyValue:StringEquals aws:TagKeys: no request value ("c") is any of "a", "b"',
    ],
    [
      'compared',
      condition('StringEquals', 'aws:ResourceTag/team', '${aws:PrincipalTag/team}', { 'aws:ResourceTag/team': 'ops' }),
      'StringEquals aws:ResourceTag/team: request value "ops" is not "${aws:PrincipalTag/team}" (${aws:PrincipalTag/team} has no value in the request, so "${aws:PrincipalTag/team}" matches nothing)',
    ],
  ];
  test.each(cases.map(([code, o, sentence]) => [code, sentence, o] as const))('%s: %s', (code, sentence, o) => {
    expect(o.reason.code).toBe(code);
    expect(describeConditionOutcome(o)).toBe(sentence);
  });

  test('a failed Condition check words each failed clause, joined', () => {
    const failed = [condition('StringEquals', 'custom:absent', 'x', {}), condition('NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': '20' })];
    expect(describeCheck({ element: 'Condition', code: 'conditions-not-matched', matched: false, failed })).toBe(
      'StringEquals: custom:absent is not in the request; NumericLessThan s3:max-keys: request value "20" is not less than "10"',
    );
  });
});
