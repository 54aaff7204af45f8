/**
 * Concrete sample ARNs for access matrices and "never" checks: an ARN that a policy's Resource
 * pattern matches AND that has the format of one of the action's resource types (Service
 * Authorization Reference ARN formats such as
 * `arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}`).
 *
 * Both are wildcard patterns, so such an ARN exists exactly when their languages intersect, and
 * it is found as a shortest path through the product of the two patterns (no backtracking, no
 * RegExp built from policy text). IAM User Guide, reference_policies_elements_resource.md: in an
 * ARN pattern, wildcards of the partition, service, region and account segments stay within their
 * segment, and the resource part is everything after the fifth colon, so the two patterns are
 * intersected segment by segment.
 */

/** A step of a pattern: one literal character, `?`, or a run (`*` or a template placeholder). */
type Step =
  | { kind: 'char'; char: string }
  | { kind: 'one' }
  | {
      kind: 'run';
      /** A placeholder stands for one or more characters; `*` for zero or more. */
      min: 0 | 1;
      /** Text for this run when nothing forces its content (placeholders only). */
      sample?: string;
      /** Characters the run may not hold (catalogue format rules; see `arn-template.ts`). */
      forbidden: string;
      /** A creation timestamp ({@link isTimestampPlaceholder}): never holds `/`. */
      timestamp?: boolean;
    };

/** Values a witness uses for placeholders and policy variables, so generated ARNs read naturally. */
export interface WitnessStyle {
  /** Text for a placeholder, by placeholder name (`Region` -> `us-east-1`). */
  placeholder(name: string): string;
  /** Text for a policy `*` that nothing else constrains. */
  star: string;
  /** Text for a policy variable such as `${aws:username}`. */
  variable(key: string): string;
}

/** Placeholder names and the sample values that read as real ones. */
const KNOWN_SAMPLES: [RegExp, string][] = [
  [/^partition$/i, 'aws'],
  [/region/i, 'us-east-1'],
  [/^account(id)?$/i, '111122223333'],
  [/timestamp|datetime|creationtime/i, '1700000000000'],
];

/** `BucketName` -> `bucket-name` */
function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** Placeholders read as `example-<name>`; `*` as `example`. */
export const DEFAULT_STYLE: WitnessStyle = {
  placeholder: (name) => KNOWN_SAMPLES.find(([re]) => re.test(name))?.[1] ?? `example-${kebab(name) || 'value'}`,
  star: 'example',
  variable: (key) => `example-${kebab(key.replace(/^aws:/i, '')) || 'value'}`,
};

/**
 * Names no policy is likely to spell out, for a second witness that lands outside Deny
 * statements naming particular resources (the region, account and partition stay realistic).
 */
export const UNUSUAL_STYLE: WitnessStyle = {
  placeholder: (name) => KNOWN_SAMPLES.find(([re]) => re.test(name))?.[1] ?? `jest-iam-other-${kebab(name) || 'value'}`,
  star: 'jest-iam-other',
  variable: (key) => `jest-iam-other-${kebab(key.replace(/^aws:/i, '')) || 'value'}`,
};

/** Splits at the first five colons (the ARN's header segments); `null` with fewer than five. */
export function splitSegments(text: string, skipVariables: boolean): string[] | null {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length && parts.length < 5; i++) {
    if (skipVariables && text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close > 0) {
        i = close;
        continue;
      }
    }
    if (text[i] === ':') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (parts.length < 5) return null;
  parts.push(text.slice(start));
  return parts;
}

/**
 * Whether a placeholder is a creation timestamp, which is digits and never holds `/` even as the
 * last placeholder of a format. Amazon Rekognition API Reference, API_CreateProjectVersion.md:
 * a project ARN has the pattern `...:project\/[a-zA-Z0-9_.\-]{1,255}\/[0-9]+$`, so
 * `project/MyProject/version/1700000000000` is no project ARN even though the format
 * `project/${ProjectName}/${CreationTimestamp}` would read it as one with a `/` in the timestamp.
 */
export function isTimestampPlaceholder(name: string): boolean {
  return /timestamp|datetime|creationtime/i.test(name);
}

