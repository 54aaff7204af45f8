import * as path from 'node:path';
import { shortTestName } from './expand-cells';
import type { prepareScenarioLive as PrepareScenarioLive } from '../live/scenario-cross-check';
import { checkCell, ScenarioFailure } from './cell-failure';
import { expandCells } from './expand-cells';
import { loadScenario } from './load-scenario';
import { expandNeverCells } from './never-cells';
import { checkNeverCell } from './never-check';
import type { NeverCell, Scenario, ScenarioCell } from './scenario-model';
import { displayPath } from './scenario-source';

/**
 * The Jest globals a suite is defined with. Declared here rather than taken from @types/jest,
 * so the built package does not depend on Jest's type declarations.
 */
export interface SuiteGlobals {
  describe: (name: string, body: () => void) => void;
  test: (name: string, body: () => void) => void;
  beforeAll?: (fn: () => Promise<void>, timeout?: number) => void;
  afterAll?: (fn: () => void) => void;
}

/** Jest's `describe` and `test`, from the test file's global scope. */
function jestGlobals(): SuiteGlobals {
  const g = globalThis as unknown as Partial<SuiteGlobals>;
  if (typeof g.describe !== 'function' || typeof g.test !== 'function') {
    throw new Error('defineScenarioSuite() defines Jest tests: call it from a Jest test file (or the *.iam.yaml transform of the jest-iam preset)');
  }
  return {
    describe: g.describe,
    test: g.test,
    ...(typeof g.beforeAll === 'function' ? { beforeAll: g.beforeAll } : {}),
    ...(typeof g.afterAll === 'function' ? { afterAll: g.afterAll } : {}),
  };
}

/** The name of the single failing test that stands for an invalid scenario file. */
export function invalidScenarioTestName(file: string): string {
  return `scenario file ${displayPath(path.resolve(file))} is valid`;
}

/**
 * Defines one Jest test per cell of a scenario file (`*.iam.yaml`), inside
 * `describe(<scenario name>)` > `describe(<principal name>)`. A cell's test evaluates its request
 * and fails with the expectation, the cell's `file:line:col` and the decision's explanation.
 * Each `never` entry (action pattern x resource pattern) is one test decided by proof: it fails
 * with a counterexample request, or with the reason when the proof is UNKNOWN.
 * An invalid scenario file defines one failing test, `scenario file <file> is valid`, listing
 * every problem, instead of stopping the whole run.
 *
 * @example
 * // rekognition.test.ts (the jest-iam preset does this for every *.iam.yaml)
 * defineScenarioSuite(`${__dirname}/rekognition.iam.yaml`);
 */
export function defineScenarioSuite(file: string, globals: SuiteGlobals = jestGlobals()): void {
  let scenario: Scenario;
  let cells: ScenarioCell[];
  let never: NeverCell[];
  try {
    scenario = loadScenario(file);
    cells = expandCells(scenario);
    never = expandNeverCells(scenario);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    globals.test(invalidScenarioTestName(file), () => {
      throw new ScenarioFailure(message);
    });
    return;
  }
  // Live mode (cross-check with IAM, `source: live` principals): one batch per file in beforeAll.
  // The live layer (and the AWS SDK behind it) is required when a scenario suite is defined, not by `require('jest-iam')`.
  const { prepareScenarioLive } = require('../live/scenario-cross-check') as { prepareScenarioLive: typeof PrepareScenarioLive };
  const live = prepareScenarioLive({
    ...(scenario.crossCheck !== undefined ? { crossCheck: scenario.crossCheck } : {}),
    cells: cells.map((c) => ({ set: c.policySet, request: c.request, label: `${c.principal}: ${c.testName}` })),
    live: scenario.principals.filter((p) => p.source === 'live').map((p) => ({ arn: p.arn!, set: p.policySet })),
    ...(scenario.liveBuckets ? { liveBuckets: scenario.liveBuckets } : {}),
  });
  const indexOf = new Map(cells.map((c, i) => [c, i]));
  const byPrincipal = new Map<string, ScenarioCell[]>();
  for (const cell of cells) {
    const list = byPrincipal.get(cell.principal);
    if (list) list.push(cell);
    else byPrincipal.set(cell.principal, [cell]);
  }
  globals.describe(shortTestName(scenario.name), () => {
    if (live) globals.beforeAll?.(live.setup, live.timeoutMs);
    // The file's summary line; a cross-check that compared no cell fails the file.
    if (live) globals.afterAll?.(() => live.finish());
    for (const principal of scenario.principals) {
      globals.describe(shortTestName(principal.name), () => {
        for (const cell of byPrincipal.get(principal.name) ?? []) {
          globals.test(cell.testName, () => {
            checkCell(cell);
            live?.assertCell(indexOf.get(cell)!);
          });
        }
        // `never` entries: one proof each, after the cells (a live set is loaded by then).
        for (const cell of never.filter((c) => c.principal === principal.name)) {
          globals.test(cell.testName, () => {
            checkNeverCell(cell);
          });
        }
      });
    }
  });
}
