import type { ArnPattern } from '../../match/arn';
import { parseTemplate, type TemplatePart } from '../../match/policy-variables';
import type { NormalizedRequest } from '../../request/access-request';
import { foldKey, type RequestContext } from '../../request/request-context';
import { afterFifthColon } from '../../request/arn-parts';

/**
 * The cheapest exact test for one Resource pattern, for the decision-only path. Each shape is
 * proved equal to `ArnPattern.match(...) === true` (src/match/arn.ts) by how that matcher reads
 * a pattern: wildcards work within the colon-separated segments and the resource part is
 * everything after the fifth colon (IAM User Guide, reference_policies_elements_resource.md), so
 * a pattern whose first five segments are plain text fixes the ARN's first five colons, and its
 * resource part decides the rest:
 * - no wildcard and no variable: the ARN equals the pattern;
 * - one `*`, at the end of the resource part: the ARN starts with the text before it;
 * - one `*`, at the start of the resource part: the ARN starts with the head and ends with the rest;
 * - plain text and policy variables with at most a final `*`: each piece is compared in place
 *   (`startsWith` at an offset), so a substituted pattern is never built
 *   (reference_policies_variables.md: a variable without a value matches nothing).
 * Anything else goes to the general matcher, which is the explaining path's own.
 */
export type ResourceTest = ((req: NormalizedRequest) => boolean) & { always?: true };

const ALWAYS: ResourceTest = Object.assign(() => true, { always: true as const });

/** Reads the value of a policy variable (its key in lower case) as resolveTemplate does (one single value, else the default). */
function variableValue(ctx: RequestContext, key: string, fallback: string | undefined): string | undefined {
  const v = ctx.getFolded(key);
  return v && v.values.length === 1 && !v.multi ? v.values[0] : fallback;
}

/** The fast test for one Resource pattern (`variables`: policy language 2012-10-17). */
export function resourceTest(pattern: ArnPattern, variables: boolean): ResourceTest {
  const source = pattern.source;
  if (pattern.matchesAll) return ALWAYS;
  const general: ResourceTest = (req) => pattern.match(req.resource, req.context) === true;
  const cut = afterFifthColon(source);
  if (!source.startsWith('arn:') || cut < 0) return general;
  const head = source.slice(0, cut);
  // The head must be plain text ($ excluded: it could start a variable the matcher reads).
  if (/[*?$]/.test(head)) return general;
  const tail = source.slice(cut);
  if (!variables || !tail.includes('${')) {
    if (tail.includes('?')) return general;
    const stars = tail.split('*').length - 1;
    if (stars === 0) return (req) => req.resource === source;
    if (stars === 1 && tail.endsWith('*')) {
      const prefix = source.slice(0, -1);
      return (req) => req.resource.startsWith(prefix);
    }
    if (stars === 1 && tail.startsWith('*')) {
      const suffix = tail.slice(1);
      const min = head.length + suffix.length;
      return (req) => req.resource.length >= min && req.resource.startsWith(head) && req.resource.endsWith(suffix);
    }
    return general;
  }
  const t = parseTemplate(tail, { variables: true, wildcards: true });
  const parts = t.parts;
  const open = parts.length > 0 && parts[parts.length - 1].kind === 'wild' && (parts[parts.length - 1] as { char: string }).char === '*';
  const pieces = open ? parts.slice(0, -1) : parts;
  if (pieces.some((p) => p.kind === 'wild')) return general;
  return piecewise(head, pieces as Exclude<TemplatePart, { kind: 'wild' }>[], open);
}

function piecewise(head: string, pieces: Exclude<TemplatePart, { kind: 'wild' }>[], open: boolean): ResourceTest {
  const texts = pieces.map((p) => (p.kind === 'text' ? p.text : null));
  // Context keys are case-insensitive (request-context.ts): folded once here.
  const keys = pieces.map((p) => (p.kind === 'var' ? foldKey(p.key) : ''));
  const fallbacks = pieces.map((p) => (p.kind === 'var' ? p.fallback : undefined));
  const n = pieces.length;
  return (req) => {
    const v = req.resource;
    if (!v.startsWith(head)) return false;
    let pos = head.length;
    for (let i = 0; i < n; i++) {
      const s = texts[i] ?? variableValue(req.context, keys[i], fallbacks[i]);
      if (s === undefined || !v.startsWith(s, pos)) return false;
      pos += s.length;
    }
    return open || pos === v.length;
  };
}
