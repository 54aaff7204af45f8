'use strict';
/**
 * Benchmark workloads, shared by `bench/run.js` and later peer comparisons, so every engine
 * sees exactly the same policies and requests.
 */

/** A 21-statement S3 policy with one Deny: 20 allows over buckets/prefixes/conditions and a Deny on deletes. */
function s3Policy21() {
  const statements = [];
  for (let i = 0; i < 20; i++) {
    const st = {
      Sid: `Allow${i}`,
      Effect: 'Allow',
      Action: i % 3 === 0 ? ['s3:GetObject', 's3:GetObjectVersion'] : i % 3 === 1 ? ['s3:PutObject', 's3:Get*'] : 's3:List*',
      Resource: i % 3 === 2 ? `arn:aws:s3:::bucket-${i}` : [`arn:aws:s3:::bucket-${i}/team-${i % 5}/*`, `arn:aws:s3:::bucket-${i}/shared/*`],
    };
    if (i % 4 === 0) st.Condition = { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 5}` } };
    if (i % 4 === 1) st.Condition = { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } };
    if (i % 4 === 2) st.Condition = { Bool: { 'aws:SecureTransport': 'true' } };
    statements.push(st);
  }
  statements.push({ Sid: 'DenyDeletes', Effect: 'Deny', Action: ['s3:DeleteObject', 's3:DeleteBucket'], Resource: '*' });
  return { Version: '2012-10-17', Statement: statements };
}

/** 2,000 varied S3 requests: several actions, buckets, keys, tags, addresses. */
function s3Requests(n = 2000) {
  const actions = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject', 's3:GetObjectVersion', 's3:GetBucketAcl'];
  const out = [];
  for (let i = 0; i < n; i++) {
    const b = i % 23;
    const action = actions[i % actions.length];
    const resource =
      action === 's3:ListBucket' || action === 's3:GetBucketAcl'
        ? `arn:aws:s3:::bucket-${b}`
        : `arn:aws:s3:::bucket-${b}/${i % 2 ? `team-${i % 5}` : 'shared'}/obj-${i}.json`;
    out.push({
      action,
      resource,
      principal: `arn:aws:iam::111122223333:user/user${i % 7}`,
      context: {
        'aws:PrincipalTag/team': `team-${i % 6}`,
        'aws:SourceIp': i % 3 ? `10.1.${i % 250}.${(i * 7) % 250}` : `203.0.113.${i % 250}`,
        'aws:SecureTransport': i % 2 === 0,
      },
    });
  }
  return out;
}

/** The seed's Rekognition Custom Labels example policy (project / model manager). */
function rekognitionPolicy() {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllResources', Effect: 'Allow', Action: 'rekognition:DescribeProjects', Resource: '*' },
      {
        Sid: 'SpecificProjectVersion',
        Effect: 'Allow',
        Action: ['rekognition:StopProjectVersion', 'rekognition:StartProjectVersion', 'rekognition:DetectCustomLabels', 'rekognition:CreateProjectVersion'],
        Resource: 'arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*',
      },
      {
        Sid: 'SpecificProject',
        Effect: 'Allow',
        Action: ['rekognition:CreateProject', 'rekognition:DescribeProjectVersions', 'rekognition:CreateProjectVersion'],
        Resource: 'arn:aws:rekognition:*:*:project/MyProject/*',
      },
      {
        Sid: 'ExplicitDenyCreateProject',
        Effect: 'Deny',
        Action: ['rekognition:CreateProject'],
        Resource: ['arn:aws:rekognition:*:*:project/SampleProject/*'],
      },
    ],
  };
}

/**
 * 2,000 Rekognition requests, each action on a resource of the type the Service Authorization
 * Reference gives it (so the peer, which checks that, refuses none): wildcard-only actions on
 * `*`, project actions on project ARNs, model actions on project-version ARNs; four projects
 * and two versions, in two regions.
 */
function rekognitionRequests(n = 2000) {
  const onStar = ['rekognition:DescribeProjects', 'rekognition:CreateProject'];
  const onProject = ['rekognition:DescribeProjectVersions', 'rekognition:CreateProjectVersion', 'rekognition:DeleteProject'];
  const onVersion = ['rekognition:StartProjectVersion', 'rekognition:StopProjectVersion', 'rekognition:DetectCustomLabels', 'rekognition:DeleteProjectVersion'];
  const actions = [...onStar, ...onProject, ...onVersion];
  const projects = ['MyProject', 'MyProjectX', 'SampleProject', 'Other'];
  const out = [];
  for (let i = 0; i < n; i++) {
    const action = actions[i % actions.length];
    const p = projects[(i >> 2) % projects.length];
    const region = i % 2 ? 'us-east-1' : 'eu-west-1';
    const base = `arn:aws:rekognition:${region}:111122223333:project/${p}`;
    const resource = onStar.includes(action)
      ? '*'
      : onProject.includes(action)
        ? `${base}/${1690000000000 + i}`
        : `${base}/version/MyVersion${i % 3 ? '' : '2'}/${1690000000000 + i}`;
    out.push({ action, resource, principal: 'arn:aws:iam::111122223333:role/ModelManager' });
  }
  return out;
}

module.exports = { s3Policy21, s3Requests, rekognitionPolicy, rekognitionRequests };
