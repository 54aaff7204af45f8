/**
 * The jest-iam matchers. `import 'jest-iam/matchers'` (or the preset) registers them with Jest's
 * `expect`; the named exports serve other runners (`expect.extend(iamMatchers)`).
 */
import { toAllow } from './toAllow';
import { toDeny } from './toDeny';
import { toExplicitlyDeny } from './toExplicitlyDeny';
import { toImplicitlyDeny } from './toImplicitlyDeny';
import type { IamMatcherOptions } from './matcher-options';
import { toMatchAccessSnapshot, type AccessSnapshotOptions } from './toMatchAccessSnapshot';
import { toNeverAllow, type NeverAllowMatcherOptions } from './toNeverAllow';
import { toBeEquivalentTo, toBeWithin, toGrantNoNewAccessOver, type BoundarySpec, type ProofMatcherOptions } from './proof-matchers';
import { toNeverAllowPublicAccess, type PublicAccessMatcherOptions } from './toNeverAllowPublicAccess';
import type { ReceivedPolicies } from './kit/received-policies';
import type { AccessScope } from '../src/analysis/access-scope';
import { registerCrossCheckHooks } from '../src/live/cross-check-hook';

export {
  toAllow,
  toDeny,
  toExplicitlyDeny,
  toImplicitlyDeny,
  toMatchAccessSnapshot,
  toNeverAllow,
  toNeverAllowPublicAccess,
  toGrantNoNewAccessOver,
  toBeEquivalentTo,
  toBeWithin,
};
export type { BoundarySpec, ProofMatcherOptions };
export type { NeverAllowMatcherOptions, AccessScope, AccessSnapshotOptions, PublicAccessMatcherOptions };
export type { IamMatcherOptions };
export type { IamMatcherContext } from './matcher-context';
export type { ReceivedPolicies } from './kit/received-policies';

/** Every jest-iam matcher, ready for `expect.extend`. */
export const iamMatchers = {
  toAllow,
  toDeny,
  toExplicitlyDeny,
  toImplicitlyDeny,
  toMatchAccessSnapshot,
  toNeverAllow,
  toNeverAllowPublicAccess,
  toGrantNoNewAccessOver,
  toBeEquivalentTo,
  toBeWithin,
};

/** The matcher signatures, shared by the Jest and Vitest type augmentations. */
export interface IamMatchers<R = unknown> {
  /** The request (every action x resource cell) is allowed. */
  toAllow(action: string | readonly string[], resource?: string | readonly string[], options?: IamMatcherOptions): R;
  /** The request is denied, explicitly or implicitly. */
  toDeny(action: string | readonly string[], resource?: string | readonly string[], options?: IamMatcherOptions): R;
  /** The request is denied by an explicit Deny statement. */
  toExplicitlyDeny(action: string | readonly string[], resource?: string | readonly string[], options?: IamMatcherOptions): R;
  /** The request is denied only because nothing allows it. */
  toImplicitlyDeny(action: string | readonly string[], resource?: string | readonly string[], options?: IamMatcherOptions): R;
  /** The effective access over `scope` matches the stored Jest snapshot; a change reads "now allowed / no longer allowed". */
  toMatchAccessSnapshot(scope: AccessScope, hint?: string | AccessSnapshotOptions): R;
  /** No catalogue action matching the pattern is allowed on any resource matching resourcePattern, under any context. */
  toNeverAllow(actionPattern: string, resourcePattern?: string, options?: NeverAllowMatcherOptions): R;
  /** No caller outside `resourceAccount` (anonymous, or another account) is ever allowed, with Block Public Access and RCPs taking part. */
  toNeverAllowPublicAccess(options: PublicAccessMatcherOptions): R;
  /** Proved: every request the received policies allow, the baseline allows too (Access Analyzer's CheckNoNewAccess, composed). */
  toGrantNoNewAccessOver(baseline: ReceivedPolicies, options?: ProofMatcherOptions): R;
  /** Proved: both allow exactly the same requests. */
  toBeEquivalentTo(other: ReceivedPolicies, options?: ProofMatcherOptions): R;
  /** Proved: every request allowed lies within the boundary (a policy set, or `{ actions, resources }`). */
  toBeWithin(boundary: BoundarySpec | ReceivedPolicies, options?: ProofMatcherOptions): R;
}

declare module 'expect' {
  // Jest 30's `expect` and `@jest/globals`.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends IamMatchers<R> {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // The global `expect` typed by @types/jest.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> extends IamMatchers<R> {}
  }
}

// Register with Jest's global expect when there is one (the preset's setupFilesAfterEnv, or an import).
const g = globalThis as { expect?: { extend?: (m: object) => void } };
if (typeof g.expect?.extend === 'function') g.expect.extend(iamMatchers);

// With cross-checking on, each test's decisions are also asked of IAM in an afterEach hook.
registerCrossCheckHooks();
