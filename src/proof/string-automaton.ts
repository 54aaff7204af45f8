/**
 * Finite automata for the string patterns of IAM policies. Patterns use only `*` (any run) and
 * `?` (one character) (IAM User Guide, reference_policies_elements_resource.md,
 * reference_policies_elements_condition_operators.md "String condition operators"), and ARN
 * patterns keep wildcards of the partition, service, region and account parts inside their part
 * (reference_policies_elements_resource.md: wildcards work within each colon-separated segment),
 * so every pattern is a small non-deterministic automaton over characters.
 *
 * The one question the prover asks of them: over all strings, which combinations of "matches
 * pattern i" occur, with one witness string for each combination (the Venn cells of the
 * patterns). Answered by a breadth-first walk of the product automaton. It is exact because:
 * - the walk visits every reachable product state, and a string's combination is a function of
 *   the product state it reaches;
 * - characters that appear in no pattern's literal text, other than `:`, move every automaton
 *   the same way (only `*` and `?` accept them), so one such "fresh" character stands for all.
 */

/** One token: a literal character, or a wildcard that may or may not match `:`. */
export type PatternToken =
  { kind: 'char'; ch: string } | { kind: 'set'; chars: readonly string[] } | { kind: 'one'; colon: boolean } | { kind: 'any'; colon: boolean };

/** A pattern as tokens; `constant` patterns (always or never matching) need no automaton. */
export type StringPattern = { kind: 'tokens'; tokens: PatternToken[] } | { kind: 'constant'; value: boolean };

/** The prover gives up (UNKNOWN) instead of exploring more product states than this. */
export const MAX_PRODUCT_STATES = 50_000;

/** Raised when a question is outside what the prover decides; the message says why. */
export class ProofUnknown extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ProofUnknown';
  }
}

/** A plain glob: `*` and `?` wildcards (when `wildcards`) that match any character, `:` included. */
export function globPattern(text: string, wildcards: boolean): StringPattern {
  const tokens: PatternToken[] = [];
  for (const ch of text) {
    if (wildcards && ch === '*') tokens.push({ kind: 'any', colon: true });
    else if (wildcards && ch === '?') tokens.push({ kind: 'one', colon: true });
    else tokens.push({ kind: 'char', ch });
  }
  return { kind: 'tokens', tokens };
}

const foldCache = new Map<string, string[]>();

/** Every UTF-16 character whose lower case is `ch` (for `K` also the Kelvin sign), `ch` included. */
function caseVariants(ch: string): string[] {
  const lower = ch.toLowerCase();
  let out = foldCache.get(lower);
  if (!out) {
    out = [];
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      if (c.toLowerCase() === lower) out.push(c);
    }
    if (!out.includes(lower)) out.push(lower);
    foldCache.set(lower, out);
  }
  return out;
}

/**
 * A literal compared without case the way `value.toLowerCase() === literal` compares it: each
 * character stands for every character whose lower case it is. Exact for literals whose
 * characters have no multi-character lower case forms (ASCII words such as canned ACL names).
 */
export function caseInsensitiveLiteral(text: string): StringPattern {
  const tokens: PatternToken[] = [];
  for (const ch of text) {
    const chars = caseVariants(ch);
    tokens.push(chars.length === 1 ? { kind: 'char', ch: chars[0] } : { kind: 'set', chars });
  }
  return { kind: 'tokens', tokens };
}

