/**
 * The one converter from a service-reference template to a glob. The reference writes names
 * with placeholders: condition keys (`aws:ResourceTag/${TagKey}`, `<name>` in a few services)
 * and the service part of ARN formats (`arn:${Partition}:...`). Each placeholder stands for one
 * or more characters of any kind (tag keys may hold `/`, `:` and spaces); every other character
 * is literal, `*` and `?` included. Built as glob tokens, never as a RegExp, and only from the
 * reference's own text. ARN formats as a whole, with their per-segment rules, are read by
 * `arn-template.ts`.
 */

import { compileGlob, type Glob, type GlobToken } from '../match/glob';

/**
 * The service reference writes some tag keys with a literal placeholder instead of `${TagKey}`
 * (`secretsmanager:ResourceTag/tag-key`, `ssm:resourceTag/tag-key`); the Service Authorization
 * Reference pages say the key is `...ResourceTag/${TagKey}` for the same services, so a trailing
 * `/tag-key` is read as the same template.
 */
export function asTemplate(key: string): string {
  return /\/tag-key$/i.test(key) ? `${key.slice(0, -'tag-key'.length)}\${TagKey}` : key;
}

/** Whether a reference name holds a placeholder (`${Name}` or `<name>`). */
export function hasPlaceholder(key: string): boolean {
  return /\$\{[^}]*\}|<[^>]*>/.test(asTemplate(key));
}

/** A case-insensitive matcher for a reference template (see the module comment). */
export function templateGlob(written: string): Glob {
  const template = asTemplate(written);
  const tokens: GlobToken[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const close = template.startsWith('${', i) ? template.indexOf('}', i) : template[i] === '<' ? template.indexOf('>', i) : -1;
    if (close > i) {
      if (text) tokens.push({ kind: 'text', text });
      text = '';
      tokens.push({ kind: 'one' }, { kind: 'any' });
      i = close + 1;
    } else text += template[i++];
  }
  if (text) tokens.push({ kind: 'text', text });
  return compileGlob(tokens, true);
}
