/**
 * A real principal, loaded from the account with read-only calls and cross-checked with
 * SimulatePrincipalPolicy (`JEST_IAM_LIVE_PRINCIPAL=<user or role ARN> npm run test:live`;
 * `JEST_IAM_LIVE_ACTIONS` lists the actions to check, comma-separated, on resource "*").
 */
import { crossCheck } from '../../src/live/cross-check';
import { createIamClient } from '../../src/live/iam-client';
import { loadLivePrincipal } from '../../src/live/load-principal';
import { livePrincipalOf } from '../../src/live/live-principal-registry';

const arn = process.env.JEST_IAM_LIVE_PRINCIPAL ?? '';
const actions = (process.env.JEST_IAM_LIVE_ACTIONS ?? 'iam:GetUser,iam:ListRoles,s3:ListAllMyBuckets,ec2:DescribeInstances')
  .split(',')
  .map((a) => a.trim())
  .filter(Boolean);

describe(`IAM API Reference, SimulatePrincipalPolicy: ${arn} loaded from the account`, () => {
  const client = createIamClient();
  afterAll(() => client.destroy());

  test('its inline, managed and group policies and boundary load, and IAM agrees on every comparable action', async () => {
    const set = await loadLivePrincipal(arn, { client });
    expect(livePrincipalOf(set)?.arn).toBeTruthy();
    const report = await crossCheck(
      actions.map((action) => ({ set, request: { action } })),
      { client, cache: false },
    );
    if (report.skipped.length) console.warn(report.skipped.map((o) => o.message).join('\n'));
    expect(report.divergences.map((o) => o.message)).toEqual([]);
  });
});
