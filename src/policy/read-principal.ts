import type { PrincipalSpec } from './policy-model';
import type { SourceNode } from './source-tree';
import { describeKind, quote, type IssueList, type IssuePath } from '../diagnostics/issue-list';
import { readStringList } from './read-string-list';
import { nearestName } from '../diagnostics/nearest-name';

/**
 * IAM User Guide, reference_policies_grammar.md: `<principal_block> = ("Principal" | "NotPrincipal")
 * : ("*" | <principal_map>)`, where the map's keys are "AWS", "Federated", "Service" or
 * "CanonicalUser", each with one principal id or a list of them.
 */
export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
type PrincipalType = (typeof PRINCIPAL_TYPES)[number];
const PRINCIPAL_TYPE_SET: ReadonlySet<string> = new Set(PRINCIPAL_TYPES);

/** Reads a Principal / NotPrincipal value; reports and returns undefined when it is malformed. */
export function readPrincipal(node: SourceNode, element: 'Principal' | 'NotPrincipal', path: IssuePath, issues: IssueList): PrincipalSpec | undefined {
  const spec: PrincipalSpec = { any: false, AWS: [], Service: [], Federated: [], CanonicalUser: [], pos: node.pos };
  if (node.kind === 'string') {
    if (node.value === '*') {
      spec.any = true;
      return spec;
    }
    issues.error(
      'bad-principal',
      `${element} must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}, not the string ${quote(String(node.value))}`,
      node.pos,
      path,
    );
    return undefined;
  }
  if (node.kind !== 'object') {
    issues.error('bad-value-type', `${element} must be "*" or an object of principal types, not ${describeKind(node)}`, node.pos, path);
    return undefined;
  }
  const entries = node.entries ?? [];
  if (!entries.length) {
    issues.error('bad-principal', `${element} must name at least one principal type (${PRINCIPAL_TYPES.join(', ')})`, node.pos, path);
    return undefined;
  }
  let ok = true;
  for (const entry of entries) {
    const at = [...path, entry.key];
    if (!PRINCIPAL_TYPE_SET.has(entry.key)) {
      const hint = nearestName(entry.key, PRINCIPAL_TYPES);
      issues.error(
        'unknown-principal-type',
        `unknown principal type ${quote(entry.key)} in ${element}${hint ? `; did you mean "${hint}"?` : ` (allowed: ${PRINCIPAL_TYPES.join(', ')})`}`,
        entry.keyPos,
        at,
      );
      ok = false;
      continue;
    }
    const values = readStringList(entry.value, `${element}.${entry.key}`, at, issues);
    if (!values) {
      ok = false;
      continue;
    }
    for (const { str, path: valuePath } of values) {
      // reference_policies_grammar.md (principal_id_string): "*" may only mean everyone; it
      // cannot stand for part of a name or ARN.
      if (str.value !== '*' && str.value.includes('*')) {
        issues.error(
          'bad-principal',
          `${quote(str.value)} is not a principal: a wildcard may only stand alone ("*") for all principals, not for part of a name or ARN (use a condition on aws:PrincipalArn instead)`,
          str.pos,
          valuePath,
        );
        ok = false;
      } else if (str.value.trim() === '') {
        issues.error('bad-principal', `${element}.${entry.key} must not hold an empty string`, str.pos, valuePath);
        ok = false;
      } else if (entry.key === 'AWS' && badAccount(str.value)) {
        // reference_policies_elements_principal.md ("AWS account principals"): an account is its
        // 12-digit id or arn:aws:iam::123456789012:root; IAM and STS principal ARNs carry that id.
        issues.error('bad-principal', `${quote(str.value)} is not a principal: ${badAccount(str.value)}`, str.pos, valuePath);
        ok = false;
      }
    }
    spec[entry.key as PrincipalType].push(...values.map((v) => v.str));
  }
  return ok ? spec : undefined;
}

/** Why an AWS principal's account id is wrong (not 12 digits), or undefined when it is fine or not an account. */
export function badAccount(value: string): string | undefined {
  if (/^\d+$/.test(value)) return value.length === 12 ? undefined : `an AWS account id has 12 digits, this one ${value.length}`;
  const m = /^arn:[^:]*:(iam|sts):[^:]*:([^:]*):/.exec(value);
  if (!m || /^\d{12}$/.test(m[2])) return undefined;
  return m[2] === ''
    ? 'the account id of an IAM or STS principal ARN is empty'
    : `the account ${quote(m[2])} of an IAM or STS principal ARN is not a 12-digit AWS account id`;
}
