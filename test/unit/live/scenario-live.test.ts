import type { PolicySet } from '../../../src/policy/policy-set';
import { evaluate } from '../../../src/engine/evaluate';
import { takeRecordedCells } from '../../../src/live/cross-check-hook';
import { configureCrossCheck, resetCrossCheckSetup } from '../../../src/live/cross-check-session';
import { livePrincipalOf } from '../../../src/live/live-principal-registry';
import { prepareScenarioLive } from '../../../src/live/scenario-cross-check';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { ACCOUNT, fixtureAccount, model, model2, sampleProject } from './live-helpers';

const aliceArn = `arn:aws:iam::${ACCOUNT}:user/eng/alice`;
const saved = process.env.JEST_IAM_CROSS_CHECK;
let server: IamQueryServer;
beforeEach(async () => {
  delete process.env.JEST_IAM_CROSS_CHECK;
  takeRecordedCells();
  server = await startIamQueryServer({ account: fixtureAccount(), override: (c) => (c.resource === model2 ? 'allowed' : undefined) });
  configureCrossCheck({ clientOptions: server.clientOptions, cache: false });
});
afterEach(async () => {
  if (saved === undefined) delete process.env.JEST_IAM_CROSS_CHECK;
  else process.env.JEST_IAM_CROSS_CHECK = saved;
  resetCrossCheckSetup();
  await server.close();
});

describe('A scenario file with `crossCheck: true` and a `source: live` principal (IAM API Reference, SimulatePrincipalPolicy)', () => {
  test('nothing to do (no cross-check, no live principal): no hook at all', () => {
    expect(prepareScenarioLive({ cells: [] })).toBeUndefined();
    expect(prepareScenarioLive({ crossCheck: false, cells: [] })).toBeUndefined();
  });

  test("setup loads the live principal into the cells' set, then cross-checks every cell in one batch", async () => {
    const placeholder: PolicySet = { identity: [] };
    const requests = [
      { action: 'rekognition:DetectCustomLabels', resource: model },
      { action: 'rekognition:DetectCustomLabels', resource: model2 },
      { action: 'rekognition:CreateProject', resource: sampleProject },
    ];
    const live = prepareScenarioLive({
      crossCheck: true,
      cells: requests.map((request, i) => ({ set: placeholder, request, label: `alice cell ${i + 1}` })),
      live: [{ arn: aliceArn, set: placeholder }],
    });
    expect(live).toBeDefined();
    await live!.setup();
    expect(livePrincipalOf(placeholder)?.arn).toBe(aliceArn);
    expect(evaluate(placeholder, requests[0]).result).toBe('Allow');
    expect(server.count('SimulatePrincipalPolicy')).toBe(1);
    expect(() => live!.assertCell(0)).not.toThrow();
    expect(() => live!.assertCell(1)).toThrow(/disagrees with jest-iam on alice cell 2/);
    expect(() => live!.assertCell(2)).not.toThrow();
  });

  test('a live principal without the cross-check is loaded, and no simulation is made', async () => {
    process.env.JEST_IAM_CROSS_CHECK = '0';
    const placeholder: PolicySet = { identity: [] };
    const live = prepareScenarioLive({
      crossCheck: true,
      cells: [{ set: placeholder, request: { action: 'rekognition:CreateProject', resource: sampleProject } }],
      live: [{ arn: aliceArn, set: placeholder }],
    });
    await live!.setup();
    expect(placeholder.identity.length).toBeGreaterThan(0);
    expect(server.count('SimulatePrincipalPolicy', 'SimulateCustomPolicy')).toBe(0);
    expect(() => live!.assertCell(0)).not.toThrow();
  });
});
