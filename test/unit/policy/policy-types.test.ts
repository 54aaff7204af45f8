import { checkPolicy } from '../../../src/policy/parse-policy';
import { errorCodes, lines, locate, oneIssue, where } from './policy-test-helpers';

/** A one-statement policy; `extra` is inserted on line 4. */
function policy(effect: string, extra: string, tail = '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"'): string {
  return lines('{', '  "Version": "2012-10-17",', `  "Statement": [{"Effect": "${effect}",`, `    ${extra}${extra ? ',' : ''}`, `    ${tail}}]`, '}');
}

// IAM User Guide, reference_policies_grammar.md notes: "The principal_block element ... must not be
// included in identity-based policies"; reference_policies_elements_principal.md.
describe.each(['identity', 'boundary', 'session'] as const)('%s policies have no Principal (reference_policies_elements_principal.md)', (policyType) => {
  test.each(['Principal', 'NotPrincipal'])('%s is an error at its key', (element) => {
    const text = policy('Deny', `"${element}": {"AWS": "arn:aws:iam::123456789012:root"}`);
    const issue = oneIssue(text, 'principal-not-allowed', { policyType });
    expect(where(issue)).toBe('4:5');
    expect(issue.path).toEqual(['Statement', 0, element]);
  });

  test('a statement without Resource or NotResource is an error', () => {
    expect(where(oneIssue(policy('Allow', '', '"Action": "s3:GetObject"'), 'missing-resource', { policyType }))).toBe('3:17');
  });

  test('a plain statement is accepted', () => {
    expect(checkPolicy(policy('Allow', '"Sid": "Read"'), { policyType }).policy).toBeDefined();
  });
});

// reference_policies_grammar.md notes: the principal_block is required in resource-based policies.
describe('resource-based policies (reference_policies_elements_principal.md, reference_policies_elements_notprincipal.md)', () => {
  test('a statement without Principal or NotPrincipal is an error', () => {
    expect(where(oneIssue(policy('Allow', ''), 'missing-principal', { policyType: 'resource' }))).toBe('3:17');
  });

  test('NotPrincipal with Deny is accepted', () => {
    expect(checkPolicy(policy('Deny', '"NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}'), { policyType: 'resource' }).policy).toBeDefined();
  });

  test('NotPrincipal with Allow is an error (NotPrincipal must be used with "Effect": "Deny")', () => {
    const issue = oneIssue(policy('Allow', '"NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}'), 'notprincipal-with-allow', { policyType: 'resource' });
    expect(where(issue)).toBe('4:5');
  });

  test('Resource is still required', () => {
    expect(where(oneIssue(policy('Allow', '"Principal": "*"', '"Action": "s3:GetObject"'), 'missing-resource', { policyType: 'resource' }))).toBe('3:17');
  });
});

// Role trust policies name who may assume the role (Principal); the role is the resource, and IAM
// rejects Resource there ("Has prohibited field Resource"). NotPrincipal: not in role trust
// policies (reference_policies_elements_notprincipal.md).
describe('role trust policies', () => {
  const trust = (extra: string, tail = '"Action": "sts:AssumeRole"') => policy('Allow', extra, tail);

  test('Principal without Resource is the normal shape', () => {
    const { policy: p, issues } = checkPolicy(trust('"Principal": {"Service": "lambda.amazonaws.com"}'), { policyType: 'trust' });
    expect(issues).toEqual([]);
    expect(p?.statements[0].principal?.Service[0].value).toBe('lambda.amazonaws.com');
  });

  test('Resource is an error at its key', () => {
    const text = trust('"Principal": {"Service": "lambda.amazonaws.com"}', '"Action": "sts:AssumeRole", "Resource": "*"');
    expect(where(oneIssue(text, 'resource-not-allowed', { policyType: 'trust' }))).toBe(locate(text, '"Resource"'));
  });

  test('a missing Principal is an error', () => {
    expect(oneIssue(trust(''), 'missing-principal', { policyType: 'trust' }).severity).toBe('error');
  });

  test('NotPrincipal is an error', () => {
    const text = policy('Deny', '"NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}', '"Action": "sts:AssumeRole"');
    expect(where(oneIssue(text, 'notprincipal-not-allowed', { policyType: 'trust' }))).toBe('4:5');
  });
});

