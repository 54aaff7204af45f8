/**
 * `npm run test:live` global setup: resolves AWS credentials and a region through the SDK's
 * default chain once, before any test file, so a missing setup fails with one clear message
 * (from src/live/aws-errors.ts) instead of in every test. Credentials are never printed.
 */
import { checkLiveCredentials } from '../../src/live/live-credentials';

export default async function globalSetup(): Promise<void> {
  await checkLiveCredentials(process.env);
}
