/**
 * `preset: 'jest-iam'` — registers the jest-iam matchers, runs TypeScript tests through ts-jest
 * and runs `*.iam.yaml` access-matrix files as test suites. Points at built files (`dist/`),
 * which `prepack` builds into the package (npm pack, publish, and installs from git).
 */
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, 'dist');

/** Whether a tsconfig.json is in `dir` or a folder above it (where ts-jest looks for one). */
function hasTsconfig(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'tsconfig.json'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

/**
 * ts-jest's options. A project with no tsconfig.json would get TypeScript's defaults, and since
 * TypeScript 6 those load no `@types` packages (`types: []`), so `describe` and `node:path` are
 * unknown names: supply the test globals and Node's types that the project has installed. With
 * a tsconfig.json the project's own settings apply untouched.
 */
function tsJestOptions(dir) {
  if (hasTsconfig(dir)) return {};
  const installed = (name) => {
    try {
      require.resolve(`@types/${name}/package.json`, { paths: [dir] });
      return true;
    } catch {
      return false;
    }
  };
  return { tsconfig: { types: ['jest', 'node'].filter(installed), esModuleInterop: true } };
}

module.exports = {
  testEnvironment: 'node',
  setupFilesAfterEnv: [path.join(dist, 'matchers', 'index.js')],
  transform: {
    '\\.iam\\.ya?ml$': path.join(dist, 'src', 'scenario', 'jest-transform.js'),
    '^.+\\.tsx?$': [require.resolve('ts-jest'), tsJestOptions(process.cwd())],
  },
  testMatch: ['**/?(*.)+(spec|test).[jt]s?(x)', '**/*.iam.yaml', '**/*.iam.yml'],
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'yaml', 'yml'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
