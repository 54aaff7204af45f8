'use strict';
/**
 * Preloaded with `node -r` into a Jest run: on exit, writes the process's peak resident memory
 * and CPU time to the file named by BENCH_RUSAGE_OUT. Works where /usr/bin/time does not exist;
 * Jest runs in band (`--runInBand`), so the tests run in this very process.
 */
const fs = require('node:fs');

const out = process.env.BENCH_RUSAGE_OUT;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    fs.writeFileSync(out, JSON.stringify({ maxRSS: u.maxRSS * 1024, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
