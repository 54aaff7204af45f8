import { parsePolicy } from '../../src/policy/parse-policy';
import type { Policy } from '../../src/policy/policy-model';
import type { PolicyType } from '../../src/policy/policy-type';

/** A policy from statements, as JSON text so positions are real. */
export function policyOf(statements: object[], opts: { name?: string; version?: string | null; policyType?: PolicyType } = {}): Policy {
  const doc: Record<string, unknown> = {};
  if (opts.version !== null) doc.Version = opts.version ?? '2012-10-17';
  doc.Statement = statements;
  return parsePolicy(JSON.stringify(doc, null, 2), { name: opts.name ?? 'test.json', policyType: opts.policyType ?? 'identity' });
}

export const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
export const deny = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
