import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { MatcherContext } from 'expect';
import { SnapshotState } from 'jest-snapshot';
import { policySet } from '../../../../src/engine/build-policy-set';
import { toMatchAccessSnapshot } from '../../../../matchers/toMatchAccessSnapshot';
import { failureMessage } from './failure-message';
import '../../../../matchers';

const lake = (...Action: string[]) =>
  policySet({
    identity: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Lake',
          Effect: 'Allow',
          Action,
          Resource: 'arn:aws:s3:::lake/*',
        },
      ],
    },
  });
const scope = {
  actions: ['s3:GetObject', 's3:PutObject'],
  resources: ['arn:aws:s3:::lake/report.csv'],
};

/** A matcher context over a snapshot file of the test's own, as Jest builds one for a test. */
function context(file: string, update: 'new' | 'none'): { ctx: MatcherContext; state: SnapshotState } {
  const state = new SnapshotState(file, {
    updateSnapshot: update,
    rootDir: path.dirname(file),
    snapshotFormat: { escapeString: false, printBasicPrototype: false },
  });
  const ctx = {
    ...expect.getState(),
    snapshotState: state,
    currentTestName: 'lake access',
    currentConcurrentTestName: undefined,
    currentTestIdentity: undefined,
    isNot: false,
    promise: '',
    utils: jest.requireActual('jest-matcher-utils'),
    equals: () => true,
  } as unknown as MatcherContext;
  return { ctx, state };
}

// Each cell is decided as reference_policies_evaluation-logic.md says; the snapshot is Jest's own.
describe('toMatchAccessSnapshot messages', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-snap-msg-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('fails on changed access with "now allowed / no longer allowed" before Jest\'s diff', () => {
    const file = path.join(dir, 'lake.snap');
    const first = context(file, 'new');
    expect(toMatchAccessSnapshot.call(first.ctx, lake('s3:GetObject'), scope).pass).toBe(true);
    first.state.save();
    const result = toMatchAccessSnapshot.call(context(file, 'none').ctx, lake('s3:PutObject'), scope);
    expect(result.pass).toBe(false);
    expect(stripVTControlCharacters(result.message())).toMatchInlineSnapshot(`
     "Access changed.
     now allowed (1):
       s3:PutObject on arn:aws:s3:::lake/report.csv
     no longer allowed (1):
       s3:GetObject on arn:aws:s3:::lake/report.csv

     expect(received).toMatchSnapshot(hint)

     Snapshot name: \`lake access: access 1\`

     - Snapshot  - 1
     + Received  + 1

       jest-iam access snapshot
       scope: actions s3:GetObject, s3:PutObject; resources arn:aws:s3:::lake/report.csv
       implicit denies are counted, not listed: a new action in the AWS service reference changes a count, not the allowed or explicitly denied requests listed here

       [s3] allow
     -   s3:GetObject on arn:aws:s3:::lake/report.csv
     +   s3:PutObject on arn:aws:s3:::lake/report.csv
       [s3] implicit deny: 1 request"
    `);
  });
  test("a stored text that differs with the same access (a count) says so before Jest's diff", () => {
    const file = path.join(dir, 'lake.snap');
    const first = context(file, 'new');
    toMatchAccessSnapshot.call(first.ctx, lake('s3:GetObject'), scope);
    first.state.save();
    // As if the service reference had gained an action: the count of implicit denies differs.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('implicit deny: 1 request', 'implicit deny: 2 requests'));
    const result = toMatchAccessSnapshot.call(context(file, 'none').ctx, lake('s3:GetObject'), scope);
    expect(result.pass).toBe(false);
    expect(stripVTControlCharacters(result.message())).toMatchInlineSnapshot(`
     "Access snapshot changed: no change in allowed access
     implicitly denied requests: s3 2 -> 1 (the requests tried changed: the AWS service reference gained or lost actions, or Resource patterns changed)

     expect(received).toMatchSnapshot(hint)

     Snapshot name: \`lake access: access 1\`

     - Snapshot  - 1
     + Received  + 1

     @@ -2,6 +2,6 @@
       scope: actions s3:GetObject, s3:PutObject; resources arn:aws:s3:::lake/report.csv
       implicit denies are counted, not listed: a new action in the AWS service reference changes a count, not the allowed or explicitly denied requests listed here

       [s3] allow
         s3:GetObject on arn:aws:s3:::lake/report.csv
     - [s3] implicit deny: 2 requests
     + [s3] implicit deny: 1 request"
    `);
  });
  test('.not is refused', () => {
    expect(failureMessage(() => expect(lake('s3:GetObject')).not.toMatchAccessSnapshot(scope))).toMatchInlineSnapshot(
      `"toMatchAccessSnapshot cannot be used with .not"`,
    );
  });
  test('a misspelt option says which option was meant', () => {
    expect(
      failureMessage(() =>
        expect(lake('s3:GetObject')).toMatchAccessSnapshot(scope, {
          hnt: 'lake',
        } as never),
      ),
    ).toMatchInlineSnapshot(`"toMatchAccessSnapshot: unknown option "hnt"; did you mean "hint"?"`);
  });
  test('a second argument that is neither a name nor options', () => {
    expect(failureMessage(() => expect(lake('s3:GetObject')).toMatchAccessSnapshot(scope, 7 as never))).toMatchInlineSnapshot(
      `"toMatchAccessSnapshot: the second argument is a snapshot name or { hint?, crossCheck? }, not 7"`,
    );
  });
  test('a scope pattern that matches no action', () => {
    expect(
      failureMessage(() =>
        expect(lake('s3:GetObject')).toMatchAccessSnapshot({
          actions: ['s3:NoSuch*'],
        }),
      ),
    ).toMatchInlineSnapshot(`
     "toMatchAccessSnapshot: scope: 1 problem:
       error: actions: "s3:NoSuch*" matches no action in the AWS service reference"
    `);
  });
});
