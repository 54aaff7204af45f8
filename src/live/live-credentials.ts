import { toIamLiveError } from './aws-errors';
import { createIamClient, type IamClientOptions } from './iam-client';

/**
 * Checks, before any test runs, that the AWS SDK's default credential chain yields credentials
 * and a region, the way the IAM client will resolve them: environment keys, `AWS_PROFILE` or the
 * default profile of the shared files (SSO and `credential_process` included), web identity,
 * container credentials (ECS, EKS Pod Identity) and the instance role (IMDS). Nothing is
 * printed; credentials are only resolved, never shown.
 *
 * @param env The environment whose `AWS_PROFILE` and `AWS_REGION` are used (the SDK reads the rest itself).
 * @param client Overrides for the client (a credential provider, say); mostly for tests.
 * @throws IamLiveError with the message of `describeAwsError` (e.g. "No AWS credentials found ...").
 */
export async function checkLiveCredentials(env: NodeJS.ProcessEnv = process.env, client: IamClientOptions = {}): Promise<void> {
  const iam = createIamClient({ ...(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}), ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}), ...client });
  try {
    await iam.config.credentials();
    await iam.config.region();
  } catch (e) {
    throw toIamLiveError(e, { operation: 'SimulateCustomPolicy' });
  } finally {
    iam.destroy();
  }
}
