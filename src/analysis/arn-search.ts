/**
 * An exact search for a concrete ARN that every "must" shape matches and no "must not" shape
 * matches: a policy pattern that grants, minus the patterns of Deny statements, within the ARN
 * format of the action's resource type. Sampling a few names cannot answer this ("bucket/*" minus
 * "bucket/e*" and "bucket/j*" misses every name we like to try); the search can, because each
 * shape is a small automaton, and their product is explored breadth-first, one character at a
 * time, over the characters the shapes name plus one they do not (any other character behaves
 * the same in every shape). The result is the shortest such ARN, a proof that none exists, or,
 * past a state limit, an honest "gave up". No RegExp is built from policy text.
 *
 * Wildcard rules follow the evaluator (IAM User Guide, reference_policies_elements_resource.md):
 * in the partition, service, region and account segments `*` and `?` stay within the segment
 * (they never match `:`); in the resource part (after the fifth colon) they match anything.
 * Matching is case-sensitive.
 */

import { isTimestampPlaceholder, splitSegments } from './arn-witness';

/** One step of a shape: a literal character, exactly one character, or any run of characters. */
export type ShapeStep = { kind: 'char'; char: string } | { kind: 'one'; forbidden: string } | { kind: 'star'; forbidden: string };

/** A wildcard pattern (a Resource value or a catalogue ARN format) as steps. */
export interface ArnShape {
  /** The text it was built from, e.g. `arn:aws:s3:::bucket/e*`. */
  source: string;
  steps: readonly ShapeStep[];
  /** Policy variables the shape filled in with a chosen value (not from the request). */
  variables: Record<string, string>;
  /** For a policy pattern: the pattern and whether `${...}` is a variable there. */
  pattern?: { text: string; variables: boolean };
}

/** Where a variable's value comes from while building a shape. */
export interface VariableSource {
  /** The request's own value for a key (given context or derived from the principal). */
  known(key: string): string | undefined;
  /** A value to assume for a key the request does not have. */
  assume(key: string): string;
}

/** Matches `key` or `key, 'default'` inside `${ }` (reference_policies_variables.md). */
const VAR_BODY = /^\s*([^,\s'}][^,'}]*?)\s*(?:,\s*'([^']*)'\s*)?$/;

/**
 * The shape of a Resource / NotResource value. `'any'` for `*`. With `variables` (policy language
 * 2012-10-17) each `${key}` becomes the request's value, its default, or an assumed value
 * (recorded in `variables`); `${*}`, `${?}`, `${$}` are the literal characters.
 */
export function shapeOfPattern(pattern: string, variables: boolean, values: VariableSource): ArnShape | 'any' {
  if (pattern === '*') return 'any';
  const bound: Record<string, string> = {};
  const parts = splitSegments(pattern, variables);
  const isArn = parts !== null && parts[0] === 'arn';
  // reference_policies_elements_resource.md: a value that is not an ARN is compared as one pattern.
  const segments = isArn ? parts : [pattern];
  const steps: ShapeStep[] = [];
  segments.forEach((segment, k) => {
    if (k > 0) steps.push({ kind: 'char', char: ':' });
    const forbidden = isArn && k < 5 ? ':' : '';
    for (let i = 0; i < segment.length; i++) {
      const ch = segment[i];
      if (isArn && variables && ch === '$' && segment[i + 1] === '{') {
        const close = segment.indexOf('}', i + 2);
        if (close > 0) {
          const body = segment.slice(i + 2, close);
          const m = VAR_BODY.exec(body);
          let text: string;
          if (body === '*' || body === '?' || body === '$') text = body;
          else if (m) {
            const known = values.known(m[1]);
            if (known !== undefined) text = known;
            else if (m[2] !== undefined) text = m[2];
            else text = bound[m[1]] ??= values.assume(m[1]);
          } else text = segment.slice(i, close + 1);
          for (const c of text) steps.push({ kind: 'char', char: c });
          i = close;
          continue;
        }
      }
      if (ch === '*') steps.push({ kind: 'star', forbidden });
      else if (ch === '?') steps.push({ kind: 'one', forbidden });
      else steps.push({ kind: 'char', char: ch });
    }
  });
  return { source: pattern, steps, variables: bound, pattern: { text: pattern, variables } };
}

/**
 * The shape of a catalogue ARN format such as
 * `arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}`,
 * by the rules of `catalog/arn-template.ts`: each placeholder holds one or more characters; header
 * placeholders hold neither `:` nor `/`; in the resource part only the last placeholder may hold
 * `/`, and a creation timestamp never does ({@link isTimestampPlaceholder}).
 */
