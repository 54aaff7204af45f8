/**
 * The request context: the condition keys of one request and their values.
 * Key names are case-insensitive (IAM User Guide, reference_policies_variables.md:
 * "Key names are case-insensitive"), so lookups fold case; the key as first given is kept
 * for messages.
 */

/** A value as a user writes it in a test: one value, or a list for a multivalued key. */
export type ContextInputValue = string | number | boolean | ReadonlyArray<string | number | boolean>;

/** Context keys as a user writes them. */
export type ContextInput = Readonly<Record<string, ContextInputValue | null | undefined>>;

export interface ContextValue {
  /** The key as it was given. */
  key: string;
  /** The values as strings (AWS compares condition values as text of the operator's type). */
  values: string[];
  /** True when given as a list: a multivalued key, for `ForAllValues` / `ForAnyValue`. */
  multi: boolean;
}

export class RequestContext {
  private readonly entries = new Map<string, ContextValue>();

  /** Builds a context from user input; `null`/`undefined` values mean "key absent". */
  static from(input?: ContextInput): RequestContext {
    const ctx = new RequestContext();
    if (input) for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== null) ctx.set(k, v);
    return ctx;
  }

  set(key: string, value: ContextInputValue): this {
    const multi = Array.isArray(value);
    const values = (multi ? (value as ReadonlyArray<string | number | boolean>) : [value as string | number | boolean]).map(String);
    this.entries.set(key.toLowerCase(), { key, values, multi });
    return this;
  }

  /** Sets the key only when the caller did not give it (derived keys never override). */
  setDefault(key: string, value: ContextInputValue): this {
    if (!this.has(key)) this.set(key, value);
    return this;
  }

  get(key: string): ContextValue | undefined {
    return this.entries.get(key.toLowerCase());
  }

  has(key: string): boolean {
    return this.entries.has(key.toLowerCase());
  }

  /** Every key with its values, in insertion order. */
  all(): ContextValue[] {
    return [...this.entries.values()];
  }
}
