import { fitMarkdown, GITHUB_COMMENT_LIMIT } from '../../../src/report/markdown-limit';
import { unifyPrincipalNames } from '../../../src/coverage/principal-names';
import type { CellRecord } from '../../../src/coverage/run-records';

test("Markdown over GitHub's 65,536-character comment limit is cut at a line, naming what was cut and where the full report is", () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `| role-${i} | 1 | 0 | 0 | 20 |`);
  const md = ['## jest-iam', '', '### Decisions', '', '| Principal | a | b | c | d |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
  const cut = fitMarkdown(md, { fullReport: 'the HTML report iam-report.html' });
  expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
  expect(cut.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(cut).toMatch(
    /Cut to fit a GitHub comment \(65536 characters\):\*\* \d+ of 5006 lines left out, from the section "Decisions" on; the full report is the HTML report iam-report\.html\./,
  );
  expect(
    cut
      .split('\n')
      .filter((l) => l.startsWith('| role-'))
      .every((l) => l.endsWith('|')),
  ).toBe(true);
  expect(fitMarkdown('short')).toBe('short');
});

test('a role recorded under its scenario name and its ARN is one principal', () => {
  const cell = (principal: string, request: string): CellRecord => ({
    t: 'cell',
    principal,
    action: 's3:GetObject',
    resource: '*',
    request,
    outcome: 'allow',
    deciding: [],
    explanation: '',
  });
  const arn = 'arn:aws:iam::111122223333:role/Reader';
  const out = unifyPrincipalNames([
    cell('reader', `action s3:GetObject, resource *, principal ${arn}`),
    cell(arn, `action s3:GetObject, resource *, principal ${arn}`),
    cell('arn:aws:iam::111122223333:role/Other', 'x'),
  ]);
  expect(out.map((r) => (r as CellRecord).principal)).toEqual(['reader', 'reader', 'arn:aws:iam::111122223333:role/Other']);
});
