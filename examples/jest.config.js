/**
 * Jest config for the runnable examples, set up the way a user's project would be: the
 * jest-iam preset (matchers + `*.iam.yaml` suites), and `jest-iam` imports resolved to the
 * built package, so the example files read exactly like a user's. Run with `npm run example`
 * (needs `npm run build` first: the preset points at `dist/`).
 */
const path = require('node:path');

module.exports = {
  // Jest reads a preset that starts with "." as a file path relative to rootDir.
  preset: '../jest-preset.js',
  rootDir: __dirname,
  // In this repo the package name does not resolve through node_modules; a user's install does.
  moduleNameMapper: {
    '^jest-iam$': '<rootDir>/../dist/src/index.js',
    '^jest-iam/matchers$': '<rootDir>/../dist/matchers/index.js',
  },
  // Same key as the preset's TypeScript transform, so this one replaces it: the repo's
  // tsconfig.json, whose `paths` map `jest-iam` to the sources for the type checker.
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(__dirname, '..', 'tsconfig.json') }],
  },
  // Statement coverage of every example policy (a file no test loads counts, all uncovered), a
  // threshold the examples must keep, and the HTML access-matrix report. A user's config names
  // the reporter 'jest-iam/reporter'; here it is the built file.
  reporters: [
    'default',
    [
      path.join(__dirname, '..', 'dist', 'src', 'reporter', 'index.js'),
      { coverageThreshold: 70, policies: ['*/policies/*.json'], html: '.reports/iam-report.html' },
    ],
  ],
};
