'use strict';
/** Timing and printing helpers shared by the bench sections. Figures are compared within one run. */
const path = require('node:path');
const { performance } = require('node:perf_hooks');

/** The built package to measure: `dist/` of this repo, or `BENCH_DIST` (to compare two builds). */
const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(__dirname, '..', '..', 'dist');

/** Loads a module of the built package, e.g. `dist('src/index.js')`. */
function dist(rel) {
  return require(path.join(DIST, rel));
}

/** CPU seconds (user + system, all threads of this process) since `from`. */
function cpuSeconds(from) {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

/**
 * Calls `fn` repeatedly for about `ms` milliseconds of wall time; returns calls per CPU second.
 * The machine is shared and noisy: CPU time of this process is far steadier than wall time
 * when other processes compete for the cores, and it counts GC threads too.
 */
function rate(fn, ms = 1000) {
  let n = 0;
  const c0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn();
    n++;
  }
  return n / cpuSeconds(c0);
}

/** Like {@link rate} for an async function, awaited one call at a time. */
async function rateAsync(fn, ms = 1000) {
  let n = 0;
  const c0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < ms) {
    await fn();
    n++;
  }
  return n / cpuSeconds(c0);
}

/** Median of a list of numbers. */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const int = (n) => Math.round(n).toLocaleString('en-US');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (x) => `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US')} ms`;
const ratio = (x) => `${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(x >= 10 ? 1 : 2)}x`;

/** `label ......... value` with the label padded, for aligned columns. */
function line(label, value, note = '') {
  console.log(`  ${label.padEnd(46)} ${String(value).padStart(18)}${note ? `  ${note}` : ''}`);
}

function heading(title) {
  console.log(`\n== ${title}`);
}

/** `[ok]` when `value` meets `target` (higher is better unless `lowerIsBetter`), else `[MISSED]`. */
function verdict(value, target, lowerIsBetter = false) {
  return (lowerIsBetter ? value <= target : value >= target) ? '[ok]' : '[MISSED]';
}

module.exports = { DIST, dist, cpuSeconds, rate, rateAsync, median, int, mb, ms, ratio, line, heading, verdict, performance };