/** Resolved glob tokens (from `resolveTemplate`), all wildcards matching any character. */
export function tokensPattern(parts: readonly ({ kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' })[]): StringPattern {
  const tokens: PatternToken[] = [];
  for (const p of parts) {
    if (p.kind === 'any') tokens.push({ kind: 'any', colon: true });
    else if (p.kind === 'one') tokens.push({ kind: 'one', colon: true });
    else for (const ch of p.text) tokens.push({ kind: 'char', ch });
  }
  return { kind: 'tokens', tokens };
}

/**
 * An ARN pattern from its six parts (`arn`, partition, service, region, account, resource), each
 * already resolved to glob tokens. Wildcards of the first five parts stay inside their part; a
 * literal `:` there can never match (the request's parts hold none), so such a pattern is
 * constant false, as `match/arn.ts` decides it.
 */
export function arnPattern(parts: readonly (readonly ({ kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' })[])[]): StringPattern {
  const tokens: PatternToken[] = [];
  for (let i = 0; i < parts.length; i++) {
    const inHead = i < 5;
    for (const p of parts[i]) {
      if (p.kind === 'any') tokens.push({ kind: 'any', colon: !inHead });
      else if (p.kind === 'one') tokens.push({ kind: 'one', colon: !inHead });
      else
        for (const ch of p.text) {
          if (inHead && ch === ':') return { kind: 'constant', value: false };
          tokens.push({ kind: 'char', ch });
        }
    }
    if (i < 5) tokens.push({ kind: 'char', ch: ':' });
  }
  return { kind: 'tokens', tokens };
}

/** What `splitArn` accepts: `arn:` and four more colon-free parts, then any resource part. */
export const ARN_SHAPE: StringPattern = arnPattern([
  [{ kind: 'text', text: 'arn' }],
  [{ kind: 'any' }],
  [{ kind: 'any' }],
  [{ kind: 'any' }],
  [{ kind: 'any' }],
  [{ kind: 'any' }],
]);

/** Positions reachable from `positions` without reading a character (skipping `*`). */
export function closure(tokens: PatternToken[], positions: Iterable<number>): number[] {
  const out = new Set<number>();
  const stack = [...positions];
  while (stack.length) {
    const p = stack.pop()!;
    if (out.has(p)) continue;
    out.add(p);
    if (p < tokens.length && tokens[p].kind === 'any') stack.push(p + 1);
  }
  return [...out].sort((a, b) => a - b);
}

export function step(tokens: PatternToken[], positions: number[], ch: string): number[] {
  const next: number[] = [];
  for (const p of positions) {
    if (p >= tokens.length) continue;
    const t = tokens[p];
    if (t.kind === 'char') {
      if (t.ch === ch) next.push(p + 1);
    } else if (t.kind === 'set') {
      if (t.chars.includes(ch)) next.push(p + 1);
    } else if (t.colon || ch !== ':') next.push(t.kind === 'any' ? p : p + 1);
  }
  return closure(tokens, next);
}

/** Does `value` match the pattern (the model's own answer, checked against the engine's). */
export function patternMatches(pattern: StringPattern, value: string): boolean {
  if (pattern.kind === 'constant') return pattern.value;
  let state = closure(pattern.tokens, [0]);
  for (const ch of value) {
    state = step(pattern.tokens, state, ch);
    if (!state.length) return false;
  }
  return state.includes(pattern.tokens.length);
}

/** One Venn cell: which patterns match, and a shortest string that shows it. */
export interface PatternCell {
  /** `matches[i]`: whether the witness (and every string of the cell) matches pattern i. */
  matches: boolean[];
  witness: string;
}

/** A character that no pattern names literally and that is not `:` (stands for all such characters). */
export function freshChar(literals: Set<string>): string {
  for (const c of 'xzqjkvw0123456789abcdefghilmnoprstuy') if (!literals.has(c)) return c;
  for (let code = 0x4e00; ; code++) if (!literals.has(String.fromCodePoint(code))) return String.fromCodePoint(code);
}

/**
 * Every combination of matches that some string has, over `patterns`, restricted to strings
 * that match every pattern of `within` (the domain). A shortest witness per combination.
 * Throws {@link ProofUnknown} past {@link MAX_PRODUCT_STATES}.
 */
export function patternCells(patterns: readonly StringPattern[], within: readonly StringPattern[] = []): PatternCell[] {
  const all = [...within, ...patterns];
  const live = all.map((p, i) => ({ p, i })).filter((x) => x.p.kind === 'tokens') as { p: { kind: 'tokens'; tokens: PatternToken[] }; i: number }[];
  const literals = new Set<string>([':']);
  for (const { p } of live)
    for (const t of p.tokens) {
      if (t.kind === 'char') literals.add(t.ch);
      else if (t.kind === 'set') for (const c of t.chars) literals.add(c);
    }
  const alphabet = [...literals, freshChar(literals)];
  const constants = all.map((p) => (p.kind === 'constant' ? p.value : undefined));
  if (within.some((p) => p.kind === 'constant' && !p.value)) return [];

  const cells = new Map<string, PatternCell>();
  const seen = new Set<string>();
  type State = number[][];
  const keyOf = (s: State) => s.map((x) => x.join(',')).join('|');
  const start: State = live.map(({ p }) => closure(p.tokens, [0]));
  const queue: { state: State; witness: string }[] = [{ state: start, witness: '' }];
  seen.add(keyOf(start));
  for (let head = 0; head < queue.length; head++) {
    const { state, witness } = queue[head];
    const accepts = new Array<boolean>(all.length);
    live.forEach(({ p, i }, j) => (accepts[i] = state[j].includes(p.tokens.length)));
    constants.forEach((c, i) => {
      if (c !== undefined) accepts[i] = c;
    });
    if (accepts.slice(0, within.length).every(Boolean)) {
      const matches = accepts.slice(within.length);
      const sig = matches.map((b) => (b ? '1' : '0')).join('');
      if (!cells.has(sig)) cells.set(sig, { matches, witness });
    }
    // A domain automaton that died can never accept again: nothing below this state counts.
    if (live.some(({ i }, j) => i < within.length && state[j].length === 0)) continue;
    for (const ch of alphabet) {
      const next = live.map(({ p }, j) => step(p.tokens, state[j], ch));
      const k = keyOf(next);
      if (seen.has(k)) continue;
      seen.add(k);
      if (seen.size > MAX_PRODUCT_STATES)
        throw new ProofUnknown(`the ${patterns.length} string patterns together have more than ${MAX_PRODUCT_STATES} automaton states`);
      queue.push({ state: next, witness: witness + ch });
    }
  }
  return [...cells.values()];
}
