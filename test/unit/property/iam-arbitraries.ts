import fc from 'fast-check';
import type { AccessRequest } from '../../../src/engine/access-request';

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

const ACTION_PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', 's3:*Object', 'ec2:*Instances', 'ec2:Describe*', 'iam:*', 'rekognition:*', '*', 'S3:getobject', 'ec2:St?rtInstances'];

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
