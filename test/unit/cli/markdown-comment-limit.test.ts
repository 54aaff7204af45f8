import { GITHUB_COMMENT_LIMIT } from '../../../src/report/markdown-limit';
import { cli } from './run-cli';

/**
 * `--format markdown` output goes into a pull-request comment, which GitHub caps at 65,536
 * characters: a matrix or a diff of a wide policy over every EC2 and S3 action must fit, with a
 * note of what was cut and how to get the full report.
 */
const wide = 'examples/organisation-guardrails/policies/developer-identity.json';

test('matrix --format markdown of every ec2 and s3 action fits a comment and names the full report', () => {
  const r = cli('matrix', '--format', 'markdown', '--actions', 'ec2:*,s3:*', wide);
  expect(r.code).toBe(0);
  const full = cli('matrix', '--format', 'json', '--actions', 'ec2:*,s3:*', wide);
  // Uncut, the allowed cells alone would not fit.
  expect(JSON.parse(full.out).cells.filter((c: { outcome: string }) => c.outcome === 'allow').length * 100).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
  expect(r.out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(r.out).toMatch(
    /\*\*Cut to fit a GitHub comment \(65536 characters\):\*\* \d+ of \d+ lines left out, from the section "developer-identity\.json" on; the full report is in `jest-iam matrix --format html` \(or json\) of the same inputs\.\s*$/,
  );
});

test('diff --format markdown of a policy that gains every ec2 and s3 action fits a comment', () => {
  const r = cli('diff', '--format', 'markdown', '--actions', 'ec2:*,s3:*', 'examples/organisation-guardrails/policies/account-ml-only.json', wide);
  expect(r.out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(r.out).toContain('Cut to fit a GitHub comment');
  expect(r.out).toContain('jest-iam diff --format json');
});
