/** Jest config for the project's own tests (unit, conformance, end to end). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // `npm run test:coverage` (part of `npm test`) measures the unit tests over the shipped code.
  // V8's own coverage: no instrumentation pass, so the run stays close to its uncovered time.
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts', 'matchers/**/*.ts', '!**/*.d.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  // A little below what the unit tests reached when it was set (Dec 2026: statements and lines
  // 96.4%, branches 86.2%, functions 93.5%); a drop below fails `npm run test:coverage`.
  coverageThreshold: { global: { statements: 95, branches: 85, functions: 92, lines: 95 } },
};
