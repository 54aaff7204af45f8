import * as path from 'node:path';
import { evaluate } from '../../../src/engine/evaluate';
import type { DecisionResult } from '../../../src/engine/decision';
import { explainDecision } from '../../../src/explain/explain-decision';
import {
  cellFailureMessage,
  checkCell,
  expandCells,
  expectationMet,
  loadScenario,
  ScenarioFailure,
  type Expectation,
  type ScenarioCell,
} from '../../../src/scenario';
import { fixture, where } from './scenario-fixtures';

// IAM User Guide, reference_policies_evaluation-logic.md: a request is allowed, or denied
// explicitly (a Deny statement applies) or implicitly (nothing allows it).
describe('expectationMet (reference_policies_evaluation-logic.md: explicit and implicit deny)', () => {
  const cases: [Expectation, DecisionResult, boolean][] = [
    ['allow', 'Allow', true],
    ['allow', 'ExplicitDeny', false],
    ['allow', 'ImplicitDeny', false],
    ['deny', 'Allow', false],
    ['deny', 'ExplicitDeny', true],
    ['deny', 'ImplicitDeny', true],
    ['explicitDeny', 'ExplicitDeny', true],
    ['explicitDeny', 'ImplicitDeny', false],
    ['explicitDeny', 'Allow', false],
    ['implicitDeny', 'ImplicitDeny', true],
    ['implicitDeny', 'ExplicitDeny', false],
    ['implicitDeny', 'Allow', false],
  ];
  test.each(cases)('%s is met by %s: %s', (expectation, result, met) => {
    expect(expectationMet(expectation, result)).toBe(met);
  });
});

describe('checkCell and the failure message', () => {
  const file = fixture('wrong-expectations.iam.yaml');
  const cells = expandCells(loadScenario(file));
  const cell = (source: string): ScenarioCell => {
    const c = cells.find((x) => x.source === source);
    if (!c) throw new Error(`no cell ${source}`);
    return c;
  };
  const failureOf = (c: ScenarioCell): ScenarioFailure => {
    try {
      checkCell(c);
    } catch (e) {
      if (e instanceof ScenarioFailure) return e;
      throw e;
    }
    throw new Error('the cell passed');
  };

  test('a met expectation returns the decision and throws nothing', () => {
    for (const c of expandCells(loadScenario(fixture('valid.iam.yaml')))) expect(expectationMet(c.expectation, checkCell(c).result)).toBe(true);
  });

  test('an unmet expectation: "Expected <expectation>, got <result>", the position and entry, then the explanation', () => {
    const c = cell('principals.model-manager.allow[0]');
    const decision = evaluate(c.policySet, c.request);
    const error = failureOf(c);
    expect(error.message).toBe(
      `Expected allow, got implicitDeny (${where(file, 'action: rekognition:DeleteProject')}, principals.model-manager.allow[0])\n\n${explainDecision(decision)}`,
    );
    expect(error.message).toBe(cellFailureMessage(c, decision));
  });

  test('an allowed request expected to be implicitly denied names the deciding statement', () => {
    const error = failureOf(cell('principals.model-manager.implicitDeny[0]'));
    expect(error.message.split('\n')[0]).toMatch(
      /^Expected implicitDeny, got allow \(.*wrong-expectations\.iam\.yaml:\d+:\d+, principals\.model-manager\.implicitDeny\[0\]\)$/,
    );
    expect(error.message).toContain('Deciding: identity-based policy project-model.json, statement AllResources');
  });

  test('a table cell failure points at the cell and names row and column', () => {
    const c = cells.find((x) => x.source.includes('table'));
    if (!c) throw new Error('no table cell');
    const [first] = failureOf(c).message.split('\n');
    expect(first).toBe(
      `Expected explicitDeny, got allow (${where(file, 'explicit }')}, principals.model-manager.table, row rekognition:DetectCustomLabels, column model)`,
    );
  });

  test("the error's stack is its message plus one frame at the scenario cell, so Jest shows no jest-iam frames", () => {
    const error = failureOf(cell('principals.model-manager.allow[0]'));
    expect(error.stack).toBe(`${error.message}\n    at ${path.resolve(where(file, 'action: rekognition:DeleteProject'))}`);
    expect(error.stack).not.toMatch(/\.ts:\d+:\d+\)/);
  });
});
