/**
 * The shape every condition operator module exports: what the operator is called, whether it is
 * negated, whether policy variables and wildcards apply to its values, how a policy value and a
 * request value are read, and how one request value is compared with one policy value.
 *
 * The set qualifiers (`ForAllValues:` / `ForAnyValue:`), `IfExists`, the OR across policy values
 * and the negation are applied once, in `compile-condition.ts`; a descriptor only answers "does
 * this request value relate to this policy value" in the positive sense (`StringNotEquals`
 * compares for equality and is marked `negated`).
 */

import type { RequestContext } from '../../request/request-context';

/** Operator categories of IAM User Guide, reference_policies_elements_condition_operators.md. */
export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Boolean' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** A value read successfully, or why it could not be read (a predicate: `is not a number`). */
export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** One comparison: true/false, or the policy variable that had no value in the request. */
export type ValueMatch = boolean | { unresolved: string };

export interface PolicyValueOptions {
  /** Read `${...}` as policy variables (policy language 2012-10-17 and an operator that allows them). */
  variables: boolean;
}

interface OperatorBase {
  /** The operator as AWS spells it, e.g. `StringNotEquals`. */
  readonly name: string;
  readonly family: OperatorFamily;
  /** Negated matching (`StringNotEquals`, `NotIpAddress`, ...): the request value must match none of the policy values. */
  readonly negated: boolean;
  /** Policy variables may appear in the values. */
  readonly variables: boolean;
  /** `*` and `?` are wildcards in the values. */
  readonly wildcards: boolean;
}

/** An operator that compares request values with policy values. */
export interface ComparisonOperator<P = unknown, R = unknown> extends OperatorBase {
  readonly kind: 'comparison';
  /** Words between "is" and the policy value in an explanation: `less than`, `in`, `like`; empty for equality. */
  readonly relation: string;
  /** What a request value has to look like, for messages: `a number`, `an IP address`. */
  readonly expects: string;
  /** Reads and validates one policy value, once, at compile time. */
  parsePolicyValue(raw: string, opts: PolicyValueOptions): ParseOutcome<P>;
  /** Reads one request value, at evaluation time. */
  parseRequestValue(raw: string): ParseOutcome<R>;
  /** Does the request value relate to the policy value (positive sense)? */
  matches(request: R, policy: P, ctx: RequestContext): ValueMatch;
}

/** `Null`: tests whether the key is in the request, not its values. */
export interface ExistenceOperator extends OperatorBase {
  readonly kind: 'existence';
  /** Reads `true` (key must be absent) or `false` (key must be present). */
  parsePolicyValue(raw: string): ParseOutcome<boolean>;
}

export type OperatorDescriptor = ComparisonOperator | ExistenceOperator;

/** Shorthand for a successful parse. */
export function parsed<T>(value: T): ParseOutcome<T> {
  return { ok: true, value };
}

/** Shorthand for a failed parse. */
export function rejected<T>(message: string): ParseOutcome<T> {
  return { ok: false, message };
}
