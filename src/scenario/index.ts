/**
 * YAML access-matrix scenarios (`*.iam.yaml`): load and validate a file, expand it into cells,
 * and define one Jest test per cell. The Jest transformer for the preset is
 * `./jest-transform` (not re-exported: Jest loads it by path).
 */
export { loadScenario } from './load-scenario';
export { expandCells, cellTestName } from './expand-cells';
export { defineScenarioSuite, invalidScenarioTestName, type SuiteGlobals } from './define-scenario-suite';
export { checkCell, cellFailureMessage, expectationMet, ScenarioFailure, RESULT_EXPECTATION } from './cell-failure';
export { scenarioSchemaPath } from './scenario-schema';
export { expandNeverCells } from './never-cells';
export { checkNeverCell, type NeverOutcome } from './never-check';
export {
  EXPECTATION_LISTS,
  type Expectation,
  type ExpectationEntry,
  type Scenario,
  type ScenarioCell,
  type ScenarioPrincipal,
  type NeverEntry,
  type NeverCell,
  type IfUnknown,
} from './scenario-model';
