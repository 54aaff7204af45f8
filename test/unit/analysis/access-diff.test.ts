import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';
import { diffAccess, hasNewAccess } from '../../../src/analysis/access-diff';
import { formatDiffJson, formatDiffMarkdown, formatDiffText } from '../../../src/report/access-diff-format';
import { escapeHtml, renderHtmlReport } from '../../../src/report/html-report';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'diff');
const before = [{ name: 'manager', set: policySet({ identity: path.join(fixtures, 'project-model-manager.before.json') }) }];
const after = [{ name: 'manager', set: policySet({ identity: path.join(fixtures, 'project-model-manager.after.json') }) }];
const model = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000';
const project = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000';

// Both versions are decided by the same evaluator (reference_policies_evaluation-logic.md) over
// the same cells; the diff lists the cells whose decision changed.
describe('access diff of two versions of the Rekognition model-manager policy (reference_policies_evaluation-logic.md)', () => {
  const diff = diffAccess(before, after, { actions: ['rekognition:*'] });

  test('the new DeleteOwnModels statement grants DeleteProjectVersion, and says where it is', () => {
    const gained = diff.gained.filter((c) => c.action === 'rekognition:DeleteProjectVersion');
    expect(gained.map((c) => c.resource)).toContain(model);
    expect(gained[0].statements).toEqual([
      expect.objectContaining({ sid: 'DeleteOwnModels', line: 30, column: 5, file: expect.stringMatching(/project-model-manager\.after\.json$/) }),
    ]);
    expect(hasNewAccess(diff)).toBe(true);
  });

  test('dropping DescribeProjectVersions from SpecificProject is access lost, with the statement that used to grant it', () => {
    expect(diff.lost.map((c) => `${c.action} on ${c.resource}`)).toContain(`rekognition:DescribeProjectVersions on ${project}`);
    expect(diff.lost[0].statements[0]).toEqual(expect.objectContaining({ sid: 'SpecificProject', line: 21 }));
  });

  test('unchanged access gives an empty diff', () => {
    const same = diffAccess(before, before, { actions: ['rekognition:*'] });
    expect([same.gained, same.lost, same.conditional]).toEqual([[], [], []]);
    expect(hasNewAccess(same)).toBe(false);
    expect(formatDiffMarkdown(same)).toContain('No change in access.');
  });

  test('text, JSON and Markdown say the same', () => {
    const text = formatDiffText(diff);
    expect(text).toMatch(
      /Now allowed \(\d+\):\n {2}\+ rekognition:DeleteProjectVersion on .*\n {6}granted by .*project-model-manager\.after\.json:30:5, statement DeleteOwnModels \(identity-based policy\)/,
    );
    expect(text).toContain(`  - rekognition:DescribeProjectVersions on ${project}`);
    const json = JSON.parse(formatDiffJson(diff));
    expect(json.newAccess).toBe(true);
    expect(json.gained[0].statements[0].sid).toBe('DeleteOwnModels');
    const md = formatDiffMarkdown(diff);
    expect(md).toContain('#### :warning: Now allowed');
    expect(md).toContain(`| \`rekognition:DeleteProjectVersion\` | \`${model}\` |`);
  });

  test('a principal that exists only in the new version gains all its access', () => {
    const d = diffAccess(before, [...after, { name: 'new-role', set: after[0].set }], { actions: ['rekognition:DeleteProjectVersion'] });
    expect(d.addedPrincipals).toEqual(['new-role']);
    expect(d.gained.some((c) => c.principal === 'new-role')).toBe(true);
  });

  test('a condition added to an allow turns it into "no longer allowed (now only if ...)"', () => {
    const plain = [
      {
        name: 'p',
        set: policySet({ identity: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rekognition:DescribeProjects', Resource: '*' }] } }),
      },
    ];
    const mfa = [
      {
        name: 'p',
        set: policySet({
          identity: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'rekognition:DescribeProjects', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
            ],
          },
        }),
      },
    ];
    const d = diffAccess(plain, mfa, { actions: ['rekognition:DescribeProjects'] });
    expect(d.lost).toEqual([expect.objectContaining({ after: 'conditional', conditions: "Bool aws:MultiFactorAuthPresent 'true'" })]);
    expect(formatDiffText(d)).toContain("(now only if Bool aws:MultiFactorAuthPresent 'true')");
  });
});

describe('HTML access-matrix page', () => {
  test('escapes every text, colours each cell by decision and links it to its explanation', () => {
    const html = renderHtmlReport([
      { principal: '<role>', action: 's3:GetObject', resource: 'arn:aws:s3:::b/"x"', outcome: 'allow', request: 'r1', explanation: 'Decision: Allow <ok>' },
      {
        principal: '<role>',
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::b/"x"',
        outcome: 'explicit-deny',
        request: 'r2',
        explanation: 'Decision: explicit Deny',
      },
    ]);
    expect(escapeHtml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    expect(html).toContain('<h2>&lt;role&gt;</h2>');
    expect(html).toContain('<td class="cell allow"><a href="#cell-1" title="r1">allow</a></td>');
    expect(html).toMatch(/<article class="explanation allow( [^"]*)?" id="cell-1">/);
    expect(html).toContain('<pre>Decision: Allow &lt;ok&gt;</pre>');
    expect(html).toContain('<td class="cell explicit-deny"><a href="#cell-2"');
    expect(html).not.toContain('<role>');
  });
});
