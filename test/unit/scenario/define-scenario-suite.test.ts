import * as path from 'node:path';
import { defineScenarioSuite, invalidScenarioTestName, ScenarioFailure, type SuiteGlobals } from '../../../src/scenario';
import { fixture, issueLines, removeTempDirs, shown, tempScenarioDir } from './scenario-fixtures';

afterAll(removeTempDirs);

interface DefinedTest {
  path: string[];
  body: () => void;
}

/** Fake `describe`/`test` that record the tree instead of registering with Jest. */
function record(file: string): DefinedTest[] {
  const tests: DefinedTest[] = [];
  const stack: string[] = [];
  const globals: SuiteGlobals = {
    describe: (name, body) => {
      stack.push(name);
      body();
      stack.pop();
    },
    test: (name, body) => {
      tests.push({ path: [...stack, name], body });
    },
  };
  defineScenarioSuite(file, globals);
  return tests;
}

/** The error a recorded test throws, or undefined when it passes. */
function run(t: DefinedTest): unknown {
  try {
    t.body();
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('defineScenarioSuite', () => {
  test('one test per cell inside describe(scenario name) > describe(principal name)', () => {
    const tests = record(fixture('valid.iam.yaml'));
    expect(tests).toHaveLength(19);
    expect(new Set(tests.map((t) => t.path.length))).toEqual(new Set([3]));
    expect(new Set(tests.map((t) => t.path[0]))).toEqual(new Set(['Fixture MyProject matrix']));
    expect([...new Set(tests.map((t) => t.path[1]))]).toEqual(['model-manager', 'inference-client', 'mfa-manager', 'image-reader']);
    expect(tests[0].path.join(' ')).toBe(
      'Fixture MyProject matrix model-manager allow rekognition:StartProjectVersion on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1690000000001',
    );
  });

  test('the full names let --testNamePattern "<principal> <expectation> <action>" pick cells', () => {
    const names = record(fixture('valid.iam.yaml')).map((t) => t.path.join(' '));
    const picked = names.filter((n) => /model-manager allow rekognition:DetectCustomLabels/.test(n));
    expect(picked).toEqual([
      'Fixture MyProject matrix model-manager allow rekognition:DetectCustomLabels on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1690000000001',
    ]);
  });

  test('tests of a correct matrix pass', () => {
    const failures = record(fixture('valid.iam.yaml'))
      .map(run)
      .filter((e) => e !== undefined);
    expect(failures).toEqual([]);
  });

  test('tests of wrong expectations fail with ScenarioFailure', () => {
    const errors = record(fixture('wrong-expectations.iam.yaml')).map(run);
    expect(errors).toHaveLength(3);
    for (const e of errors) {
      expect(e).toBeInstanceOf(ScenarioFailure);
      expect((e as Error).message).toMatch(
        /^Expected (allow|implicitDeny|explicitDeny), got (allow|implicitDeny) \(.*wrong-expectations\.iam\.yaml:\d+:\d+, principals\./,
      );
    }
  });

  test('an invalid file defines one failing test, "scenario file <file> is valid", listing every issue', () => {
    const file = fixture('invalid', 'requests.iam.yaml');
    const tests = record(file);
    expect(tests.map((t) => t.path)).toEqual([[`scenario file ${shown(file)} is valid`]]);
    expect(invalidScenarioTestName(file)).toBe(`scenario file ${shown(file)} is valid`);
    const error = run(tests[0]) as Error;
    expect(error).toBeInstanceOf(ScenarioFailure);
    for (const line of issueLines(file)) expect(error.message).toContain(line);
    expect(error.stack).toBe(error.message);
  });

  test('a file with a YAML syntax error does not throw while tests are defined', () => {
    const dir = tempScenarioDir({ 'x.iam.yaml': 'principals: [\n' });
    const tests = record(path.join(dir, 'x.iam.yaml'));
    expect(tests).toHaveLength(1);
    expect((run(tests[0]) as Error).message).toMatch(/x\.iam\.yaml:\d+:\d+: error: /);
  });

  test('outside Jest (no describe/test globals) it says how to use it', () => {
    const g = globalThis as Record<string, unknown>;
    const saved = { describe: g.describe, test: g.test };
    g.describe = undefined;
    let message = '';
    try {
      defineScenarioSuite(fixture('valid.iam.yaml'));
    } catch (e) {
      message = (e as Error).message;
    } finally {
      g.describe = saved.describe;
    }
    expect(message).toMatch(/call it from a Jest test file/);
  });
});
