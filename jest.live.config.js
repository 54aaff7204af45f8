/**
 * Jest config for the opt-in checks against a real AWS account: `npm run test:live`.
 *
 * They run only when their environment says so: AWS_PROFILE, or AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, or a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE), or
 * JEST_IAM_LIVE=1 to use whatever the AWS SDK's default chain finds (the default profile in
 * ~/.aws, container credentials, an instance role). The global setup then resolves credentials
 * and a region through the SDK and stops with one clear message when none resolve.
 *
 * The identity needs iam:SimulateCustomPolicy (plus iam:SimulatePrincipalPolicy and the read
 * calls for JEST_IAM_LIVE_PRINCIPAL). The files are named `*.live.ts`, which the default
 * `jest.config.js` (`**\/*.test.ts`) never collects.
 */
const env = process.env;
const optedIn = /^(1|true|on|yes)$/i.test((env.JEST_IAM_LIVE ?? '').trim());
const namesCredentials = Boolean(env.AWS_PROFILE || (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) || env.AWS_WEB_IDENTITY_TOKEN_FILE);
if (!optedIn && !namesCredentials) {
  console.error(
    'npm run test:live checks against a real AWS account and runs only when asked: set AWS_PROFILE (after `aws sso login` for SSO), ' +
      'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_WEB_IDENTITY_TOKEN_FILE; or set JEST_IAM_LIVE=1 to use the default profile, ' +
      'container credentials or the instance role. `npm test` stays offline and needs none.',
  );
  process.exit(1);
}

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/live'],
  testMatch: ['**/*.live.ts'],
  // The live-principal check runs only when a principal is named.
  testPathIgnorePatterns: env.JEST_IAM_LIVE_PRINCIPAL ? ['/node_modules/'] : ['/node_modules/', 'live-principal\\.live\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // Credentials resolve once, before any test, through the SDK's chain.
  globalSetup: '<rootDir>/test/live/global-setup.ts',
  // Real IAM calls, with backoff on throttling.
  testTimeout: 300000,
};
