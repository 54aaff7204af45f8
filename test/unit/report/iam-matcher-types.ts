/**
 * Types of the two matchers this area adds, for its own tests, until matchers/index.ts declares
 * them with the others (same signatures, so the declarations merge).
 */
import type { AccessScope } from '../../../src/report/access-scope';
import type { NeverAllowMatcherOptions } from '../../../matchers/toNeverAllow';

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> {
    toMatchAccessSnapshot(scope: AccessScope, hint?: string): R;
    toNeverAllow(actionPattern: string, resourcePattern?: string, options?: NeverAllowMatcherOptions): R;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> {
      toMatchAccessSnapshot(scope: AccessScope, hint?: string): R;
      toNeverAllow(actionPattern: string, resourcePattern?: string, options?: NeverAllowMatcherOptions): R;
    }
  }
}
