import fc from 'fast-check';
import type { AccessRequest } from '../../../src/request/access-request';

/**
 * fast-check arbitraries over a small, realistic IAM vocabulary: a few services with real
 * actions, ARNs of their resources, patterns with wildcards and policy variables, and
 * condition keys with values that sometimes match a request and sometimes do not.
 */

/** Every concrete action requests are drawn from (the universe for NotAction complements). */
export const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:ListBucket',
  'ec2:DescribeInstances',
  'ec2:StartInstances',
  'ec2:StopInstances',
  'iam:GetUser',
  'iam:CreateUser',
  'rekognition:DetectCustomLabels',
  'rekognition:CreateProject',
] as const;

const ACTION_PATTERNS = [
  ...ACTIONS,
  's3:*',
  's3:Get*',
  's3:*Object',
  'ec2:*Instances',
  'ec2:Describe*',
  'iam:*',
  'rekognition:*',
  '*',
  'S3:getobject',
  'ec2:St?rtInstances',
];

export const RESOURCES = [
  'arn:aws:s3:::bucket-a',
  'arn:aws:s3:::bucket-a/alice/key1',
  'arn:aws:s3:::bucket-a/bob/key2',
  'arn:aws:s3:::bucket-b/dir/key3',
  'arn:aws:ec2:us-east-1:111122223333:instance/i-0001',
  'arn:aws:ec2:eu-west-1:111122223333:instance/i-0002',
  'arn:aws:iam::111122223333:user/alice',
  'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/v1/1690000000000',
] as const;

const RESOURCE_PATTERNS = [
  ...RESOURCES,
  '*',
  'arn:aws:s3:::bucket-a/*',
  'arn:aws:s3:::*',
  'arn:aws:s3:::bucket-?/*',
  'arn:aws:s3:::bucket-a/${aws:username}/*',
  'arn:aws:ec2:*:*:instance/*',
  'arn:aws:ec2:us-east-1:111122223333:instance/*',
  'arn:aws:iam::111122223333:user/${aws:username}',
  'arn:aws:rekognition:*:*:project/MyProject/*',
  'arn:aws:s3:::*/alice/key1',
  'arn:aws:s3:::bucket-a/${aws:PrincipalTag/team}/*',
  "arn:aws:s3:::bucket-a/${aws:PrincipalTag/team, 'alice'}/*",
];

const PRINCIPALS = ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/bob', 'arn:aws:iam::111122223333:role/Builder'] as const;

/** Condition clauses: operator, key and the values to compare with. */
const CONDITIONS: [string, string, string | string[]][] = [
  ['StringEquals', 'aws:PrincipalTag/team', 'red'],
  ['StringEquals', 'aws:PrincipalTag/team', ['red', 'blue']],
  ['StringNotEquals', 'aws:PrincipalTag/team', 'red'],
  ['StringLike', 's3:prefix', 'home/*'],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'RED'],
  ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'blue'],
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8'],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '192.168.0.0/16']],
  ['Bool', 'aws:SecureTransport', 'true'],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'true'],
  ['NumericLessThan', 's3:max-keys', '10'],
  ['NumericGreaterThanEquals', 's3:max-keys', '5'],
  ['Null', 'aws:PrincipalTag/team', 'false'],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team']],
  ['ForAllValues:StringLike', 'aws:TagKeys', ['env', 'c*']],
  ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z'],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:user/*'],
  ['StringLike', 's3:prefix', 'home/${aws:username}*'],
  ['StringNotEquals', 'aws:PrincipalTag/team', '${aws:username}'],
  ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:user/${aws:username}'],
];

/** Context keys a request may carry, each with a few candidate values. */
const CONTEXT_VALUES: Record<string, (string | boolean | number | string[])[]> = {
  'aws:PrincipalTag/team': ['red', 'blue', 'green'],
  's3:prefix': ['home/alice', 'public/x'],
  'aws:SourceIp': ['10.1.2.3', '192.168.1.1', '203.0.113.9'],
  'aws:SecureTransport': [true, false],
  'aws:MultiFactorAuthPresent': [true, false],
  's3:max-keys': [3, 7, 20],
  'aws:TagKeys': [['env'], ['env', 'team'], ['cost'], []],
};

export type Statement = Record<string, unknown>;
export interface PolicyDoc {
  Version: '2012-10-17';
  Statement: Statement[];
}

const oneOrMany = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

const conditionArb: fc.Arbitrary<Record<string, Record<string, string | string[]>> | undefined> = fc.option(
  fc.subarray(CONDITIONS, { minLength: 1, maxLength: 2 }).map((clauses) => {
    const block: Record<string, Record<string, string | string[]>> = {};
    // One key per operator: a second clause on the same operator and key would replace the first.
    for (const [op, key, values] of clauses) (block[op] ??= {})[key] = values;
    return block;
  }),
  { nil: undefined, freq: 2 },
);

