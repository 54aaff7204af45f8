import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixture } from './scenario-fixtures';
import { LineIndex } from '../../../src/diagnostics/source-position';
import { readSourceTree } from '../../../src/policy/source-tree';
import { rememberParsedSource, takeParsedSource, type PreparsedSource } from '../../../src/scenario/preparsed-source';
import { displayPath } from '../../../src/scenario/scenario-source';

// Loaded the way Jest loads a transformer: plain require, no default-export interop.
const transformer = require('../../../src/scenario/jest-transform') as {
  process: (text: string, file: string, options?: object) => { code: string };
  getCacheKey: (text: string, file: string, options?: { configString?: string }) => string;
};

const SUITE_MODULE = path.join(__dirname, '..', '..', '..', 'src', 'scenario', 'define-scenario-suite');

describe('jest-transform', () => {
  test('require() of the module is the transformer object itself (process and getCacheKey)', () => {
    expect(typeof transformer.process).toBe('function');
    expect(typeof transformer.getCacheKey).toBe('function');
    expect((transformer as unknown as { default?: unknown }).default).toBeUndefined();
  });

  test('the generated code hands the scenario path to defineScenarioSuite', () => {
    const file = fixture('valid.iam.yaml');
    const { code } = transformer.process('', file);
    const required: string[] = [];
    const defined: string[] = [];
    const fakeRequire = (id: string) => {
      required.push(id);
      return { defineScenarioSuite: (f: string) => defined.push(f) };
    };
    new Function('require', code)(fakeRequire);
    expect(required).toHaveLength(1);
    expect(required[0].replace(/\.(ts|js)$/, '')).toBe(SUITE_MODULE);
    expect(defined).toEqual([file]);
  });

  test('the generated code carries the YAML source tree, which the suite reads instead of parsing the file again', () => {
    const file = fixture('valid.iam.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const { code } = transformer.process(text, file);
    const remembered: { file: string; source: PreparsedSource }[] = [];
    const defined: string[] = [];
    new Function('require', code)((id: string) =>
      id.replace(/\.(ts|js)$/, '').endsWith('preparsed-source')
        ? { rememberParsedSource: (f: string, source: PreparsedSource) => remembered.push({ file: f, source }) }
        : { defineScenarioSuite: (f: string) => defined.push(f) },
    );
    expect(defined).toEqual([file]);
    expect(remembered).toHaveLength(1);
    const displayFile = displayPath(file);
    const fresh = readSourceTree(text, { format: 'yaml', file: displayFile });
    const lines = new LineIndex(text, displayFile);
    // Read back for this text only, once; a changed file or another display path is parsed again.
    rememberParsedSource(file, remembered[0].source);
    expect(takeParsedSource(file, `${text}\n`, displayFile, lines)).toBeUndefined();
    rememberParsedSource(file, remembered[0].source);
    expect(takeParsedSource(file, text, 'elsewhere.iam.yaml', lines)).toBeUndefined();
    rememberParsedSource(file, remembered[0].source);
    const taken = takeParsedSource(file, text, displayFile, lines);
    expect(taken?.root).toEqual(fresh.root);
    expect(taken?.issues).toEqual(fresh.issues);
    expect(takeParsedSource(file, text, displayFile, lines)).toBeUndefined();
  });

  test('the embedded tree is compact: offsets, not position objects', () => {
    const file = fixture('valid.iam.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const { code } = transformer.process(text, file);
    // The JSON is embedded as a quoted string: keys read \"key\" there.
    expect(code).toContain('\\"textHash\\"');
    for (const key of ['line', 'column', 'offset', 'keyPos']) expect(code).not.toContain(`\\"${key}\\"`);
    expect(code.length).toBeLessThan(text.length * 4);
  });

  test('numbers read back exactly (.inf, .nan, big integers); a tree the compact form cannot carry (-0) is left to the run time', () => {
    expect(transformer.process('name: x\nn: -0.0\n', '/tmp/x.iam.yaml').code).not.toContain('rememberParsedSource');
    for (const value of ['.inf', '-.inf', '.nan', '1.5', '12345678901234567890', '012']) {
      const text = `name: x\nn: ${value}\n`;
      const { code } = transformer.process(text, '/tmp/x.iam.yaml');
      const remembered: PreparsedSource[] = [];
      new Function('require', code)((id: string) =>
        id.replace(/\.(ts|js)$/, '').endsWith('preparsed-source')
          ? { rememberParsedSource: (_f: string, source: PreparsedSource) => remembered.push(source) }
          : { defineScenarioSuite: () => undefined },
      );
      expect(remembered).toHaveLength(1);
      const displayFile = displayPath('/tmp/x.iam.yaml');
      rememberParsedSource('/tmp/x.iam.yaml', remembered[0]);
      const taken = takeParsedSource('/tmp/x.iam.yaml', text, displayFile, new LineIndex(text, displayFile));
      expect(taken?.root).toEqual(readSourceTree(text, { format: 'yaml', file: displayFile }).root);
    }
  });

  test('paths with quotes and backslashes are embedded safely', () => {
    const odd = '/tmp/a "b" \\c\n.iam.yaml';
    const defined: string[] = [];
    new Function('require', transformer.process('', odd).code)(() => ({ defineScenarioSuite: (f: string) => defined.push(f) }));
    expect(defined).toEqual([odd]);
  });

  test('the cache key changes with the file content, the path and the Jest config', () => {
    const base = transformer.getCacheKey('a: 1', '/x.iam.yaml', { configString: '{}' });
    expect(transformer.getCacheKey('a: 1', '/x.iam.yaml', { configString: '{}' })).toBe(base);
    expect(transformer.getCacheKey('a: 2', '/x.iam.yaml', { configString: '{}' })).not.toBe(base);
    expect(transformer.getCacheKey('a: 1', '/y.iam.yaml', { configString: '{}' })).not.toBe(base);
    expect(transformer.getCacheKey('a: 1', '/x.iam.yaml', { configString: '{"x":1}' })).not.toBe(base);
  });
});

// The generated code run for real inside this Jest file: it defines the fixture's tests with
// Jest's own describe/test, and they must pass.
new Function('require', transformer.process('', fixture('valid.iam.yaml')).code)(require);

// A scenario with `never:` entries, through the transform for real: its proofs are Jest tests
// that pass (the UNKNOWN entry is marked `ifUnknown: warn`, whose warning is captured here).
describe('never entries through the transform', () => {
  const warnings: string[] = [];
  let spy: jest.SpyInstance | undefined;
  beforeAll(() => {
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((m: unknown) => {
      warnings.push(String(m));
      return true;
    });
  });
  afterAll(() => spy?.mockRestore());
  new Function('require', transformer.process('', fixture('never.iam.yaml')).code)(require);
  // Defined after the generated tests, so it runs after them.
  test('the UNKNOWN entry marked ifUnknown: warn warned once', () => {
    expect(warnings.filter((w) => w.includes('UNKNOWN'))).toHaveLength(1);
  });
});
