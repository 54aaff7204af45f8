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
  const base = path.join(__dirname, 'define-scenario-suite');
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

const transformer = {
  /** `require(<define-scenario-suite>).defineScenarioSuite(<scenario path>)` */
  process(_sourceText: string, sourcePath: string): { code: string } {
    const code = `require(${JSON.stringify(defineSuiteModule())}).defineScenarioSuite(${JSON.stringify(sourcePath)});\n`;
    return { code };
  },

  /**
   * The cache key covers the scenario's text, its path, the Jest config and this package's
   * version and location. The generated code only names the file: the scenario, its included
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
      .digest('hex');
  },
};

export = transformer;