/** One statement with Action or NotAction, Resource or NotResource, maybe a Condition. */
export function statementArb(effect?: 'Allow' | 'Deny'): fc.Arbitrary<Statement> {
  return fc
    .record({
      Effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Deny'),
      actions: oneOrMany(fc.constantFrom(...ACTION_PATTERNS)),
      useNotAction: fc.nat(9),
      resources: oneOrMany(fc.constantFrom(...RESOURCE_PATTERNS)),
      useNotResource: fc.nat(9),
      condition: conditionArb,
    })
    .map(({ Effect, actions, useNotAction, resources, useNotResource, condition }) => {
      const st: Statement = { Effect };
      // Mostly Action/Resource, sometimes the negated forms.
      st[useNotAction === 0 ? 'NotAction' : 'Action'] = actions;
      st[useNotResource === 0 ? 'NotResource' : 'Resource'] = resources;
      if (condition) st.Condition = condition;
      return st;
    });
}

export function policyArb(maxStatements = 5): fc.Arbitrary<PolicyDoc> {
  return fc.array(statementArb(), { minLength: 1, maxLength: maxStatements }).map((Statement) => ({ Version: '2012-10-17', Statement }));
}

/** A request over the vocabulary, with a random subset of context keys. */
export const requestArb: fc.Arbitrary<AccessRequest> = fc
  .record({
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...RESOURCES, '*'),
    principal: fc.constantFrom(...PRINCIPALS),
    keys: fc.subarray(Object.keys(CONTEXT_VALUES)),
    picks: fc.array(fc.nat(), { minLength: Object.keys(CONTEXT_VALUES).length, maxLength: Object.keys(CONTEXT_VALUES).length }),
  })
  .map(({ action, resource, principal, keys, picks }) => {
    const context: Record<string, string | boolean | number | string[]> = {};
    keys.forEach((k) => {
      const values = CONTEXT_VALUES[k];
      context[k] = values[picks[Object.keys(CONTEXT_VALUES).indexOf(k)] % values.length];
    });
    return { action, resource, principal, context, resourceAccount: '111122223333', now: new Date('2024-06-01T12:00:00Z') };
  });

// ---------------------------------------------------------------------------------------------
// Whole policy sets: identity policies, a permissions boundary, SCP and RCP levels, a
// resource-based policy and a session policy, decided for a principal of the same account as
// the resource or of another one (IAM User Guide, reference_policies_evaluation-logic.md and
// reference_policies_evaluation-logic-cross-account.md).
// ---------------------------------------------------------------------------------------------

/** The resource's home account and a second, foreign account. */
export const ACCOUNTS = ['111122223333', '444455556666'] as const;

/** Callers of both accounts; the assumed-role sessions are the ones session policies apply to. */
export const SET_PRINCIPALS = [
  'arn:aws:iam::111122223333:user/alice',
  'arn:aws:iam::111122223333:role/Builder',
  'arn:aws:sts::111122223333:assumed-role/Builder/session-1',
  'arn:aws:iam::444455556666:user/carol',
  'arn:aws:sts::444455556666:assumed-role/Deployer/session-2',
] as const;

/**
 * Services of the vocabulary that support RCPs: AWS Organizations User Guide,
 * orgs_manage_policies_rcps.md, "List of AWS services that support RCPs" (Amazon S3 is listed;
 * EC2, IAM and Rekognition are not).
 */
export const RCP_SERVICES: ReadonlySet<string> = new Set(['s3']);

/** `Principal` values of resource-based policies: everyone, accounts, a user, a role, a session. */
const RESOURCE_PRINCIPALS: unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: '111122223333' },
  { AWS: 'arn:aws:iam::111122223333:root' },
  { AWS: 'arn:aws:iam::444455556666:root' },
  { AWS: 'arn:aws:iam::111122223333:user/alice' },
  { AWS: 'arn:aws:iam::111122223333:role/Builder' },
  { AWS: 'arn:aws:sts::111122223333:assumed-role/Builder/session-1' },
  { AWS: ['arn:aws:iam::444455556666:user/carol', 'arn:aws:iam::444455556666:role/Deployer'] },
];

/** AWS Organizations User Guide, orgs_manage_policies_scps_examples.md: the FullAWSAccess SCP's statement. */
export const FULL_ACCESS: Statement = { Effect: 'Allow', Action: '*', Resource: '*' };

/** orgs_manage_policies_rcps.md: RCPFullAWSAccess, the one Allow an RCP may hold. */
export const RCP_FULL_ACCESS: Statement = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };

/**
 * Broad grants of a resource-based policy, to the other account or to everyone, so that
 * cross-account requests are sometimes allowed (both sides must allow:
 * reference_policies_evaluation-logic-cross-account.md).
 */
