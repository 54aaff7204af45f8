/**
 * The request context: the condition keys of one request and their values.
 * Key names are case-insensitive (IAM User Guide, reference_policies_variables.md:
 * "Key names are case-insensitive"), so lookups fold case; the key as first given is kept
 * for messages.
 */

import { BoundedMemo } from '../util/bounded-memo';

/** A value as a user writes it in a test: one value, or a list for a multivalued key. */
export type ContextInputValue = string | number | boolean | ReadonlyArray<string | number | boolean>;

/** Context keys as a user writes them. */
export type ContextInput = Readonly<Record<string, ContextInputValue | null | undefined>>;

/** One condition key of a request with its values. */
export interface ContextValue {
  /** The key as it was given. */
  key: string;
  /** The values as strings (AWS compares condition values as text of the operator's type). */
  values: string[];
  /** True when given as a list: a multivalued key, for `ForAllValues` / `ForAnyValue`. */
  multi: boolean;
  /**
   * The values as read by each condition operator family (IP addresses, dates, numbers), kept
   * with the value so a request reads each once however many conditions test it.
   */
  readBy?: Map<string, readonly unknown[]>;
  /** The first family's reading, kept beside the map: most keys are read by one family only, and a map per request value costs more than the reading. */
  readFamily?: string;
  readFirst?: readonly unknown[];
}

/** Read-only keys derived from the request (principal, clock, resource account), shared by many contexts. */
export type DerivedKeys = ReadonlyMap<string, ContextValue>;

// Policies and tests name the same few keys again and again: fold each spelling once.
const folded = new BoundedMemo<string, string>(10_000);
/**
 * A condition key in lower case, the one string a context and a compiled policy both use for
 * it (remembered per spelling), so comparing the two is usually comparing one string with itself.
 */
export function foldKey(key: string): string {
  return folded.get(key, (k) => k.toLowerCase());
}

/** A context value with every field present from the start (one object shape for the condition tests that read it). */
function contextValue(key: string, values: string[], multi: boolean): ContextValue {
  return { key, values, multi, readBy: undefined, readFamily: undefined, readFirst: undefined };
}

/** Given keys from which a context looks them up in a map rather than scanning. */
const MAP_FROM = 8;

/** Builds a shared map of derived keys (`aws:PrincipalArn` -> value, ...). */
export function derivedKeys(values: Record<string, string | undefined>): DerivedKeys {
  const m = new Map<string, ContextValue>();
  for (const [key, v] of Object.entries(values)) if (v !== undefined) m.set(foldKey(key), contextValue(key, [v], false));
  return m;
}

/**
 * The condition keys of one request and their values (IAM User Guide,
 * reference_policies_elements_condition.md, "The request context"). Keys are looked up without
 * regard to case; the keys a test gives come first, then the layers of keys AWS derives from the
 * principal, the resource and the clock, which never override a given key.
 *
 * @example
 * const ctx = RequestContext.from({ 'aws:SourceIp': '203.0.113.7', 'aws:TagKeys': ['team', 'env'] });
 * ctx.get('AWS:sourceip')?.values; // ['203.0.113.7']
 */
export class RequestContext {
  /**
   * The keys given, folded, with their values, in the order given: `[key, value, key, value, ...]`.
   * A request names a handful of keys, and scanning a few is cheaper than making a map per
   * request; past {@link MAP_FROM} keys a map answers lookups. Nothing is made for a request without context.
   */
  private pairs: (string | ContextValue)[] | undefined = undefined;
  private index: Map<string, ContextValue> | undefined = undefined;
  /**
   * Looked up after the given keys: derived keys never override what a test gives. A request has
   * at most three (principal, resource account, VPC endpoint; the clock is kept apart): slots, not
   * a list, so building a context allocates no array.
   */
  private d0: DerivedKeys | undefined = undefined;
  private d1: DerivedKeys | undefined = undefined;
  private d2: DerivedKeys | undefined = undefined;
  private d3: DerivedKeys | undefined = undefined;
  private more: DerivedKeys[] | undefined = undefined;
  /** Whether the request has the clock keys, and its time in ms once known (read on first use when the test gives none). */
  private clock = false;
  private clockMs: number | undefined = undefined;

  /** Builds a context from user input; `null`/`undefined` values mean "key absent". */
  static from(input?: ContextInput): RequestContext {
    const ctx = new RequestContext();
    if (input)
      for (const k in input) {
        if (!Object.prototype.hasOwnProperty.call(input, k)) continue;
        const v = input[k];
        if (v !== undefined && v !== null) ctx.set(k, v);
      }
    return ctx;
  }

