/**
 * `import 'jest-iam/vitest'` in a Vitest setup file (or test) registers the jest-iam matchers
 * with Vitest's `expect` and adds their types to Vitest's assertions.
 *
 * This is the CommonJS build of the entry (the package's `require` condition). Vitest loads
 * `import 'jest-iam/vitest'` through the `import` condition, `esm/vitest.mjs`, because Vitest 3
 * and 4 refuse to be `require`d; both do the same.
 */
import { expect } from 'vitest';
import { iamMatchers, type IamMatchers } from './index';

expect.extend(iamMatchers);

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends IamMatchers<void> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends IamMatchers<void> {}
}

export { iamMatchers };
