// `import 'jest-iam/vitest'` as Vitest loads it (the package's `import` condition): an ES module,
// because Vitest 3 and 4 throw when `require`d ("Vitest cannot be imported in a CommonJS module
// using require()"). The matchers themselves are the CommonJS build, imported as Node's default
// export of a CommonJS module. Types: vitest.d.mts.
import { expect } from 'vitest';
import matchers from '../dist/matchers/index.js';

export const iamMatchers = matchers.iamMatchers;

expect.extend(iamMatchers);
