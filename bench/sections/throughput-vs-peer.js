'use strict';
/**
 * Decisions per second of our evaluate() beside the peer's runSimulation on the same workloads,
 * with the ratio against the target, and whether both engines decide the same.
 */
const { dist, rate, median, int, ratio, line, heading, verdict, cpuSeconds } = require('../lib/measure');
const { toSimulation, peerDecide, resourceAccountOf } = require('../lib/peer');
const w = require('../workloads');

const TARGET = 300;
const AIM = 1000;

/** Our requests with the resource account made explicit, so both engines see the same request. */
function sameRequests(requests) {
  return requests.map((r) => ({ ...r, resourceAccount: resourceAccountOf(r) }));
}

function ourRate(policy, requests, evaluate, ms) {
  for (const r of requests) evaluate(policy, r); // warm up: JIT and the compiled-policy cache
  return (
    rate(() => {
      for (const r of requests) evaluate(policy, r);
    }, ms) * requests.length
  );
}

/** One full pass of the peer over every request: its rate and its decisions. */
async function peerPass(runSimulation, doc, requests) {
  const decisions = [];
  await peerDecide(runSimulation, toSimulation([doc], requests[0])); // warm up
  const c0 = process.cpuUsage();
  for (const r of requests) decisions.push(await peerDecide(runSimulation, toSimulation([doc], r)));
  return { perSec: requests.length / cpuSeconds(c0), decisions };
}

async function workload(name, doc, rawRequests, peer) {
  const { evaluate, toPolicy, normalizeRequest } = dist('src/index.js');
  const requests = sameRequests(rawRequests);
  const policy = toPolicy(doc, { name });
  const normalized = requests.map((r) => normalizeRequest(r));
  const ours = requests.map((r) => evaluate(policy, r).result);
  const counts = {};
  for (const d of ours) counts[d] = (counts[d] ?? 0) + 1;

  // Interleave our runs around the peer's pass so both see the same machine load.
  const before = ourRate(policy, requests, evaluate, 700);
  const beforeNorm = ourRate(policy, normalized, evaluate, 400);
  let p;
  if (peer.ok) p = await peerPass(peer.runSimulation, doc, requests);
  const after = ourRate(policy, requests, evaluate, 700);
  const afterNorm = ourRate(policy, normalized, evaluate, 400);
  const oursPerSec = median([before, after]);
  const oursNormPerSec = median([beforeNorm, afterNorm]);

  console.log(`  ${name} (${requests.length} requests; ours: ${JSON.stringify(counts)})`);
  line('jest-iam evaluate(), raw requests', `${int(oursPerSec)} /s`);
  line('jest-iam evaluate(), pre-normalised requests', `${int(oursNormPerSec)} /s`);
  if (!p) return;
  line(`iam-simulate runSimulation ${peer.version}`, `${int(p.perSec)} /s`);
  const x = oursPerSec / p.perSec;
  line('ratio (raw requests)', ratio(x), `target >= ${TARGET}x ${verdict(x, TARGET)}, aim ${AIM}x ${verdict(x, AIM)}`);
  line('ratio (pre-normalised requests)', ratio(oursNormPerSec / p.perSec));
  let disagree = 0;
  let errors = 0;
  const examples = [];
  p.decisions.forEach((d, i) => {
    if (d.error) errors++;
    else if (d.result !== ours[i]) {
      disagree++;
      if (examples.length < 3) examples.push(`${requests[i].action} ${requests[i].resource}: ours ${ours[i]}, peer ${d.result}`);
    }
  });
  line('disagreements on decisions', `${disagree} of ${requests.length}`, errors ? `(${errors} requests the peer refused)` : '');
  for (const e of examples) console.log(`    e.g. ${e}`);
}

/** Prints the side-by-side figures. `peer` is the result of loadPeer(). */
async function run(peer) {
  heading('evaluate() vs @cloud-copilot/iam-simulate runSimulation (same requests, one run; decisions per CPU second)');
  if (!peer.ok) console.log(`  peer not available: ${peer.reason}`);
  else console.log('  (ours compiles each policy once and caches it; the peer takes policy documents on every call, as its API does)');
  await workload('s3, 21 statements, 1 deny', w.s3Policy21(), w.s3Requests(), peer);
  await workload('rekognition example policy', w.rekognitionPolicy(), w.rekognitionRequests(), peer);
}

module.exports = { run };