// AWS Organizations User Guide, orgs_manage_policies_scps_syntax.md, "Unsupported elements":
// Principal and NotPrincipal. NotResource and NotAction with Allow are accepted since SCPs
// support the full IAM policy language (AWS Security Blog, 2025).
describe('service control policies (orgs_manage_policies_scps_syntax.md)', () => {
  test('Principal is an error', () => {
    expect(where(oneIssue(policy('Deny', '"Principal": "*"'), 'principal-not-allowed', { policyType: 'scp' }))).toBe('4:5');
  });

  test('NotResource and NotAction in an Allow statement are accepted', () => {
    const text = policy('Allow', '', '"NotAction": "iam:*", "NotResource": "arn:aws:s3:::protected/*"');
    expect(errorCodes(text, { policyType: 'scp' })).toEqual([]);
  });

  test('Version "2008-10-17" draws a warning (SCPs use 2012-10-17)', () => {
    const text = policy('Deny', '').replace('2012-10-17', '2008-10-17');
    expect(oneIssue(text, 'old-version', { policyType: 'scp' }).severity).toBe('warning');
  });
});

// AWS Organizations User Guide, orgs_manage_policies_rcps_syntax.md: Principal must be "*";
// elements are Version, Statement, Sid, Effect, Principal, Action, Resource, NotResource,
// Condition; Allow only in RCPFullAWSAccess.
describe('resource control policies (orgs_manage_policies_rcps_syntax.md)', () => {
  test('the RCPFullAWSAccess shape (Allow * on * for principal *) is accepted', () => {
    const text = policy('Allow', '"Principal": "*"', '"Action": "*", "Resource": "*"');
    expect(errorCodes(text, { policyType: 'rcp' })).toEqual([]);
  });

  test('any other Allow statement is an error at Effect', () => {
    const issue = oneIssue(policy('Allow', '"Principal": "*"'), 'rcp-allow', { policyType: 'rcp' });
    expect(where(issue)).toBe('3:18');
  });

  test('a Deny statement with Principal "*" and a condition is accepted', () => {
    const text = policy('Deny', '"Principal": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-123"}}');
    expect(errorCodes(text, { policyType: 'rcp' })).toEqual([]);
  });

  test('a Principal other than "*" is an error at the Principal value', () => {
    const text = policy('Deny', '"Principal": {"AWS": "arn:aws:iam::123456789012:root"}');
    expect(where(oneIssue(text, 'rcp-principal', { policyType: 'rcp' }))).toBe('4:18');
  });

  test('a missing Principal is an error', () => {
    expect(oneIssue(policy('Deny', ''), 'missing-principal', { policyType: 'rcp' }).severity).toBe('error');
  });

  // orgs_manage_policies_rcps_syntax.md, "Action element": "You cannot use "*" in the Action element
  // of a customer managed RCP and have to specify the abbreviation for the service".
  test('"Action": "*" in a Deny statement is an error at the value; a service wildcard is accepted', () => {
    const star = policy('Deny', '"Principal": "*"', '"Action": ["s3:*", "*"], "Resource": "*"');
    const issue = oneIssue(star, 'rcp-action-star', { policyType: 'rcp' });
    expect(where(issue)).toBe('5:24');
    expect(errorCodes(policy('Deny', '"Principal": "*"', '"Action": "s3:*", "Resource": "*"'), { policyType: 'rcp' })).toEqual([]);
  });

  test.each([
    ['NotPrincipal', '"NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}', '"Action": "s3:*", "Resource": "*"'],
    ['NotAction', '"Principal": "*"', '"NotAction": "s3:GetObject", "Resource": "*"'],
  ])('%s is not supported', (element, extra, tail) => {
    const text = policy('Deny', extra, tail);
    const issues = checkPolicy(text, { policyType: 'rcp' }).issues.filter((i) => i.code === 'unsupported-element');
    expect(issues.map(where)).toEqual([locate(text, `"${element}"`)]);
  });
});

// With no policy type, only the rules shared by every type apply.
describe('policies of unspecified type', () => {
  test('Principal is optional, and a Principal statement without Resource (a trust policy) is accepted', () => {
    expect(errorCodes(policy('Allow', '"Principal": {"Service": "ec2.amazonaws.com"}', '"Action": "sts:AssumeRole"'))).toEqual([]);
  });

  test('a statement with neither Principal nor Resource is an error', () => {
    expect(errorCodes(policy('Allow', '', '"Action": "s3:GetObject"'))).toEqual(['missing-resource']);
  });
});
