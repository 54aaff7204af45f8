import { checkPolicyAgainstCatalog } from '../../../src/catalog/check-policy-catalog';
import type { Policy, PolicyStatement } from '../../../src/policy/policy-model';
import { allow, deny, policyOf } from '../../support/policies';

const issuesOf = (statements: object[]) => checkPolicyAgainstCatalog(policyOf(statements));
const codesOf = (statements: object[]) => issuesOf(statements).map((i) => i.code);
const withCondition = (action: string | string[], condition: object) => allow(action, '*', { Condition: condition });

// Access Analyzer policy checks (access-analyzer-reference-policy-checks.md), "Invalid service in
// action" and "Invalid action". AWS accepts such a policy, so these are warnings.
describe('Action and NotAction values name real actions (access-analyzer-reference-policy-checks.md)', () => {
  test('an unknown service prefix is a warning with a suggestion, at the value', () => {
    const policy = policyOf([allow(['s3:GetObject', 'rekognitoin:DetectLabels'])]);
    const issues = checkPolicyAgainstCatalog(policy);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      severity: 'warning',
      code: 'unknown-service-in-policy',
      message: '"rekognitoin" is not an AWS service prefix, so rekognitoin:DetectLabels matches no action; did you mean rekognition:DetectLabels?',
      path: ['Statement', 0, 'Action', 1],
    });
    expect(issues[0].pos?.offset).toBe(policy.text.indexOf('"rekognitoin:DetectLabels"'));
  });

  test('an unknown action is a warning suggesting the nearest action', () => {
    const issues = issuesOf([allow('rekognition:DetectCustomLabel')]);
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'unknown-action-in-policy',
        message: 'rekognition has no action "DetectCustomLabel"; did you mean rekognition:DetectCustomLabels?',
        path: ['Statement', 0, 'Action'],
      }),
    ]);
  });

  test('real actions and patterns that match real actions pass, in any case', () => {
    expect(issuesOf([allow(['rekognition:DetectCustomLabels', 'rekognition:describe*', 'S3:Get*', 'kms:?ecrypt', '*'])])).toEqual([]);
  });

  test('a pattern that matches no action is a warning with the nearest action', () => {
    const [issue] = issuesOf([allow('rekognition:Descibe*')]);
    expect(issue.code).toBe('unknown-action-in-policy');
    expect(issue.message).toMatch(/^rekognition:Descibe\* matches no rekognition action; did you mean rekognition:Describe\w+\?$/);
  });

  test('a wildcard service prefix: too wide is not expanded, matching no service is a warning', () => {
    expect(issuesOf([allow('*:Get*')])).toEqual([]);
    expect(issuesOf([allow('s3*:GetObject')])).toEqual([]);
    expect(codesOf([allow('zzz*:GetObject')])).toEqual(['unknown-service-in-policy']);
    expect(codesOf([allow('s3*:Frobnicate')])).toEqual(['unknown-action-in-policy']);
  });

  test('NotAction values are checked the same way', () => {
    const issues = issuesOf([deny([], '*', { Action: undefined, NotAction: ['iam:PassRol'] })]);
    expect(issues).toEqual([expect.objectContaining({ code: 'unknown-action-in-policy', path: ['Statement', 0, 'NotAction'] })]);
    expect(issues[0].message).toMatch(/did you mean iam:PassRole\?$/);
  });
});

