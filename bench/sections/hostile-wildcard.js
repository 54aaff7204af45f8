'use strict';
/**
 * Linear-time wildcards: hostile patterns against a 100,000-character value. A backtracking
 * matcher (or a regular expression built from the pattern) takes time exponential in the stars
 * here; ours scans the value once per segment.
 */
const { dist, ms, line, heading, performance } = require('../lib/measure');

const LENGTH = 100_000;

function time(fn) {
  fn(); // warm up
  const t0 = performance.now();
  const result = fn();
  return { t: performance.now() - t0, result };
}

function run() {
  heading(`hostile wildcards on ${LENGTH.toLocaleString('en-US')} characters`);
  const { wildcardMatch } = dist('src/match/glob.js');
  const { evaluate, toPolicy } = dist('src/index.js');
  const value = 'a'.repeat(LENGTH);
  const cases = [
    ['*a*a*...*b (50 stars)', `${'*a'.repeat(50)}*b`, value],
    ['*a*a*...*b* (1,000 stars; b never found)', `${'*a'.repeat(1000)}*b*`, value],
    ['*a?a*...*b (100 stars with ?)', `${'*a?a'.repeat(100)}*b`, value],
    ['*?*?*...*b* (200 stars with ?)', `${'*?'.repeat(200)}*b*`, value],
    // One long segment holding a `?`: each start position is compared segment-long.
    ['*aaa...a?b* (one 1,000-character segment with ?)', `*${'a'.repeat(999)}?b*`, value],
    ['*aaa...ab* (one 1,000-character segment, no ?)', `*${'a'.repeat(999)}b*`, value],
  ];
  for (const [label, pattern, subject] of cases) {
    const { t, result } = time(() => wildcardMatch(pattern, subject));
    line(label, ms(t), `matched: ${result}`);
  }
  // The same through the evaluator: a Resource pattern against a 100,000-character S3 key.
  const policy = toPolicy({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'*a'.repeat(1000)}*b*` }],
  });
  const request = { action: 's3:GetObject', resource: `arn:aws:s3:::b/${value}`, principal: 'arn:aws:iam::111122223333:user/u' };
  const { t, result } = time(() => evaluate(policy, request).result);
  line('evaluate(): Resource arn:aws:s3:::b/*a*a*...*b*', ms(t), `decision: ${result}`);
}

module.exports = { run };