const BROAD_RESOURCE_ALLOWS: Statement[] = [
  { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: '*', Resource: '*' },
  { Effect: 'Allow', Principal: '*', Action: ['s3:*', 'ec2:*'], Resource: '*' },
];

/** A statement of a resource-based policy: any statement plus a Principal. */
export function resourceStatementArb(effect?: 'Allow' | 'Deny'): fc.Arbitrary<Statement> {
  return fc.tuple(statementArb(effect), fc.constantFrom(...RESOURCE_PRINCIPALS)).map(([st, Principal]) => ({ ...st, Principal }));
}

/**
 * An RCP statement: Deny, Principal "*", Action (RCPs have no NotAction) and Resource or
 * NotResource. `"Action": "*"` is left out: AWS Organizations User Guide,
 * orgs_manage_policies_rcps_syntax.md ("Action element"): "You cannot use "*" in the Action
 * element of a customer managed RCP" (docs/divergences.md, class 4).
 */
export function rcpStatementArb(): fc.Arbitrary<Statement> {
  return statementArb('Deny').map((st) => {
    const { NotAction, Action, ...rest } = st;
    const listed = [Action ?? NotAction].flat().filter((a) => a !== '*');
    return { ...rest, Principal: '*', Action: listed.length ? listed : 's3:*' };
  });
}

/** A policy of 1 to `max` `statement`s, after `lead` when that gives one (e.g. FullAWSAccess). */
function docArb(statement: fc.Arbitrary<Statement>, max: number, lead: fc.Arbitrary<Statement | undefined> = fc.constant(undefined)): fc.Arbitrary<PolicyDoc> {
  return fc.tuple(lead, fc.array(statement, { minLength: 1, maxLength: max })).map(([first, rest]) => ({
    Version: '2012-10-17' as const,
    Statement: first ? [first, ...rest] : rest,
  }));
}

/** Three times in four the broad Allow a layer needs to let anything through. */
const often = (st: Statement): fc.Arbitrary<Statement | undefined> => fc.option(fc.constant(st), { nil: undefined, freq: 4 });

/** An organisation level (`root`, `ou-...`, `account`) with one policy. */
function levelsArb(policy: fc.Arbitrary<PolicyDoc>): fc.Arbitrary<OrgLevelDocs[] | undefined> {
  return fc.option(
    fc.array(policy, { minLength: 1, maxLength: 2 }).map((docs) => docs.map((doc, i) => ({ name: ['root', 'ou-prod'][i], policies: [doc] }))),
    { nil: undefined, freq: 2 },
  );
}

/** One level of an organisation as documents. */
export interface OrgLevelDocs {
  name: string;
  policies: PolicyDoc[];
}

/** A policy set as plain documents (so properties can change them before they are parsed). */
export interface PolicySetDocs {
  identity: PolicyDoc[];
  boundary?: PolicyDoc;
  scps?: OrgLevelDocs[];
  rcps?: OrgLevelDocs[];
  resource?: PolicyDoc;
  session?: PolicyDoc;
}

/**
 * A policy set: 1-2 identity policies; maybe a boundary, SCP levels (usually with
 * FullAWSAccess, as every level must allow), RCP levels of Deny statements, a resource-based
 * policy with Principal, and a session policy.
 */
export const policySetArb: fc.Arbitrary<PolicySetDocs> = fc
  .record({
    identity: fc.array(policyArb(4), { minLength: 1, maxLength: 2 }),
    boundary: fc.option(docArb(statementArb(), 3, often(FULL_ACCESS)), { nil: undefined, freq: 2 }),
    scps: levelsArb(docArb(statementArb(), 2, often(FULL_ACCESS))),
    rcps: levelsArb(docArb(rcpStatementArb(), 2)),
    resource: fc.option(docArb(resourceStatementArb(), 3, fc.option(fc.constantFrom(...BROAD_RESOURCE_ALLOWS), { nil: undefined, freq: 2 })), {
      nil: undefined,
      freq: 2,
    }),
    session: fc.option(docArb(statementArb(), 3, often(FULL_ACCESS)), { nil: undefined, freq: 2 }),
  })
  .map((r) => {
    const set: PolicySetDocs = { identity: r.identity };
    for (const k of ['boundary', 'scps', 'rcps', 'resource', 'session'] as const) if (r[k] !== undefined) Object.assign(set, { [k]: r[k] });
    return set;
  });

/**
 * A request for a policy set: a caller of either account, a resource whose account (given as
 * `resourceAccount`, and in the ARN where the ARN has one) is either account.
 */
export const setRequestArb: fc.Arbitrary<AccessRequest> = fc
  .tuple(requestArb, fc.constantFrom(...SET_PRINCIPALS), fc.constantFrom(...ACCOUNTS))
  .map(([request, principal, account]) => ({
    ...request,
    principal,
    resource: request.resource?.replace(ACCOUNTS[0], account),
    resourceAccount: account,
  }));
