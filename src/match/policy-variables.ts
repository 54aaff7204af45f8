/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, the escapes `${*}`,
 * `${?}`, `${$}`, and defaults `${aws:x, 'default'}`.
 * IAM User Guide, reference_policies_variables.md: variables exist only in policy language
 * 2012-10-17 (in 2008-10-17 `${...}` is literal text), only in Resource and in string/ARN
 * condition values; a variable whose key is not in the request cannot match and makes the
 * statement invalid, unless a default value is given.
 */

import type { GlobToken } from './glob';
import type { RequestContext } from '../request/request-context';

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'wild'; char: '*' | '?' } | { kind: 'var'; key: string; fallback?: string; raw: string };

export interface Template {
  raw: string;
  parts: TemplatePart[];
  hasVariables: boolean;
}

export interface TemplateOptions {
  /** Parse `${...}` (policy language 2012-10-17). */
  variables: boolean;
  /** Treat `*` and `?` as wildcards (Resource, StringLike, ArnLike); otherwise they are text. */
  wildcards: boolean;
}

/** Matches `key` or `key, 'default'` inside `${ }`. */
const VAR_BODY = /^\s*([^,\s'}][^,'}]*?)\s*(?:,\s*'([^']*)'\s*)?$/;

export function parseTemplate(raw: string, opts: TemplateOptions): Template {
  const parts: TemplatePart[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push({ kind: 'text', text });
    text = '';
  };
  let hasVariables = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (opts.variables && ch === '$' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i + 2);
      if (close > 0) {
        const body = raw.slice(i + 2, close);
        if (body === '*' || body === '?' || body === '$') {
          // The escapes stand for the literal character, never a wildcard.
          text += body;
          i = close;
          continue;
        }
        const m = VAR_BODY.exec(body);
        if (m) {
          flush();
          const part: TemplatePart = { kind: 'var', key: m[1], raw: raw.slice(i, close + 1) };
          if (m[2] !== undefined) part.fallback = m[2];
          parts.push(part);
          hasVariables = true;
          i = close;
          continue;
        }
      }
    }
    if (opts.wildcards && (ch === '*' || ch === '?')) {
      flush();
      parts.push({ kind: 'wild', char: ch });
    } else text += ch;
  }
  flush();
  return { raw, parts, hasVariables };
}

export type Resolved = { ok: true; tokens: GlobToken[]; text: string } | { ok: false; missing: string };

/**
 * Substitutes variables from the request. Substituted values are literal text: a `*` inside a
 * tag value does not become a wildcard.
 */
export function resolveTemplate(t: Template, ctx: RequestContext): Resolved {
  const tokens: GlobToken[] = [];
  let text = '';
  for (const p of t.parts) {
    if (p.kind === 'text') {
      tokens.push({ kind: 'text', text: p.text });
      text += p.text;
    } else if (p.kind === 'wild') {
      tokens.push(p.char === '*' ? { kind: 'any' } : { kind: 'one' });
      text += p.char;
    } else {
      const v = ctx.get(p.key);
      // A multivalued key has no single value to put in place of the variable.
      const value = v && v.values.length === 1 && !v.multi ? v.values[0] : p.fallback;
      if (value === undefined) return { ok: false, missing: p.raw };
      tokens.push({ kind: 'text', text: value });
      text += value;
    }
  }
  return { ok: true, tokens, text };
}