  /** Gives `key` its value (a list makes it multivalued), replacing what it had; returns the context. */
  set(key: string, value: ContextInputValue): this {
    const multi = Array.isArray(value);
    const values = multi ? (value as ReadonlyArray<string | number | boolean>).map(String) : [typeof value === 'string' ? value : String(value)];
    const k = foldKey(key);
    const cv = contextValue(key, values, multi);
    const pairs = this.pairs;
    if (!pairs) {
      this.pairs = [k, cv];
      return this;
    }
    let i = 0;
    while (i < pairs.length && pairs[i] !== k) i += 2;
    pairs[i] = k;
    pairs[i + 1] = cv;
    if (this.index) this.index.set(k, cv);
    else if (pairs.length >= MAP_FROM * 2) {
      this.index = new Map();
      for (let j = 0; j < pairs.length; j += 2) this.index.set(pairs[j] as string, pairs[j + 1] as ContextValue);
    }
    return this;
  }

  /** The given key's value, for a key in lower case. */
  private own(k: string): ContextValue | undefined {
    const pairs = this.pairs;
    if (!pairs) return undefined;
    if (this.index) return this.index.get(k);
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === k) return pairs[i + 1] as ContextValue;
    return undefined;
  }

  /** Adds a layer of derived keys, consulted when a key was not given. */
  addDerived(keys: DerivedKeys): this {
    if (!this.d0) this.d0 = keys;
    else if (!this.d1) this.d1 = keys;
    else if (!this.d2) this.d2 = keys;
    else if (!this.d3) this.d3 = keys;
    else (this.more ??= []).push(keys);
    return this;
  }

  /**
   * Gives the request aws:CurrentTime and aws:EpochTime (IAM User Guide,
   * reference_policies_condition-keys.md: "included in the request context for all requests"),
   * consulted after every other layer: of the time `ms`, or of the moment a condition first
   * reads them when `ms` is undefined (most requests never read the clock, so never ask for it).
   */
  useClock(ms?: number): this {
    this.clock = true;
    this.clockMs = ms;
    return this;
  }

  private clockLayer(): DerivedKeys | undefined {
    return this.clock ? clockKeys((this.clockMs ??= Date.now())) : undefined;
  }

  /** The derived layers, in the order they were added, the clock last. */
  private layers(): DerivedKeys[] {
    const out: DerivedKeys[] = [];
    for (const l of [this.d0, this.d1, this.d2, this.d3]) if (l) out.push(l);
    if (this.more) out.push(...this.more);
    const clock = this.clockLayer();
    if (clock) out.push(clock);
    return out;
  }

  /** The key's values, given or derived, whatever the case of `key`; `undefined` when the request lacks it. */
  get(key: string): ContextValue | undefined {
    return this.getFolded(foldKey(key));
  }

  /** {@link get} for a key already in lower case (policies fold their keys once, when compiled). */
  getFolded(k: string): ContextValue | undefined {
    const own = this.own(k);
    if (own) return own;
    const v = this.d0?.get(k) ?? this.d1?.get(k) ?? this.d2?.get(k) ?? this.d3?.get(k);
    if (v) return v;
    if (this.more)
      for (const layer of this.more) {
        const m = layer.get(k);
        if (m) return m;
      }
    return this.clock && (k === 'aws:currenttime' || k === 'aws:epochtime') ? this.clockLayer()!.get(k) : undefined;
  }

  /** The key's values when the test gave it (not derived), for a key already in lower case. */
  givenFolded(k: string): ContextValue | undefined {
    return this.own(k);
  }

  /** Whether the request has the key, given or derived. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * The keys the test gave (not those derived from the principal, the resource or the clock), in
   * insertion order: explanations show only these as the request's context.
   */
  given(): ContextValue[] {
    const out: ContextValue[] = [];
    const pairs = this.pairs ?? [];
    for (let i = 1; i < pairs.length; i += 2) out.push(pairs[i] as ContextValue);
    return out;
  }

  /** Whether the key was given by the test rather than derived. */
  isGiven(key: string): boolean {
    return this.own(foldKey(key)) !== undefined;
  }

  /** Every key with its values: given keys in insertion order, then derived ones. */
  all(): ContextValue[] {
    const out = this.given();
    for (const layer of this.layers()) for (const [k, v] of layer) if (!this.own(k)) out.push(v);
    return out;
  }
}

let lastSecond = NaN;
let lastClock: DerivedKeys = new Map();

/** aws:CurrentTime (ISO 8601 to the second) and aws:EpochTime for a time in ms, built once per second. */
function clockKeys(ms: number): DerivedKeys {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastClock = derivedKeys({ 'aws:CurrentTime': new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), 'aws:EpochTime': String(second) });
    lastSecond = second;
  }
  return lastClock;
}