/** Steps of one segment of a catalogue ARN format: `${Name}` and a literal `*` are runs. */
function templateSteps(segment: string, header: boolean, lastSegment: boolean, style: WitnessStyle): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < segment.length) {
    const close = segment.startsWith('${', i) ? segment.indexOf('}', i + 2) : -1;
    if (close > 0 || segment[i] === '*') {
      const name = close > 0 ? segment.slice(i + 2, close) : '';
      // Catalogue format rules (arn-template.ts): header placeholders hold neither ':' nor '/';
      // in the resource part only the last placeholder may hold '/'.
      steps.push({
        kind: 'run',
        min: 1,
        sample: style.placeholder(name),
        forbidden: header ? ':/' : '/',
        ...(isTimestampPlaceholder(name) ? { timestamp: true } : {}),
      });
      i = close > 0 ? close + 1 : i + 1;
    } else steps.push({ kind: 'char', char: segment[i++] });
  }
  if (lastSegment) {
    for (let k = steps.length - 1; k >= 0; k--) {
      const s = steps[k];
      if (s.kind === 'run') {
        if (!s.timestamp) s.forbidden = '';
        break;
      }
    }
  }
  return steps;
}

/** Policy variables a pattern uses, with the value the witness gave each. */
export type VariableValues = Record<string, string>;

/**
 * Steps of one segment of a policy pattern. `*` and `?` are wildcards; with `variables`
 * (policy language 2012-10-17) `${key}` is replaced by a chosen value, recorded in `bound`, and
 * `${*}`, `${?}`, `${$}` are the literal characters (reference_policies_variables.md).
 */
function patternSteps(segment: string, variables: boolean, style: WitnessStyle, bound: VariableValues, starMin: 0 | 1): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (variables && ch === '$' && segment[i + 1] === '{') {
      const close = segment.indexOf('}', i + 2);
      if (close > 0) {
        const body = segment.slice(i + 2, close).trim();
        if (body === '*' || body === '?' || body === '$') steps.push({ kind: 'char', char: body });
        else {
          const key = body.split(',')[0].trim();
          const value = (bound[key] ??= style.variable(key));
          for (const c of value) steps.push({ kind: 'char', char: c });
        }
        i = close;
        continue;
      }
    }
    if (ch === '*') steps.push({ kind: 'run', min: starMin, forbidden: '' });
    else if (ch === '?') steps.push({ kind: 'one' });
    else steps.push({ kind: 'char', char: ch });
  }
  return steps;
}

/** A search state: positions in both step lists, and whether the run at each has taken a character. */
interface State {
  i: number;
  j: number;
  a: boolean;
  b: boolean;
}

/**
 * The shortest text both step lists match, or `null` when they share none. Breadth-first over
 * the product (every move emits at most one unit of text), so the cost is bounded by
 * `4 * |A| * |B|` states.
 */
function intersect(A: Step[], B: Step[], filler: string): string | null {
  const n = A.length;
  const m = B.length;
  const key = (s: State) => ((s.i * (m + 1) + s.j) * 2 + (s.a ? 1 : 0)) * 2 + (s.b ? 1 : 0);
  const prev = new Map<number, { from: number; text: string; state: State }>();
  const start: State = { i: 0, j: 0, a: false, b: false };
  prev.set(key(start), { from: -1, text: '', state: start });
  // 0-1 BFS: moves that emit nothing go to the front.
  const deque: State[] = [start];
  const done = (s: State) => s.i === n && s.j === m;
  while (deque.length) {
    const s = deque.shift()!;
    const sk = key(s);
    if (done(s)) return rebuild(prev, sk);
    const visit = (t: State, text: string) => {
      const tk = key(t);
      if (prev.has(tk)) return;
      prev.set(tk, { from: sk, text, state: t });
      if (text === '') deque.unshift(t);
      else deque.push(t);
    };
    const x = A[s.i];
    const y = B[s.j];
    // Leave a run once it has what it needs.
    if (x?.kind === 'run' && (x.min === 0 || s.a)) visit({ i: s.i + 1, j: s.j, a: false, b: s.b }, '');
    if (y?.kind === 'run' && (y.min === 0 || s.b)) visit({ i: s.i, j: s.j + 1, a: s.a, b: false }, '');
    if (!x || !y) continue;
    if (x.kind !== 'run' && y.kind !== 'run') {
      const c = x.kind === 'char' ? x.char : y.kind === 'char' ? y.char : filler[0];
      if (x.kind === 'char' && y.kind === 'char' && x.char !== y.char) continue;
      visit({ i: s.i + 1, j: s.j + 1, a: false, b: false }, c);
    } else if (x.kind !== 'run' && y.kind === 'run') {
      const c = x.kind === 'char' ? x.char : filler[0];
      if (!y.forbidden.includes(c)) visit({ i: s.i + 1, j: s.j, a: false, b: true }, c);
    } else if (x.kind === 'run' && y.kind !== 'run') {
      const c = y.kind === 'char' ? y.char : filler[0];
      if (!x.forbidden.includes(c)) visit({ i: s.i, j: s.j + 1, a: true, b: false }, c);
    } else if (x.kind === 'run' && y.kind === 'run' && !(s.a && s.b)) {
      // Both runs take the same sample text (a placeholder's sample when there is one).
      const sample =
        (y.sample ?? x.sample ?? filler)
          .split('')
          .filter((c) => !x.forbidden.includes(c) && !y.forbidden.includes(c))
          .join('') || 'x';
      visit({ i: s.i, j: s.j, a: true, b: true }, sample);
    }
  }
  return null;
}

