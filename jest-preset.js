/**
 * `preset: 'jest-iam'` — registers the jest-iam matchers, runs TypeScript tests through ts-jest
 * and runs `*.iam.yaml` access-matrix files as test suites. Points at built files (`dist/`),
 * which `prepare` builds on install from git or a tarball.
 */
const path = require('node:path');

const dist = path.join(__dirname, 'dist');

module.exports = {
  testEnvironment: 'node',
  setupFilesAfterEnv: [path.join(dist, 'matchers', 'index.js')],
  transform: {
    '\\.iam\\.ya?ml$': path.join(dist, 'src', 'scenario', 'jest-transform.js'),
    '^.+\\.tsx?$': [require.resolve('ts-jest'), {}],
  },
  testMatch: ['**/?(*.)+(spec|test).[jt]s?(x)', '**/*.iam.yaml', '**/*.iam.yml'],
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'yaml', 'yml'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
