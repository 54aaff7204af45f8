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
  test("just after the previous statement's } names the next statement; the { itself, inside, and just after [ too", () => {
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

let server: IamQueryServer | undefined;
// Each test starts its own endpoint: close it after the test, so none is left listening.
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('A divergence names the statement IAM meant (recorded SimulateCustomPolicy response shape, real SDK)', () => {
  test('StartPosition just after statement 1 ends is read as statement 2 (DenySecrets), not AllowRead', async () => {
    const policy = parsePolicy(text, { name: 'reader.json' });
    // IAM's answer in its response shape: one EvaluationResult per action, the resource's own
    // decision in ResourceSpecificResults, the matched statement by StartPosition / EndPosition.
    const body = `<SimulateCustomPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulateCustomPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults><member><EvalActionName>s3:GetObject</EvalActionName><EvalResourceName>arn:\${Partition}:s3:\${Region}:\${Account}:*</EvalResourceName><EvalDecision>explicitDeny</EvalDecision><MatchedStatements><member><SourcePolicyId>PolicyInputList.1</SourcePolicyId><SourcePolicyType>none</SourcePolicyType><EndPosition><Line>1</Line><Column>${endOfSecond - 1}</Column></EndPosition><StartPosition><Line>1</Line><Column>${endOfFirst}</Column></StartPosition></member></MatchedStatements><MissingContextValues/><ResourceSpecificResults><member><EvalResourceName>arn:aws:s3:::reports/q1</EvalResourceName><EvalResourceDecision>explicitDeny</EvalResourceDecision><MatchedStatements><member><SourcePolicyId>PolicyInputList.1</SourcePolicyId><SourcePolicyType>none</SourcePolicyType><EndPosition><Line>1</Line><Column>${endOfSecond - 1}</Column></EndPosition><StartPosition><Line>1</Line><Column>${endOfFirst}</Column></StartPosition></member></MatchedStatements><MissingContextValues/><EvalDecisionDetails/></member></ResourceSpecificResults></member></EvaluationResults></SimulateCustomPolicyResult><ResponseMetadata><RequestId>7a6f5c2e-0000-4000-8000-000000000000</RequestId></ResponseMetadata></SimulateCustomPolicyResponse>`;
    server = await startIamQueryServer({ fault: (a) => (a === 'SimulateCustomPolicy' ? { body } : undefined) });
    const report = await crossCheck([{ set: { identity: [policy] }, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1' } }], {
      client: clientFor(server),
    });
    expect(report.divergences).toHaveLength(1);
    const matched = report.divergences[0].message.split('\n').filter((l) => l.startsWith('    - PolicyInputList.1'));
    expect(matched).toEqual([
      `    - PolicyInputList.1 = identity-based policy reader.json, statement DenySecrets (1:${endOfFirst + 1}) [IAM position 1:${endOfFirst} to 1:${endOfSecond - 1}]`,
    ]);
  });
});

/**
 * IAM's own response shapes, as the IAM API Reference records them (API_SimulatePrincipalPolicy.html,
 * "Example 1", and API_SimulateCustomPolicy.html, "Example: Same-Account Simulation"): element
 * order, `EndPosition` before `StartPosition`, `Column` before `Line`, `SourcePolicyType` values
 * such as "Resource Policy" outside the documented enum, an empty `<EvalDecisionDetails/>`.
 */
describe("positions in IAM's recorded response shape (IAM API Reference examples), read with the real SDK", () => {
  // API_SimulatePrincipalPolicy.html, Example 1: PolicyInputList.member.1 as the page prints it.
  const documented = [
    '{',
    '  "Version":"2012-10-17",',
    '  "Statement":{',
    '    "Effect":"Allow",',
    '    "Action":"s3:PutObject",',
    '    "Resource":"arn:aws:s3:::my-test-bucket"',
    '  }',
    '}',
  ].join('\n');
  const documentedResponse = `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <SimulatePrincipalPolicyResult>
    <IsTruncated>false</IsTruncated>
    <EvaluationResults>
      <member>
        <MatchedStatements>
          <member>
            <SourcePolicyId>PolicyInputList.1</SourcePolicyId>
            <EndPosition>
              <Column>4</Column>
              <Line>7</Line>
            </EndPosition>
            <StartPosition>
              <Column>16</Column>
              <Line>3</Line>
            </StartPosition>
          </member>
        </MatchedStatements>
        <MissingContextValues/>
        <EvalResourceName>arn:aws:s3:::my-test-bucket</EvalResourceName>
        <EvalDecision>allowed</EvalDecision>
        <EvalActionName>s3:PutObject</EvalActionName>
      </member>
    </EvaluationResults>
  </SimulatePrincipalPolicyResult>
  <ResponseMetadata>
    <RequestId>004d7059-4c14-11e5-b121-bd8c7EXAMPLE</RequestId>
  </ResponseMetadata>
</SimulatePrincipalPolicyResponse>`;

  test("Line and Column are 1-based: StartPosition 3:16 is just after the statement's { (line 3, column 15), EndPosition 7:4 just after its } (line 7, column 3)", async () => {
    const lines = documented.split('\n');
    expect(lines[3 - 1][15 - 1]).toBe('{');
    expect(lines[7 - 1][3 - 1]).toBe('}');
    server = await startIamQueryServer({
      fault: (a) => (a === 'SimulateCustomPolicy' ? { body: documentedResponse.replace(/SimulatePrincipalPolicy/g, 'SimulateCustomPolicy') } : undefined),
    });
    const policy = parsePolicy(documented, { name: 'jill.json' });
    const report = await crossCheck([{ set: { identity: [policy] }, request: { action: 's3:PutObject', resource: 'arn:aws:s3:::my-test-bucket' } }], {
      client: clientFor(server),
    });
    await server.close();
    expect(report.outcomes[0].status).toBe('agree');
    expect(report.outcomes[0].iam?.matchedStatements).toEqual([
      { sourcePolicyId: 'PolicyInputList.1', start: { line: 3, column: 16 }, end: { line: 7, column: 4 } },
    ]);
    expect(statementIndexAt(documented, 3, 16)).toBe(0);
  });

  // Three statements, pretty-printed (multi-line) as policy files usually are.
  const pretty = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowRead', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'AllowList', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' },
        { Sid: 'DenyReports', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' },
      ],
    },
    null,
    2,
  );
  const at = (offset: number) => {
    const before = pretty.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const third = pretty.indexOf('"DenyReports"');
  const brace = pretty.lastIndexOf('{', third);
  const close = pretty.indexOf('}', third);
  const previousClose = pretty.lastIndexOf('}', brace);
  const position = (p: { line: number; column: number }) => `<Column>${p.column}</Column><Line>${p.line}</Line>`;
  // API_SimulateCustomPolicy.html, "Example: Same-Account Simulation": the shape with ResourceSpecificResults.
  const response = (start: { line: number; column: number }) => {
    const statement = `<MatchedStatements><member><SourcePolicyId>PolicyInputList.1</SourcePolicyId><EndPosition>${position(at(close + 1))}</EndPosition><SourcePolicyType>IAM Policy</SourcePolicyType><StartPosition>${position(start)}</StartPosition></member></MatchedStatements>`;
    return `<SimulateCustomPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulateCustomPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults><member><EvalDecisionDetails/>${statement}<MissingContextValues/><EvalResourceName>arn:aws:s3:::reports/q1</EvalResourceName><EvalDecision>explicitDeny</EvalDecision><EvalActionName>s3:GetObject</EvalActionName><ResourceSpecificResults><member>${statement}<EvalResourceDecision>explicitDeny</EvalResourceDecision><MissingContextValues/><EvalResourceName>arn:aws:s3:::reports/q1</EvalResourceName></member></ResourceSpecificResults></member></EvaluationResults></SimulateCustomPolicyResult><ResponseMetadata><RequestId>7b2092ca-5d35-499d-bc6d-e9b49EXAMPLE</RequestId></ResponseMetadata></SimulateCustomPolicyResponse>`;
  };

  test.each([
    ["just after the statement's { (the documented examples)", () => at(brace + 1)],
    ["at the statement's own {", () => at(brace)],
    ["just after the previous statement's } (off by one: at the comma)", () => at(previousClose + 1)],
    ["on the line break after the previous statement's comma", () => at(previousClose + 2)],
  ])('a multi-line policy, StartPosition %s: the divergence names DenyReports, never AllowList', async (_name, start) => {
    const s = start();
    expect(statementIndexAt(pretty, s.line, s.column)).toBe(2);
    // Local: the Deny on reports/* decides; the served answer says so too, so force a divergence on the decision.
    const policy = parsePolicy(pretty.replace('"Effect": "Deny"', '"Effect": "Allow"'), { name: 'reader.json' });
    const srv = await startIamQueryServer({ fault: (a) => (a === 'SimulateCustomPolicy' ? { body: response(s) } : undefined) });
    try {
      const report = await crossCheck([{ set: { identity: [policy] }, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1' } }], {
        client: clientFor(srv),
      });
      expect(report.divergences).toHaveLength(1);
      const line = report.divergences[0].message.split('\n').find((l) => l.startsWith('    - PolicyInputList.1'));
      const deny = policy.statements[2];
      expect(line).toBe(
        `    - PolicyInputList.1 (IAM Policy) = identity-based policy reader.json, statement DenyReports (${deny.pos!.line}:${deny.pos!.column}) [IAM position ${s.line}:${s.column} to ${at(close + 1).line}:${at(close + 1).column}]`,
      );
    } finally {
      await srv.close();
    }
  });
});
