/**
 * Jest config for the opt-in checks against a real AWS account: `npm run test:live`.
 * They need credentials from the AWS SDK's usual settings (AWS_PROFILE, or AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, or a web identity token) and permission for iam:SimulateCustomPolicy
 * (plus iam:SimulatePrincipalPolicy and read calls for JEST_IAM_LIVE_PRINCIPAL). The files are
 * named `*.live.ts`, which the default `jest.config.js` (`**\/*.test.ts`) never collects.
 */
const env = process.env;
const hasCredentials = Boolean(env.AWS_PROFILE || (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) || env.AWS_WEB_IDENTITY_TOKEN_FILE);
if (!hasCredentials) {
  console.error(
    'npm run test:live checks against a real AWS account and needs credentials: set AWS_PROFILE (after `aws sso login` for SSO), ' +
      'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. `npm test` stays offline and needs none.',
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
  // Real IAM calls, with backoff on throttling.
  testTimeout: 300000,
};
