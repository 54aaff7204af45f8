'use strict';
/**
 * `npm run bench`: decisions per second of the local evaluator on fixed workloads. Figures are
 * for comparing runs side by side on one machine; nothing here is asserted by tests.
 */
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { evaluate, toPolicy, parsePolicy, normalizeRequest } = require(path.join(__dirname, '..', 'dist', 'src', 'index.js'));
const { wildcardMatch } = require(path.join(__dirname, '..', 'dist', 'src', 'match', 'glob.js'));
const w = require('./workloads');

/** Runs `fn` repeatedly for about `ms` milliseconds and returns calls per second. */
function rate(fn, ms = 1000) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    fn();
    n++;
    now = performance.now();
  }
  return (n / (now - start)) * 1000;
}

function bench(name, document, requests) {
  const policy = toPolicy(document, { name });
  // Warm up (JIT and the compiled-policy cache), then measure full passes over the requests.
  for (const r of requests) evaluate(policy, r);
  const passes = rate(() => {
    for (const r of requests) evaluate(policy, r);
  });
  const perSec = passes * requests.length;
  const results = {};
  for (const r of requests) {
    const d = evaluate(policy, r).result;
    results[d] = (results[d] || 0) + 1;
  }
  console.log(`${name.padEnd(34)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} decisions/s  (${requests.length} requests; ${JSON.stringify(results)})`);
  return perSec;
}

console.log(`jest-iam bench, node ${process.version}`);
bench('rekognition seed policy', w.rekognitionPolicy(), w.rekognitionRequests());
bench('s3 21 statements, 1 deny', w.s3Policy21(), w.s3Requests());

// Parsing + compiling cost, for comparison with evaluation.
const text = JSON.stringify(w.s3Policy21(), null, 2);
const parses = rate(() => parsePolicy(text, { name: 'x' }), 500);
console.log(`${'parse + validate 21-statement policy'.padEnd(34)} ${Math.round(parses).toLocaleString('en-US').padStart(12)} policies/s`);

// Request normalisation alone (context derivation), to see what part of a decision it costs.
const reqs = w.s3Requests(200);
const norm = rate(() => {
  for (const r of reqs) normalizeRequest(r);
}) * reqs.length;
console.log(`${'request normalisation'.padEnd(34)} ${Math.round(norm).toLocaleString('en-US').padStart(12)} requests/s`);

// Linear-time wildcards: `*a*a*...*b` against 100,000 characters that never match.
const hostile = `${'*a'.repeat(50)}*b`;
const subject = 'a'.repeat(100_000);
const t0 = performance.now();
const matched = wildcardMatch(hostile, subject);
console.log(`${'hostile wildcard, 100k chars'.padEnd(34)} ${(performance.now() - t0).toFixed(2).padStart(12)} ms (matched: ${matched})`);
