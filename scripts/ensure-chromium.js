#!/usr/bin/env node
'use strict';
/**
 * `pretest`: the HTML report test drives Debian's Chromium headless (playwright-core never
 * downloads a browser). Installs it with apt-get when missing and we may (root), so `npm test`
 * stays one command on a fresh Debian machine; otherwise says exactly what to install.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const CHROMIUM = '/usr/bin/chromium';
if (fs.existsSync(CHROMIUM)) process.exit(0);

const hasApt = fs.existsSync('/usr/bin/apt-get');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!hasApt || !isRoot) {
  console.error(
    `npm test needs Chromium at ${CHROMIUM} for the HTML report test. Install it with your package manager ` +
      `(Debian/Ubuntu: sudo apt-get install -y chromium), then run npm test again.`,
  );
  process.exit(1);
}
console.error('npm test: installing Debian chromium for the HTML report test (apt-get) ...');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
