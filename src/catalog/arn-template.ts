/**
 * Whether a concrete ARN fits a resource type's ARN format from the Service Authorization
 * Reference, e.g. `arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}`.
 *
 * The reference gives formats, not grammars, so the rule for what a placeholder may hold is
 * ours, chosen so every format in the reference tells its own resources apart:
 *
 * 1. Each `${Name}` placeholder, and each literal `*` the reference writes in a few formats,
 *    stands for one or more characters.
 * 2. A placeholder among the first five colon-separated ARN fields (partition, service, region,
 *    account; IAM User Guide, reference_identifiers.md, ARN format) holds neither `:` nor `/`.
 * 3. In the resource part, no placeholder but the last may hold `/`. The last one may, since
 *    S3 object keys (`${BucketName}/${ObjectName}`) and IAM paths (`role/${RoleNameWithPath}`)
 *    contain slashes; `:` is allowed, so a Lambda function ARN with a `:PROD` qualifier fits
 *    `function:${FunctionName}`.
 * 4. A fit that needed a `/` inside the last placeholder is an *extended* fit. It stands only
 *    when no other resource type of the same service fits with more literal text: the more
 *    specific format wins. Without this, a Rekognition project version
 *    (`project/P/version/V/123`) would also fit the project format
 *    (`project/${ProjectName}/${CreationTimestamp}` with timestamp `version/V/123`).
 *
 * Matching is case-sensitive, as ARN matching is (reference_policies_elements_condition_operators.md,
 * ArnEquals/ArnLike: "Case-sensitive matching of the ARN"), and
 * linear in the ARN's length for a given format: no RegExp is built; fixed text is found left to
 * right with `indexOf`. Taking the leftmost occurrence is safe: if the text after a placeholder
 * holds a character the placeholder may not, only one occurrence can fit; if not, a later one would
 * only move allowed characters from one placeholder to the next.
 */

import { BoundedMemo } from '../util/bounded-memo';

/** How an ARN fits one format: not at all, exactly, or only with a `/` in the last placeholder. */
export type TemplateFit = 'none' | 'exact' | 'extended';

/** A compiled ARN format. */
export interface ArnTemplate {
  readonly template: string;
  /** Characters of fixed text; more means a more specific format. */
  readonly literalLength: number;
  fit(arn: string): TemplateFit;
}

interface Slot {
  /** Fewest characters (adjacent placeholders merge, each needing one). */
  min: number;
  /** Characters this slot may not hold. */
  forbidden: string;
}

interface Shape {
  /** Fixed text before, between and after the slots: `texts.length === slots.length + 1`. */
  texts: string[];
  slots: Slot[];
}

// Keyed by the reference's ARN formats (a few thousand); bounded like every content-keyed cache.
const cache = new BoundedMemo<string, ArnTemplate>(10_000);

/** Compiles (and caches, keyed by its text) an ARN format from the reference. */
export function compileArnTemplate(template: string): ArnTemplate {
  return cache.get(template, () => {
    const shape = parseShape(template);
    const literalLength = shape.texts.reduce((n, s) => n + s.length, 0);
    return { template, literalLength, fit: (arn: string) => fitShape(shape, arn) };
  });
}

function parseShape(template: string): Shape {
  const texts: string[] = [];
  const slots: Slot[] = [];
  let text = '';
  let colons = 0;
  let i = 0;
  const addSlot = () => {
    const header = colons < 5;
    if (text === '' && slots.length > 0) {
      slots[slots.length - 1].min++; // `${A}${B}`: one slot of two or more characters
    } else {
      texts.push(text);
      slots.push({ min: 1, forbidden: header ? ':/' : '/' });
    }
    text = '';
  };
  while (i < template.length) {
    const close = template.startsWith('${', i) ? template.indexOf('}', i + 2) : -1;
    if (close > 0) {
      addSlot();
      i = close + 1;
    } else if (template[i] === '*') {
      addSlot();
      i++;
    } else {
      if (template[i] === ':') colons++;
      text += template[i++];
    }
  }
  texts.push(text);
  // The last slot of the resource part may hold `/` (rule 3); a header slot keeps its limits.
  const last = slots[slots.length - 1];
  if (last && last.forbidden === '/') last.forbidden = '';
  return { texts, slots };
}

function fitShape({ texts, slots }: Shape, arn: string): TemplateFit {
  if (slots.length === 0) return arn === texts[0] ? 'exact' : 'none';
  const head = texts[0];
  const tail = texts[texts.length - 1];
  if (!arn.startsWith(head)) return 'none';
  const end = arn.length - tail.length;
  if (end < head.length || !arn.endsWith(tail)) return 'none';
  let pos = head.length;
  for (let k = 0; k < slots.length - 1; k++) {
    const next = texts[k + 1];
    const at = arn.indexOf(next, pos + slots[k].min);
    if (at < 0 || at + next.length > end) return 'none';
    if (holdsAny(arn, pos, at, slots[k].forbidden)) return 'none';
    pos = at + next.length;
  }
  const last = slots[slots.length - 1];
  if (end - pos < last.min) return 'none';
  if (last.forbidden) return holdsAny(arn, pos, end, last.forbidden) ? 'none' : 'exact';
  return holdsAny(arn, pos, end, '/') ? 'extended' : 'exact';
}

/** Whether `s[from, to)` holds any character of `chars`. */
function holdsAny(s: string, from: number, to: number, chars: string): boolean {
  for (let i = from; i < to; i++) if (chars.includes(s[i])) return true;
  return false;
}

/** A resource type with its ARN format, as the catalogue gives it. */
export interface TypedArnFormat {
  key: string;
  arn: string;
}

/**
 * The resource types of one service that `arn` is, most specific first: every exact fit, and
 * every extended fit that no more specific format of the service also fits (rule 4).
 */
export function resourceTypesOfArn<T extends TypedArnFormat>(arn: string, types: readonly T[]): T[] {
  const fits: { type: T; fit: TemplateFit; literal: number }[] = [];
  for (const type of types) {
    const t = compileArnTemplate(type.arn);
    const fit = t.fit(arn);
    if (fit !== 'none') fits.push({ type, fit, literal: t.literalLength });
  }
  const mostSpecific = Math.max(...fits.map((f) => f.literal));
  return fits
    .filter((f) => f.fit === 'exact' || f.literal === mostSpecific)
    .sort((a, b) => b.literal - a.literal)
    .map((f) => f.type);
}
