import { cli } from './run-cli';

// The CLI takes S3 Block Public Access like policySet() does (docs/service-enforced.md).
const bucket = 'examples/public-bucket/policies/website-bucket.json';
const page = 'arn:aws:s3:::example-website/index.html';
const outside = ['--principal', 'anonymous', '--resource-account', '111122223333'];

describe('--block-public-access', () => {
  test('explain names the setting and level that refuse the request', () => {
    const r = cli(
      'explain',
      '--resource-policy',
      bucket,
      ...outside,
      '--block-public-access',
      'account:RestrictPublicBuckets',
      '--action',
      's3:GetObject',
      '--resource',
      page,
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Decision: explicit Deny (denied by S3 Block Public Access: RestrictPublicBuckets is on at the account level and the bucket policy is public',
    );
  });
  test('without it the public bucket policy allows the anonymous caller', () => {
    const r = cli('explain', '--resource-policy', bucket, ...outside, '--action', 's3:GetObject', '--resource', page);
    expect(r.out).toMatch(/Decision: Allow/);
  });
  test('organization turns every setting on; the matrix shows the refusal as its reason', () => {
    const r = cli('matrix', '--resource-policy', bucket, ...outside, '--block-public-access', 'organization', '--actions', 's3:GetObject');
    expect(r.out).toMatch(
      /explicit deny\s+s3:GetObject on arn:aws:s3:::example-website\/\S+\n\s+by denied by S3 Block Public Access: RestrictPublicBuckets is on at the organization level/,
    );
  });
  test('a misspelt level or setting is a one-line usage error with a suggestion', () => {
    const level = cli('explain', '--resource-policy', bucket, '--block-public-access', 'acount:all', '--action', 's3:GetObject');
    expect(level.code).toBe(2);
    expect(level.err).toBe(
      'jest-iam explain: --block-public-access takes organization, account:SETTINGS or bucket:SETTINGS, got "acount:all"; did you mean account? (see jest-iam explain --help)',
    );
    const setting = cli('explain', '--resource-policy', bucket, '--block-public-access', 'bucket:RestrictPublicBucket', '--action', 's3:GetObject');
    expect(setting.err).toMatch(/unknown setting "RestrictPublicBucket"; did you mean RestrictPublicBuckets\?/);
  });
});

describe('matrix text: the reason of the implicit denies, once per group', () => {
  test('one reason for every implicit deny is given after the count', () => {
    const r = cli(
      'matrix',
      '--resource-policy',
      bucket,
      '--identity',
      'examples/public-bucket/policies/deployer.json',
      '--principal',
      'arn:aws:iam::111122223333:role/Deployer',
      '--resource-account',
      '111122223333',
      '--actions',
      's3:GetObject,s3:DeleteBucket',
    );
    expect(r.out).toMatch(/implicit deny\s+\d+ other cells?: denied: no statement allows it \(implicit deny\)/);
  });
});