export function shapeOfTemplate(template: string): ArnShape {
  const parts = splitSegments(template, true) ?? [template];
  const steps: ShapeStep[] = [];
  parts.forEach((segment, k) => {
    if (k > 0) steps.push({ kind: 'char', char: ':' });
    const header = k < 5;
    const runs: { at: number; name: string }[] = [];
    let i = 0;
    while (i < segment.length) {
      const close = segment.startsWith('${', i) ? segment.indexOf('}', i + 2) : -1;
      if (close > 0 || segment[i] === '*') {
        const name = close > 0 ? segment.slice(i + 2, close) : '';
        runs.push({ at: steps.length, name });
        const forbidden = header ? ':/' : '/';
        steps.push({ kind: 'one', forbidden }, { kind: 'star', forbidden });
        i = close > 0 ? close + 1 : i + 1;
      } else steps.push({ kind: 'char', char: segment[i++] });
    }
    const last = runs[runs.length - 1];
    if (!header && k === parts.length - 1 && last && !isTimestampPlaceholder(last.name)) {
      steps[last.at] = { kind: 'one', forbidden: '' };
      steps[last.at + 1] = { kind: 'star', forbidden: '' };
    }
  });
  return { source: template, steps, variables: {} };
}

/** The positions a shape can be at, as a sorted list (a state of its subset automaton). */
type Positions = number[];

function closure(steps: readonly ShapeStep[], from: Iterable<number>): Positions {
  const out = new Set<number>();
  for (let p of from) {
    out.add(p);
    // A run may be empty: being before it is being after it too.
    while (p < steps.length && steps[p].kind === 'star') out.add(++p);
  }
  return [...out].sort((a, b) => a - b);
}

function advance(steps: readonly ShapeStep[], at: Positions, c: string): Positions {
  const next: number[] = [];
  for (const p of at) {
    const s = steps[p];
    if (!s) continue;
    if (s.kind === 'char') {
      if (s.char === c) next.push(p + 1);
    } else if (!s.forbidden.includes(c)) next.push(s.kind === 'one' ? p + 1 : p);
  }
  return closure(steps, next);
}

/** Whether `text` is matched by the shape. */
export function shapeMatches(shape: ArnShape, text: string): boolean {
  let at = closure(shape.steps, [0]);
  for (const c of text) {
    at = advance(shape.steps, at, c);
    if (!at.length) return false;
  }
  return at.includes(shape.steps.length);
}

/** What a search found. */
export type ArnSearchResult = { kind: 'found'; arn: string } | { kind: 'none' } | { kind: 'gave-up'; states: number };

/** Characters tried for text no shape names, most readable first. */
const FRESH = 'xzqjkvwy0123456789abcdefghilmnoprstu_-.';

/**
 * The shortest text matched by every `must` shape and by no `mustNot` shape. `none` is a proof
 * that no such text exists; `gave-up` means the search passed `maxStates` states first.
 */
export function searchArn(must: readonly ArnShape[], mustNot: readonly ArnShape[], options: { maxStates?: number } = {}): ArnSearchResult {
  const maxStates = options.maxStates ?? 20_000;
  const shapes = [...must, ...mustNot];
  const named = new Set<string>();
  for (const s of shapes)
    for (const st of s.steps) {
      if (st.kind === 'char') named.add(st.char);
      else for (const c of st.forbidden) named.add(c);
    }
  const fresh = [...FRESH].find((c) => !named.has(c)) ?? [...'~!@#%^&'].find((c) => !named.has(c));
  const alphabet = [...(fresh ? [fresh] : []), ...[...named].sort()];
  const nMust = must.length;
  const accepting = (state: Positions[]) => state.every((at, k) => (k < nMust ? at.includes(shapes[k].steps.length) : !at.includes(shapes[k].steps.length)));
  const keyOf = (state: Positions[]) => state.map((at) => at.join(',')).join('|');

  const start = shapes.map((s) => closure(s.steps, [0]));
  const parent = new Map<string, { from: string; c: string }>();
  parent.set(keyOf(start), { from: '', c: '' });
  let frontier: { key: string; state: Positions[] }[] = [{ key: keyOf(start), state: start }];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const { key, state } of frontier) {
      if (accepting(state)) return { kind: 'found', arn: rebuild(parent, key) };
      for (const c of alphabet) {
        const moved: Positions[] = [];
        let dead = false;
        for (let k = 0; k < shapes.length; k++) {
          const at = advance(shapes[k].steps, state[k], c);
          // A must shape with no position left can never match; a must-not one has been escaped.
          if (k < nMust && !at.length) {
            dead = true;
            break;
          }
          moved.push(at);
        }
        if (dead) continue;
        const mk = keyOf(moved);
        if (parent.has(mk)) continue;
        parent.set(mk, { from: key, c });
        if (parent.size > maxStates) return { kind: 'gave-up', states: parent.size };
        next.push({ key: mk, state: moved });
      }
    }
    frontier = next;
  }
  return { kind: 'none' };
}

function rebuild(parent: Map<string, { from: string; c: string }>, end: string): string {
  const out: string[] = [];
  for (let k = end; ;) {
    const p = parent.get(k)!;
    if (!p.from && !p.c) break;
    out.push(p.c);
    k = p.from;
  }
  return out.reverse().join('');
}
