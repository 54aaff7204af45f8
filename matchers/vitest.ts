/**
 * `import 'jest-iam/vitest'` in a Vitest setup file (or test) registers the jest-iam matchers
 * with Vitest's `expect` and adds their types to Vitest's assertions.
 */
import { expect } from 'vitest';
import { iamMatchers, type IamMatchers } from './index';

expect.extend(iamMatchers as unknown as Parameters<typeof expect.extend>[0]);

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends IamMatchers<void> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends IamMatchers<void> {}
}

export { iamMatchers };
