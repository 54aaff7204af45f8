import { cli } from './run-cli';

const before = 'test/fixtures/proof/lake-before.json';
const after = 'test/fixtures/proof/lake-after.json';

// IAM User Guide, reference_policies_elements_condition_operators.md (StringLike): widening
// `data-*` to `data*` grants new access that sampled cells do not show.
describe('jest-iam diff --prove (issue 19)', () => {
  test('text: the region of new access with its witness request and the granting statement; --fail-on-new-access exits 1', () => {
    const r = cli('diff', '--prove', '--fail-on-new-access', before, after);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/new access in \d+ region/);
    expect(r.out).toMatch(/\+ s3:GetObject on arn:aws:s3:::lake\/\S* with aws:PrincipalTag\/team="data[^-"]*"/);
    expect(r.out).toMatch(/granted by test\/fixtures\/proof\/lake-after\.json:4:5, statement DataTeamReads/);
  });

  test('the reverse change is proved to grant nothing new: exit 0', () => {
    const r = cli('diff', '--prove', '--fail-on-new-access', after, before);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no new access (proved)');
  });

  test('SARIF names the granting statement; Markdown escapes the values', () => {
    const sarif = JSON.parse(cli('diff', '--prove', '--format', 'sarif', before, after).out);
    const result = sarif.runs[0].results[0];
    expect(result.ruleId).toBe('new-access');
    expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: 5 });
    const md = cli('diff', '--prove', '--format', 'markdown', before, after).out;
    expect(md).toMatch(/^### lake-after\.json: new access/m);
    expect(md).toContain('arn:aws:s3:::lake/');
  });
});
