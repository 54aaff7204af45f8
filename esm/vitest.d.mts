// Types of `jest-iam/vitest` for ES module resolution (esm/vitest.mjs): the matchers on Vitest's
// `expect`, and `iamMatchers` for `expect.extend`.
import type { IamMatchers } from '../dist/matchers/index.js';

export { iamMatchers } from '../dist/matchers/index.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends IamMatchers<void> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends IamMatchers<void> {}
}