// IAM User Guide, reference_policies_condition-keys.md (global keys) and the Service Authorization
// Reference's condition key tables; Access Analyzer "Invalid global condition key" / "Invalid
// service condition key".
describe('Condition keys exist for the statement (reference_policies_condition-keys.md)', () => {
  test('global keys, tag-key instances and service keys of the statement pass, in any case', () => {
    expect(
      issuesOf([
        withCondition('s3:GetObject', {
          StringEquals: { 'aws:PrincipalTag/team': 'blue', 's3:ExistingObjectTag/classification': 'public', 'AWS:principalaccount': '123456789012' },
          StringLike: { 's3:prefix': 'home/*' },
        }),
        withCondition('kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:Department': 'IT', 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
      ]),
    ).toEqual([]);
  });

  test('an unknown key is a warning at the key, with the nearest key', () => {
    const policy = policyOf([withCondition('s3:GetObject', { IpAddress: { 'aws:SourceIpp': '203.0.113.0/24' } })]);
    const issues = checkPolicyAgainstCatalog(policy);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      severity: 'warning',
      code: 'unknown-condition-key',
      message: 'aws:SourceIpp is neither a global condition key nor a key of s3; did you mean aws:SourceIp?',
      path: ['Statement', 0, 'Condition', 'IpAddress', 'aws:SourceIpp'],
    });
    expect(issues[0].pos?.offset).toBe(policy.text.indexOf('"aws:SourceIpp"'));
  });

  test("a key of another service than the statement's actions is a warning", () => {
    const [issue] = issuesOf([withCondition('rekognition:DetectLabels', { StringLike: { 's3:prefix': 'home/*' } })]);
    expect(issue.code).toBe('unknown-condition-key');
    expect(issue.message).toBe("s3:prefix is a condition key of s3, but this statement's actions are rekognition actions, whose requests do not carry it");
  });

  test('with Action "*" or NotAction a key of any service may apply', () => {
    expect(issuesOf([withCondition('*', { StringLike: { 's3:prefix': 'home/*' } })])).toEqual([]);
    expect(issuesOf([deny([], '*', { Action: undefined, NotAction: 'iam:*', Condition: { StringEquals: { 'ec2:InstanceType': 't3.micro' } } })])).toEqual([]);
    expect(codesOf([withCondition('*', { StringEquals: { 's3:NoSuchKey': 'x' } })])).toEqual(['unknown-condition-key']);
  });

  test('federation keys in trust policies: SAML, known OIDC providers and any OIDC provider URL', () => {
    const trust = (action: string, condition: object) => ({
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:saml-provider/Corp' },
      Action: action,
      Condition: condition,
    });
    const check = (statement: object) => checkPolicyAgainstCatalog(policyOf([statement], { policyType: 'trust' }));
    expect(check(trust('sts:AssumeRoleWithSAML', { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } }))).toEqual([]);
    expect(
      check(
        trust('sts:AssumeRoleWithWebIdentity', {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub': 'system:serviceaccount:ns:sa',
          },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/repo:*', 'token.actions.githubusercontent.com:repository': 'org/*' },
        }),
      ),
    ).toEqual([]);
    expect(check(trust('sts:AssumeRoleWithWebIdentity', { StringEquals: { 'token.actions.githubusercontent.com:subject': 'x' } })).map((i) => i.code)).toEqual([
      'unknown-condition-key',
    ]);
  });
});

// Access Analyzer policy checks, "General Warning – Type mismatch"; which operators each key works
// with: reference_policies_condition-keys.md ("Works with ... operators") and the key types of
// the Service Authorization Reference.
describe('condition operators suit the key type (reference_policies_elements_condition_operators.md)', () => {
  const typeWarnings = (operator: string, key: string, value: string, action = 's3:ListBucket') =>
    issuesOf([withCondition(action, { [operator]: { [key]: value } })]).filter((i) => i.code === 'condition-operator-type');

  test('NumericEquals on a String key', () => {
    expect(typeWarnings('NumericEquals', 's3:prefix', '10').map((i) => i.message)).toEqual([
      'NumericEquals compares numbers, but s3:prefix is a String key; use a string operator (StringEquals, StringLike, ...)',
    ]);
  });

  test('StringEquals on aws:SourceIp (IPAddress) and on a Date key', () => {
    expect(typeWarnings('StringEquals', 'aws:SourceIp', '203.0.113.7')[0].message).toMatch(/is an IPAddress key; use IpAddress or NotIpAddress$/);
    expect(typeWarnings('StringEquals', 'aws:CurrentTime', '2024-01-01T00:00:00Z')[0].message).toMatch(/use a date operator/);
  });

  test('Bool on a String key, and a string operator on a Bool key', () => {
    expect(typeWarnings('Bool', 'aws:PrincipalTag/admin', 'true')).toHaveLength(1);
    expect(typeWarnings('StringEquals', 'aws:SecureTransport', 'true')[0].message).toMatch(/use Bool$/);
  });

  test('the family is read past ForAllValues:/ForAnyValue: and IfExists', () => {
    expect(typeWarnings('NumericEqualsIfExists', 's3:prefix', '1')).toHaveLength(1);
    expect(typeWarnings('ForAnyValue:DateEquals', 'aws:TagKeys', '2024-01-01')).toHaveLength(1);
  });

  test('matching families pass: IpAddress, Date, Numeric, Bool, ARN and string operators on ARN keys, Null on anything', () => {
    expect(typeWarnings('IpAddressIfExists', 'aws:SourceIp', '203.0.113.0/24')).toEqual([]);
    expect(typeWarnings('DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z')).toEqual([]);
    expect(typeWarnings('NumericLessThanEquals', 's3:max-keys', '10')).toEqual([]);
    expect(typeWarnings('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true')).toEqual([]);
    expect(typeWarnings('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin')).toEqual([]);
    expect(typeWarnings('StringLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin')).toEqual([]);
    expect(typeWarnings('Null', 'aws:SourceIp', 'true')).toEqual([]);
  });

  test('aws:EpochTime works with date and numeric operators (reference_policies_condition-keys.md)', () => {
    expect(typeWarnings('NumericLessThan', 'aws:EpochTime', '1700000000')).toEqual([]);
    expect(typeWarnings('DateLessThan', 'aws:EpochTime', '1700000000')).toEqual([]);
    expect(typeWarnings('NumericLessThan', 'aws:CurrentTime', '1700000000')).toHaveLength(1);
  });
});

// Access Analyzer policy checks, "Missing qualifier" and "Security Warning – ForAllValues with single
// valued key"; reference_policies_condition-single-vs-multi-valued-context-keys.md.
describe('set qualifiers and multivalued keys (reference_policies_condition-single-vs-multi-valued-context-keys.md)', () => {
  test('a multivalued (ArrayOf*) key without ForAllValues/ForAnyValue is a warning', () => {
    const issues = issuesOf([withCondition('iam:TagRole', { StringEquals: { 'aws:TagKeys': 'team' } })]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'missing-set-qualifier',
        message: 'aws:TagKeys is multivalued (ArrayOfString); use ForAnyValue:StringEquals or ForAllValues:StringEquals to compare its set of values',
        path: ['Statement', 0, 'Condition', 'StringEquals', 'aws:TagKeys'],
      }),
    ]);
    expect(issuesOf([withCondition('iam:TagRole', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } })])).toEqual([]);
    expect(issuesOf([withCondition('iam:TagRole', { Null: { 'aws:TagKeys': 'false' } })])).toEqual([]);
  });

  test('ForAllValues on a single-valued key is a warning; ForAnyValue is not', () => {
    expect(codesOf([withCondition('s3:ListBucket', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } })])).toEqual([
      'set-qualifier-single-valued',
    ]);
    expect(codesOf([withCondition('s3:ListBucket', { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } })])).toEqual([]);
  });
});

describe('the check works on the normalised model, built by any parser', () => {
  test('a hand-built policy with an unknown operator skips the type check (the grammar check reports it)', () => {
    const statement: PolicyStatement = {
      index: 0,
      effect: 'Allow',
      action: [{ value: 's3:ListBucket' }],
      resource: [{ value: '*' }],
      conditions: [
        { operator: 'StringEqualz', key: 'aws:SourceIp', values: [{ value: 'x' }] },
        { operator: 'NumericEquals', key: 'aws:SourceIp', values: [{ value: '1' }] },
      ],
      elements: {},
      text: '',
    };
    const policy: Policy = { name: 'hand-built', version: '2012-10-17', versionGiven: true, statements: [statement], text: '' };
    const issues = checkPolicyAgainstCatalog(policy);
    expect(issues.map((i) => [i.code, i.path])).toEqual([['condition-operator-type', ['Statement', 0, 'Condition', 'NumericEquals', 'aws:SourceIp']]]);
    expect(issues[0].pos).toBeUndefined();
  });
});
