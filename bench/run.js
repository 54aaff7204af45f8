'use strict';
/**
 * `npm run bench` (builds first): every figure of issue 9, measured side by side in one run and
 * printed as ratios, because the machine is shared and noisy. Nothing here is asserted by tests.
 *
 *   1. evaluate() vs @cloud-copilot/iam-simulate runSimulation on the same requests (ratio vs
 *      the 300x target), and how many decisions the two engines disagree on;
 *   2. cost vs policy size (10 to 10,000 statements);
 *   3. startup (require, first decision, first service-reference lookup; a 10,000-statement policy);
 *   4. every AWS managed policy, cold: require + parse + validate + service-reference check + compile, memory, decisions/s;
 *   5. hostile wildcards on 100,000 characters;
 *   6. a 10,000-cell *.iam.yaml suite under Jest vs Jest's floor (ratio vs the 1.5x target);
 *   7. cross-check IAM calls per cell (Rekognition example, 2,000-cell matrices) against the stated bound;
 *   8. proofs over every managed policy (issue 19): decided fraction, p95 per check, vs the search.
 *
 * `node bench/run.js --only peer,yaml` runs some sections; BENCH_DIST=<dir> measures another
 * build (its sibling jest-preset.js is used for the YAML suite when present).
 */
const { DIST } = require('./lib/measure');
const { loadPeer } = require('./lib/peer');

const SECTIONS = {
  peer: async () => require('./sections/throughput-vs-peer').run(loadPeer()),
  compiled: async () => require('./sections/compiled-decisions').run(loadPeer()),
  scaling: async () => require('./sections/scaling').run(),
  startup: async () => require('./sections/startup').run(),
  managed: async () => require('./sections/managed-policies').run(),
  wildcard: async () => require('./sections/hostile-wildcard').run(),
  yaml: async () => require('./sections/yaml-suite').run(),
  calls: async () => require('./sections/cross-check-calls').run(),
  proof: async () => require('./sections/proof').run(),
};

async function main() {
  const i = process.argv.indexOf('--only');
  const only = i > 0 ? process.argv[i + 1].split(',') : Object.keys(SECTIONS);
  const unknown = only.filter((s) => !SECTIONS[s]);
  if (unknown.length) {
    console.error(`unknown section(s): ${unknown.join(', ')}; sections: ${Object.keys(SECTIONS).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  console.log(`jest-iam bench: node ${process.version}, ${require('node:os').cpus().length} CPUs, build ${DIST}`);
  console.log('rates are per CPU second of this process (steadier than wall time on a shared machine); wall time where stated');
  for (const name of only) {
    try {
      await SECTIONS[name]();
    } catch (e) {
      console.log(`  section ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    }
  }
}

main();
