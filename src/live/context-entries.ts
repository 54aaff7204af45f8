/**
 * The request's condition keys as the simulator's typed `ContextEntries`. IAM API Reference,
 * API_ContextEntry.html: ContextKeyType is one of string, numeric, boolean, ip, binary, date and their
 * `...List` forms. The type of a key follows the condition operators the policies compare it
 * with (IAM User Guide, reference_policies_elements_condition_operators.md: Numeric*, Date*,
 * Bool, BinaryEquals, IpAddress/NotIpAddress; String* and Arn* compare strings). A key is a
 * list when the request gives several values or a policy tests it with `ForAllValues:` /
 * `ForAnyValue:` (reference_policies_condition-single-vs-multi-valued-context-keys.md).
 *
 * Only keys the policies refer to (in a Condition, or as a `${...}` policy variable) are sent:
 * other keys cannot change the decision, and leaving them out keeps the cache key stable (the
 * request time, say, changes on every run).
 */

import type { ContextEntry, ContextKeyTypeEnum } from '@aws-sdk/client-iam';
import { parseOperator } from '../conditions/parse-operator';
import type { OperatorFamily } from '../conditions/operators/operator-descriptor';
import { parseTemplate } from '../match/policy-variables';
import type { RequestContext } from '../request/request-context';
import type { Policy } from '../policy/policy-model';

const TYPE_OF_FAMILY: Record<Exclude<OperatorFamily, 'Null'>, ContextKeyTypeEnum> = {
  String: 'string',
  Arn: 'string',
  Numeric: 'numeric',
  Date: 'date',
  Boolean: 'boolean',
  Binary: 'binary',
  IpAddress: 'ip',
};

/** How the policies use one key. */
interface KeyUse {
  /** As first written. */
  key: string;
  types: Set<ContextKeyTypeEnum>;
  setOperator: boolean;
}

/** Every condition key and policy variable the policies refer to, with the types they compare it as. */
export function referencedKeys(policies: Policy[]): Map<string, KeyUse> {
  const uses = new Map<string, KeyUse>();
  const use = (key: string) => {
    const k = key.toLowerCase();
    let u = uses.get(k);
    if (!u) uses.set(k, (u = { key, types: new Set(), setOperator: false }));
    return u;
  };
  const variables = (policy: Policy, value: string) => {
    // reference_policies_variables.md: variables only exist in policy language 2012-10-17.
    if (policy.version !== '2012-10-17') return;
    for (const part of parseTemplate(value, { variables: true, wildcards: false }).parts) if (part.kind === 'var') use(part.key).types.add('string');
  };
  for (const p of policies)
    for (const s of p.statements) {
      for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) variables(p, r.value);
      for (const c of s.conditions) {
        const u = use(c.key);
        const parsed = parseOperator(c.operator);
        if (parsed.ok) {
          if (parsed.operator.qualifier) u.setOperator = true;
          const family = parsed.operator.descriptor.family;
          if (family !== 'Null') u.types.add(TYPE_OF_FAMILY[family]);
          if (family === 'String' || family === 'Arn') for (const v of c.values) variables(p, v.value);
        }
      }
    }
  return uses;
}

export interface TypedContext {
  /** Sorted by key, so equal contexts serialise equally. */
  entries: ContextEntry[];
  /** Keys that cannot be given one type, as sentences. */
  notComparable: string[];
  /** Those keys, lower case: the simulator sees them as absent. */
  unsent: Set<string>;
}

/**
 * The context entries for a request: every key the policies refer to that the request has, with
 * the type its operators imply. A key compared as two different types (say numeric and date)
 * cannot be sent, since an entry has one type; it is reported as not comparable.
 */
export function contextEntriesFor(policies: Policy[], context: RequestContext): TypedContext {
  const entries: ContextEntry[] = [];
  const notComparable: string[] = [];
  const unsent = new Set<string>();
  for (const [lower, use] of referencedKeys(policies)) {
    const value = context.get(lower);
    if (!value) continue;
    const typed = [...use.types].filter((t) => t !== 'string');
    if (typed.length > 1) {
      notComparable.push(`context key ${use.key} is compared as ${typed.join(' and ')}; the simulator takes one type per key`);
      unsent.add(lower);
      continue;
    }
    const base: ContextKeyTypeEnum = typed[0] ?? 'string';
    const list = value.multi || use.setOperator;
    entries.push({ ContextKeyName: value.key, ContextKeyValues: [...value.values], ContextKeyType: (list ? `${base}List` : base) as ContextKeyTypeEnum });
  }
  entries.sort((a, b) => (a.ContextKeyName ?? '').toLowerCase().localeCompare((b.ContextKeyName ?? '').toLowerCase()));
  return { entries, notComparable, unsent };
}
