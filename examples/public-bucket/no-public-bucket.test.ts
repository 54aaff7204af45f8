import * as path from 'node:path';
import { policySet } from 'jest-iam';

// README "Public access": a bucket policy that grants to "*", the account's Block Public Access
// settings and an SCP, tested the way a security team asks it.
const p = (f: string) => path.join(__dirname, 'policies', f);
const website = (blockPublicAccess: { account: { RestrictPublicBuckets: boolean } }) =>
  policySet({
    identity: [p('deployer.json')],
    resource: [p('website-bucket.json')],
    scps: [
      { name: 'root', policies: p('FullAWSAccess.json') },
      { name: 'ou-prod', policies: [p('FullAWSAccess.json'), p('deny-bpa-changes.json')] },
    ],
    blockPublicAccess,
  });

test('with RestrictPublicBuckets on, nothing in the bucket is public', () => {
  expect(website({ account: { RestrictPublicBuckets: true } })).toNeverAllowPublicAccess({ resourceAccount: '111122223333' });
});

test('with RestrictPublicBuckets off, the bucket policy makes objects public', () => {
  expect(website({ account: { RestrictPublicBuckets: false } })).not.toNeverAllowPublicAccess({ resourceAccount: '111122223333' });
});

test('the deploy role still works, and only a security admin may change the settings', () => {
  const set = website({ account: { RestrictPublicBuckets: true } });
  const deployer = { principal: 'arn:aws:iam::111122223333:role/Deployer', resourceAccount: '111122223333' };
  expect(set).toAllow('s3:PutObject', 'arn:aws:s3:::example-website/index.html', deployer);
  expect(set).toExplicitlyDeny('s3:PutBucketPolicy', 'arn:aws:s3:::example-website', deployer);
  // S3 itself refuses a public ACL on upload: Block Public Access, not a policy statement.
  const withAcl = { ...deployer, context: { 's3:x-amz-acl': 'public-read' } };
  expect(policySet({ identity: [p('deployer.json')], blockPublicAccess: { bucket: { BlockPublicAcls: true } } })).toExplicitlyDeny(
    's3:PutObject',
    'arn:aws:s3:::example-website/index.html',
    withAcl,
  );
});
