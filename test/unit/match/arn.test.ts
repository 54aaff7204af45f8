import { compileArnPattern } from '../../../src/match/arn';
import { splitArn } from '../../../src/request/arn-parts';
import { RequestContext } from '../../../src/request/request-context';

const ctx = RequestContext.from({ 'aws:username': 'David' });
const m = (pattern: string, arn: string, vars = true) => compileArnPattern(pattern, vars).match(arn, ctx);

// IAM User Guide, reference_identifiers.md (ARN format) and reference_policies_elements_resource.md.
describe('ARN matching by segment (reference_policies_elements_resource.md)', () => {
  test('splits at the first five colons; the resource part keeps its colons', () => {
    expect(splitArn('arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      account: '111122223333',
      resource: 'log-group:g:log-stream:s',
    });
    expect(splitArn('not-an-arn')).toBeNull();
  });
  test('wildcards work within a segment', () => {
    expect(m('arn:aws:rekognition:*:*:project/MyProject/*', 'arn:aws:rekognition:eu-west-1:111122223333:project/MyProject/1')).toBe(true);
    expect(m('arn:aws:rekognition:us-*:*:project/*', 'arn:aws:rekognition:eu-west-1:111122223333:project/x')).toBe(false);
  });
  test('a * in the resource part spans / and :', () => {
    expect(m('arn:aws:logs:*:*:log-group:*', 'arn:aws:logs:us-east-1:1:log-group:g:log-stream:s')).toBe(true);
  });
  test('the resource part is case-sensitive', () => {
    expect(m('arn:aws:rekognition:*:*:project/MyProject/*', 'arn:aws:rekognition:us-east-1:1:project/myproject/1')).toBe(false);
  });
  test('S3 and IAM ARNs with empty region and account', () => {
    expect(m('arn:aws:s3:::*custom-labels*', 'arn:aws:s3:::my-custom-labels-bucket')).toBe(true);
    expect(m('arn:aws:s3:::*custom-labels*', 'arn:aws:s3:us-east-1::my-custom-labels-bucket')).toBe(false);
  });
  test('a prefix without a wildcard does not leak to longer names (MyProject vs MyProjectX)', () => {
    expect(m('arn:aws:rekognition:*:*:project/MyProject/*', 'arn:aws:rekognition:us-east-1:1:project/MyProjectX/1')).toBe(false);
  });
  test('"*" matches any resource', () => {
    expect(m('*', 'arn:aws:s3:::b')).toBe(true);
  });
  test('policy variables resolve in the resource part (reference_policies_variables.md)', () => {
    expect(m('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/David/x')).toBe(true);
    expect(m('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/Maria/x')).toBe(false);
    expect(m('arn:aws:s3:::home/${aws:PrincipalTag/team}/*', 'arn:aws:s3:::home/x/y')).toEqual({ missing: '${aws:PrincipalTag/team}' });
  });
  test('in policy language 2008-10-17 ${...} is literal text', () => {
    expect(m('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/${aws:username}/x', false)).toBe(true);
    expect(m('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/David/x', false)).toBe(false);
  });
  test('${*} is a literal star, not a wildcard', () => {
    expect(m('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/*')).toBe(true);
    expect(m('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/anything')).toBe(false);
  });
  test('variable values are literal: a * in the value is not a wildcard', () => {
    const c = RequestContext.from({ 'aws:username': '*' });
    expect(compileArnPattern('arn:aws:s3:::home/${aws:username}', true).match('arn:aws:s3:::home/David', c)).toBe(false);
  });
  test('defaults apply when the key is missing', () => {
    expect(m("arn:aws:s3:::home/${aws:PrincipalTag/team, 'shared'}/*", 'arn:aws:s3:::home/shared/x')).toBe(true);
  });
});

describe('variables outside the resource part of ARN condition values (reference_policies_variables.md)', () => {
  test('a variable in the account segment is resolved, not split at its own colon', () => {
    const c = RequestContext.from({ 'aws:PrincipalAccount': '111122223333' });
    const p = compileArnPattern('arn:aws:sns:*:${aws:PrincipalAccount}:*', true, true);
    expect(p.match('arn:aws:sns:us-east-1:111122223333:topic', c)).toBe(true);
    expect(p.match('arn:aws:sns:us-east-1:444455556666:topic', c)).toBe(false);
  });
  // reference_policies_variables.md: in a Resource element, variables work "only in the resource
  // portion of the ARN"; before the fifth colon `${...}` is text.
  test('in a Resource element a variable before the fifth colon is not substituted', () => {
    const c = RequestContext.from({ 'aws:PrincipalAccount': '111122223333' });
    const p = compileArnPattern('arn:aws:sns:*:${aws:PrincipalAccount}:*', true);
    expect(p.match('arn:aws:sns:us-east-1:111122223333:topic', c)).toBe(false);
  });
});
