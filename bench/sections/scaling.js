'use strict';
/**
 * How the cost of a decision grows with the size of a policy: 10 to 10,000 statements, where
 * (a) only a few name the request's service and the rest name other services, (b) every
 * statement names the request's service and action (one bucket each, so few match the resource),
 * and (c) every statement can match the request's resource, so each one is asked.
 */
const { dist, rate, int, line, heading } = require('../lib/measure');

const SIZES = [10, 100, 1000, 10000];
const OTHER_SERVICES = ['ec2', 'dynamodb', 'sqs', 'sns', 'lambda', 'kms', 'rds', 'logs', 'cloudwatch', 'ecr', 'ecs', 'iam', 'sts', 'glue', 'athena', 'kinesis'];
const MATCHING = 5;

/** `n` statements: `MATCHING` S3 statements spread through the policy, the rest for other services. */
function mixedPolicy(n) {
  const step = Math.max(1, Math.floor(n / MATCHING));
  const statements = [];
  for (let i = 0; i < n; i++) {
    if (i % step === 0 && statements.filter((s) => String(s.Action).startsWith('s3:')).length < MATCHING) {
      statements.push({ Sid: `S3n${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::bucket-${i % 50}/*` });
    } else {
      const svc = OTHER_SERVICES[i % OTHER_SERVICES.length];
      statements.push({
        Sid: `Other${i}`,
        Effect: 'Allow',
        Action: [`${svc}:Get*`, `${svc}:Describe*`],
        Resource: `arn:aws:${svc}:us-east-1:111122223333:thing/t${i}`,
      });
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** `n` S3 statements, one bucket each: every statement is a candidate, few match the resource. */
function sameServicePolicy(n) {
  const statements = [];
  for (let i = 0; i < n; i++) {
    statements.push({
      Sid: `S3n${i}`,
      Effect: i % 97 === 96 ? 'Deny' : 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** `n` S3 statements on the requests' buckets, each with a condition no request meets: every statement is asked. */
function matchingPolicy(n) {
  const statements = [];
  for (let i = 0; i < n; i++) {
    statements.push({
      Sid: `S3m${i}`,
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::bucket-*/*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i}` } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

function requests(n = 500) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push({
      action: i % 2 ? 's3:GetObject' : 's3:PutObject',
      resource: `arn:aws:s3:::bucket-${i % 60}/key-${i}`,
      principal: 'arn:aws:iam::111122223333:user/scale',
      resourceAccount: '111122223333',
    });
  }
  return out;
}

function measure(build) {
  const { evaluate, toPolicy } = dist('src/index.js');
  const reqs = requests();
  const out = [];
  for (const n of SIZES) {
    const policy = toPolicy(build(n), { name: `scale-${n}` });
    for (const r of reqs) evaluate(policy, r);
    const perSec =
      rate(() => {
        for (const r of reqs) evaluate(policy, r);
      }, 600) * reqs.length;
    out.push({ n, perSec });
  }
  return out;
}

function print(title, rows, note) {
  console.log(`  ${title}`);
  for (const { n, perSec } of rows) line(`${int(n)} statements`, `${int(perSec)} /s`, `${(1e6 / perSec).toFixed(2)} us/decision`);
  const first = rows[0].perSec;
  const last = rows[rows.length - 1].perSec;
  console.log(`    10 -> 10,000 statements (1,000x more): decisions/s x${(last / first).toFixed(3)}. ${note}`);
}

function run() {
  heading('cost vs policy size (decisions per CPU second)');
  print(
    `(a) ${MATCHING} statements of the request's service, the rest for ${OTHER_SERVICES.length} other services`,
    measure(mixedPolicy),
    'Statements are indexed by service, so unrelated statements cost nothing: the rate should stay flat.',
  );
  print(
    "(b) every statement names the request's service and action, one bucket each",
    measure(sameServicePolicy),
    "Statements are also indexed by the resource's bucket (the ARN up to its first /), so those for other buckets cost nothing: the rate should stay flat.",
  );
  print(
    "(c) every statement can match the request's resource (bucket-*/*) and has a condition no request meets",
    measure(matchingPolicy),
    'Every statement is asked here, so cost is linear in statements: the rate should fall about 10x per 10x.',
  );
}

module.exports = { run, mixedPolicy, sameServicePolicy, matchingPolicy };
