/**
 * The parts of the runner's matcher context (`this` in a matcher) the jest-iam matchers read.
 * Jest's `MatcherContext` and Vitest's `MatcherState` both have them, so `iamMatchers` can be
 * handed to either runner's `expect.extend` without a cast.
 */
export interface IamMatcherContext {
  /** Whether the assertion is negated (`.not`). */
  isNot?: boolean;
  /** The runner's matcher utilities. */
  utils: {
    matcherHint(matcherName: string, received?: string, expected?: string, options?: { isNot?: boolean; comment?: string }): string;
  };
}
