import type { ContextInput, ContextInputValue } from '../request/request-context';
import { quote } from '../diagnostics/issue-list';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourceNode } from '../policy/source-tree';
import type { ScenarioSource } from './scenario-source';
import { VarScope } from './scenario-vars';
import { scalarAsWritten } from './source-node-access';

/** A context map being built: no prototype, so a key like `__proto__` is just a key. */
type ContextRecord = Record<string, ContextInputValue | null>;

const emptyContext = (): ContextRecord => Object.create(null) as ContextRecord;

/**
 * Reads a `context:` mapping: vars substituted in keys and values, numbers as written, lists as
 * multivalued keys, `null` as "key absent". Condition key names are case-insensitive (IAM User
 * Guide, reference_policies_variables.md: "Key names are case-insensitive"), so two keys that
 * differ only in case are an error rather than a silent override.
 */
export function readContext(
  node: SourceNode | undefined,
  source: ScenarioSource,
  vars: VarScope,
  at: (string | number)[],
  issues: PolicyIssue[],
): ContextInput | undefined {
  if (!node || node.kind !== 'object') return undefined;
  const out = emptyContext();
  const firstByLower = new Map<string, string>();
  for (const e of node.entries ?? []) {
    const lineEnd = source.text.indexOf('\n', e.keyPos.offset);
    const raw = source.text.slice(e.keyPos.offset, lineEnd < 0 ? undefined : lineEnd);
    const key = vars.expand({ value: e.key, pos: e.keyPos, source, raw, path: [...at, e.key] });
    const earlier = firstByLower.get(key.toLowerCase());
    if (earlier !== undefined) {
      issues.push({
        severity: 'error',
        code: 'duplicate-context-key',
        message: `context key ${quote(key)} is the same key as ${quote(earlier)}: condition key names are case-insensitive`,
        pos: e.keyPos,
        path: [...at, e.key],
      });
      continue;
    }
    firstByLower.set(key.toLowerCase(), key);
    const v = e.value;
    const scalar = (n: SourceNode, p: (string | number)[]) =>
      n.kind === 'string' ? vars.expand(VarScope.textOf(n, source, p)) : scalarAsWritten(n, source.text);
    if (v.kind === 'null') out[key] = null;
    else if (v.kind === 'array')
      out[key] = (v.items ?? []).filter((x) => x.kind !== 'object' && x.kind !== 'array' && x.kind !== 'null').map((x, i) => scalar(x, [...at, e.key, i]));
    else if (v.kind !== 'object') out[key] = scalar(v, [...at, e.key]);
  }
  return out;
}

/**
 * `own` over `base`: a key of `own` replaces the key of `base` with the same name in any case
 * (reference_policies_variables.md: key names are case-insensitive); `null` in `own` removes it.
 */
export function mergeContext(base: ContextInput | undefined, own: ContextInput | undefined): ContextInput | undefined {
  if (!own) return base;
  if (!base) return own;
  const out = emptyContext();
  const ownLower = new Set(Object.keys(own).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(base)) if (!ownLower.has(k.toLowerCase()) && v !== undefined) out[k] = v;
  for (const [k, v] of Object.entries(own)) if (v !== undefined) out[k] = v;
  return out;
}