function rebuild(prev: Map<number, { from: number; text: string }>, end: number): string {
  const parts: string[] = [];
  for (let k = end; k >= 0;) {
    const p = prev.get(k)!;
    parts.push(p.text);
    k = p.from;
  }
  return parts.reverse().join('');
}

/** A concrete ARN, with the policy-variable values it assumes (empty when none). */
export interface ArnWitness {
  arn: string;
  variables: VariableValues;
}

/**
 * An ARN matched by the policy pattern `pattern` (a Resource or NotResource value) that has the
 * catalogue format `template`, or `null` when there is none. `variables`: the policy is in
 * language 2012-10-17, so `${...}` in the pattern is a policy variable.
 *
 * @example
 * arnWitness('arn:aws:rekognition:*:*:project/MyProject/*',
 *   'arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}')
 * // { arn: 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000', variables: {} }
 */
export function arnWitness(pattern: string, template: string, options: { variables?: boolean; style?: WitnessStyle } = {}): ArnWitness | null {
  const style = options.style ?? DEFAULT_STYLE;
  const variables = options.variables ?? true;
  const tParts = splitSegments(template, true);
  if (!tParts) return null;
  const bound: VariableValues = {};
  const pParts = pattern === '*' ? ['arn', '*', '*', '*', '*', '*'] : splitSegments(pattern, variables);
  if (!pParts) return null;
  const out: string[] = [];
  for (let k = 0; k < 6; k++) {
    const b = templateSteps(tParts[k], k < 5, k === 5, style);
    // First with every `*` taking some text (`MyVersion/*` reads better as `MyVersion/1700000000000`
    // than as `MyVersion/`), then, when that finds nothing, with `*` allowed to be empty.
    const text =
      intersect(patternSteps(pParts[k], variables, style, bound, 1), b, style.star) ??
      intersect(patternSteps(pParts[k], variables, style, bound, 0), b, style.star);
    if (text === null) return null;
    out.push(text);
  }
  return { arn: out.join(':'), variables: bound };
}

/** Names of the header segments, for filling a pattern without a catalogue format. */
const HEADER_NAMES = ['', 'Partition', '', 'Region', 'Account'];

/**
 * A concrete ARN the pattern matches, with no catalogue format to follow: a header segment that
 * is only wildcards gets a realistic value (`aws`, `us-east-1`, `111122223333`), other `*` the
 * style's text and `?` one character. `null` when the pattern is not an ARN.
 */
export function fillPattern(pattern: string, options: { variables?: boolean; style?: WitnessStyle } = {}): ArnWitness | null {
  const style = options.style ?? DEFAULT_STYLE;
  const variables = options.variables ?? true;
  const parts = splitSegments(pattern, variables);
  if (!parts || parts[0] !== 'arn') return null;
  const bound: VariableValues = {};
  const out = parts.map((segment, k) => {
    const steps = patternSteps(segment, variables, style, bound, 1);
    const onlyWild = steps.length > 0 && steps.every((s) => s.kind !== 'char');
    if (onlyWild && HEADER_NAMES[k]) return style.placeholder(HEADER_NAMES[k]);
    return steps.map((s) => (s.kind === 'char' ? s.char : s.kind === 'one' ? style.star[0] : style.star)).join('');
  });
  return { arn: out.join(':'), variables: bound };
}

/** A catalogue ARN format with every placeholder filled with its sample value. */
export function sampleArn(template: string, style: WitnessStyle = DEFAULT_STYLE): string {
  return arnWitness('*', template, { style })?.arn ?? template;
}
