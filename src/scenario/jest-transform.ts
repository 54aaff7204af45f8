/**
 * Jest code transformer for scenario files (`*.iam.yaml`): the "module" Jest runs for a scenario
 * file is one line that hands the file to `defineScenarioSuite`, which reads, validates and
 * expands it at run time and defines one test per cell.
 *
 * Written with `export =` so that `require()` of the built file returns the transformer object
 * itself: Jest loads transformers with an ES-module interop that would otherwise look for a
 * `default` export and find none.
 */

import { createHash } from 'node:crypto';
import * as path from 'node:path';

/** The parts of Jest's transformer options this transformer reads. */
interface TransformOptionsLike {
  configString?: string;
}

/** The module that defines the suite: `.js` next to the built transformer; the `.ts` source under ts-jest. */
function defineSuiteModule(): string {
  return siblingModule('define-scenario-suite');
}

/** A module beside this one, as the generated code requires it. */
function siblingModule(name: string): string {
  const base = path.join(__dirname, name);
  try {
    return require.resolve(base);
  } catch {
    // Running from the TypeScript sources: Jest's own resolver finds the `.ts` file.
    return base;
  }
}

/** The transformer's own identity, so a new jest-iam version invalidates cached output. */
function ownVersion(): string {
  try {
    return String((require(path.join(__dirname, '..', '..', 'package.json')) as { version?: string }).version ?? '');
  } catch {
    try {
      return String((require(path.join(__dirname, '..', '..', '..', 'package.json')) as { version?: string }).version ?? '');
    } catch {
      return '';
    }
  }
}

/**
 * Version of what the generated module carries (preparsed-source.ts, compact-source-tree.ts),
 * part of the cache key: output cached in another form is never read back as this one.
 */
const PREPARSED_FORMAT = 'compact-tree-1';

/**
 * The scenario's source tree as JSON, read now so that Jest caches it with the module
 * (preparsed-source.ts): a warm run skips parsing the YAML. `undefined` for a file the run-time
 * reader would refuse before parsing, or whose tree JSON cannot carry exactly.
 */
function preparsedTree(text: string, sourcePath: string): string | undefined {
  const { MAX_SCENARIO_BYTES, displayPath } = require('./scenario-source') as typeof import('./scenario-source');
  const { readSourceTree } = require('../policy/source-tree') as typeof import('../policy/source-tree');
  const { LineIndex } = require('../diagnostics/source-position') as typeof import('../diagnostics/source-position');
  const { serializeParsedSource } = require('./preparsed-source') as typeof import('./preparsed-source');
  if (Buffer.byteLength(text, 'utf8') > MAX_SCENARIO_BYTES || text.replace(/^\uFEFF/, '').trim() === '') return undefined;
  const displayFile = displayPath(sourcePath);
  const lines = new LineIndex(text, displayFile);
  const tree = readSourceTree(text, { format: 'yaml', file: displayFile, locate: lines });
  return serializeParsedSource(text, displayFile, tree, lines);
}

const transformer = {
  /** `require(<define-scenario-suite>).defineScenarioSuite(<scenario path>)` */
  process(sourceText: string, sourcePath: string): { code: string } {
    const file = JSON.stringify(sourcePath);
    const define = `require(${JSON.stringify(defineSuiteModule())}).defineScenarioSuite(${file});\n`;
    const tree = preparsedTree(sourceText, sourcePath);
    if (tree === undefined) return { code: define };
    const remember = `require(${JSON.stringify(siblingModule('preparsed-source'))}).rememberParsedSource(${file}, JSON.parse(${JSON.stringify(tree)}));\n`;
    return { code: remember + define };
  },

  /**
   * The cache key covers the scenario's text, its path, the Jest config and this package's
   * version and location and the form of the embedded tree. The generated code only names the file: the scenario, its included
   * files and the policies it references are all read when the test runs, so their content
   * never ends up in the cached output and need not be part of the key. (The file's own text is
   * included anyway, so a changed scenario is never served stale output.)
   */
  getCacheKey(sourceText: string, sourcePath: string, options?: TransformOptionsLike): string {
    return createHash('sha256')
      .update(sourceText)
      .update('\0')
      .update(sourcePath)
      .update('\0')
      .update(options?.configString ?? '')
      .update('\0')
      .update(defineSuiteModule())
      .update('\0')
      .update(ownVersion())
      .update('\0')
      .update(PREPARSED_FORMAT)
      .digest('hex');
  },
};

export = transformer;
