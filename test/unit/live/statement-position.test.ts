import { crossCheck } from '../../../src/live/cross-check';
import { statementIndexAt } from '../../../src/live/policy-json';
import { parsePolicy } from '../../../src/policy/parse-policy';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { clientFor } from './live-helpers';

/**
 * IAM API Reference, API_Statement.html: a matched statement's StartPosition / EndPosition give
 * "the row and column" of the statement. IAM's StartPosition can be the character just after the
 * previous statement's `}` (at the comma), not the statement's own `{`: that position names the
 * next statement, never the previous one.
 */
// One line, as policies are often stored and sent: statement 1 spans columns 38-104, statement 2 starts at 106.
const text =
  '{"Version":"2012-10-17","Statement":[{"Sid":"AllowRead","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"DenySecrets","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secrets/*"}]}';
const endOfFirst = text.indexOf('},{') + 2; // 1-based column just after the first statement's `}`
const endOfSecond = text.lastIndexOf('}]') + 2;

describe('statementIndexAt: positions as IAM reports them', () => {
  test('just after the previous statement\'s } names the next statement; the { itself, inside, and just after [ too', () => {
    expect(statementIndexAt(text, 1, endOfFirst)).toBe(1);
    expect(statementIndexAt(text, 1, endOfFirst + 1)).toBe(1);
    expect(statementIndexAt(text, 1, endOfFirst - 1)).toBe(0);
    expect(statementIndexAt(text, 1, text.indexOf('[') + 2)).toBe(0);
    expect(statementIndexAt(text, 1, text.indexOf('[') + 1)).toBe(0);
    expect(statementIndexAt(text, 1, endOfSecond)).toBeUndefined();
  });

  test('pretty-printed: a position on the comma line after a statement names the next one', () => {
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    const lines = pretty.split('\n');
    const closing = lines.findIndex((l) => l === '    },');
    // 1-based: line closing+1, column 6 is just after `}` (at the comma).
    expect(statementIndexAt(pretty, closing + 1, 6)).toBe(1);
    expect(statementIndexAt(pretty, closing + 1, 5)).toBe(0);
  });
});

let server: IamQueryServer;
afterAll(async () => {
  await server?.close();
});

describe('A divergence names the statement IAM meant (recorded SimulateCustomPolicy response shape, real SDK)', () => {
  test('StartPosition just after statement 1 ends is read as statement 2 (DenySecrets), not AllowRead', async () => {
    const policy = parsePolicy(text, { name: 'reader.json' });
    // IAM's answer in its response shape: one EvaluationResult per action, the resource's own
    // decision in ResourceSpecificResults, the matched statement by StartPosition / EndPosition.
    const body = `<SimulateCustomPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulateCustomPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults><member><EvalActionName>s3:GetObject</EvalActionName><EvalResourceName>arn:\${Partition}:s3:\${Region}:\${Account}:*</EvalResourceName><EvalDecision>explicitDeny</EvalDecision><MatchedStatements><member><SourcePolicyId>PolicyInputList.1</SourcePolicyId><SourcePolicyType>none</SourcePolicyType><EndPosition><Line>1</Line><Column>${endOfSecond - 1}</Column></EndPosition><StartPosition><Line>1</Line><Column>${endOfFirst}</Column></StartPosition></member></MatchedStatements><MissingContextValues/><ResourceSpecificResults><member><EvalResourceName>arn:aws:s3:::reports/q1</EvalResourceName><EvalResourceDecision>explicitDeny</EvalResourceDecision><MatchedStatements><member><SourcePolicyId>PolicyInputList.1</SourcePolicyId><SourcePolicyType>none</SourcePolicyType><EndPosition><Line>1</Line><Column>${endOfSecond - 1}</Column></EndPosition><StartPosition><Line>1</Line><Column>${endOfFirst}</Column></StartPosition></member></MatchedStatements><MissingContextValues/><EvalDecisionDetails/></member></ResourceSpecificResults></member></EvaluationResults></SimulateCustomPolicyResult><ResponseMetadata><RequestId>7a6f5c2e-0000-4000-8000-000000000000</RequestId></ResponseMetadata></SimulateCustomPolicyResponse>`;
    server = await startIamQueryServer({ fault: (a) => (a === 'SimulateCustomPolicy' ? { body } : undefined) });
    const report = await crossCheck([{ set: { identity: [policy] }, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1' } }], { client: clientFor(server) });
    expect(report.divergences).toHaveLength(1);
    const matched = report.divergences[0].message.split('\n').filter((l) => l.startsWith('    - PolicyInputList.1'));
    expect(matched).toEqual([`    - PolicyInputList.1 = identity-based policy reader.json, statement DenySecrets (1:${endOfFirst + 1}) [IAM position 1:${endOfFirst} to 1:${endOfSecond - 1}]`]);
  });
});
