import { stringify } from 'yaml';
import { policySet, type OrgLevelInput } from '../../../src/engine/build-policy-set';
import type { PolicySet } from '../../../src/policy/policy-set';
import type { OrgLevelDocs, PolicyDoc, PolicySetDocs, Statement } from './iam-arbitraries';

/**
 * Working with a generated policy set as documents: naming each of its policies (a slot),
 * adding a statement to one, reordering statements, and turning the documents into a parsed
 * PolicySet through `policySet()` from JSON or YAML text.
 */

/** One policy of a set: its role, and which policy or organisation level it is. */
export type PolicySlot =
  | { role: 'identity'; index: number }
  | { role: 'boundary' }
  | { role: 'scp'; level: number }
  | { role: 'rcp'; level: number }
  | { role: 'resource' }
  | { role: 'session' };

/** Every policy the set holds. */
export function slotsOf(docs: PolicySetDocs): PolicySlot[] {
  const slots: PolicySlot[] = docs.identity.map((_, index) => ({ role: 'identity' as const, index }));
  if (docs.boundary) slots.push({ role: 'boundary' });
  docs.scps?.forEach((_, level) => slots.push({ role: 'scp', level }));
  docs.rcps?.forEach((_, level) => slots.push({ role: 'rcp', level }));
  if (docs.resource) slots.push({ role: 'resource' });
  if (docs.session) slots.push({ role: 'session' });
  return slots;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The policy of `docs` at `slot` (docs must hold it). */
function policyAt(docs: PolicySetDocs, slot: PolicySlot): PolicyDoc {
  switch (slot.role) {
    case 'identity':
      return docs.identity[slot.index];
    case 'scp':
      return (docs.scps as OrgLevelDocs[])[slot.level].policies[0];
    case 'rcp':
      return (docs.rcps as OrgLevelDocs[])[slot.level].policies[0];
    default:
      return docs[slot.role] as PolicyDoc;
  }
}

/** A copy of `docs` with `statement` added at the end of the policy at `slot`. */
export function withStatementAt(docs: PolicySetDocs, slot: PolicySlot, statement: Statement): PolicySetDocs {
  const copy = clone(docs);
  policyAt(copy, slot).Statement.push(statement);
  return copy;
}

/** A copy of `docs` with the statements of every policy reordered by `order` (one permutation per policy). */
export function withStatementOrder(docs: PolicySetDocs, order: (statements: Statement[], slotIndex: number) => Statement[]): PolicySetDocs {
  const copy = clone(docs);
  slotsOf(copy).forEach((slot, i) => {
    const p = policyAt(copy, slot);
    p.Statement = order(p.Statement, i);
  });
  return copy;
}

/** The statement's role-appropriate form: resource-based policies and RCPs need a Principal. */
export function fitForSlot(slot: PolicySlot, statement: Statement): Statement {
  return slot.role === 'resource' || slot.role === 'rcp' ? { ...statement, Principal: '*' } : statement;
}

/** Parses every policy from text (JSON or YAML) and builds the set with `policySet()`. */
export function buildSet(docs: PolicySetDocs, format: 'json' | 'yaml' = 'json'): PolicySet {
  const text = (d: PolicyDoc) => (format === 'json' ? JSON.stringify(d, null, 2) : stringify(d));
  const levels = (ls?: OrgLevelDocs[]): OrgLevelInput[] | undefined => ls?.map((l) => ({ name: l.name, policies: l.policies.map(text) }));
  return policySet({
    identity: docs.identity.map(text),
    ...(docs.boundary ? { boundary: text(docs.boundary) } : {}),
    ...(docs.scps ? { scps: levels(docs.scps) } : {}),
    ...(docs.rcps ? { rcps: levels(docs.rcps) } : {}),
    ...(docs.resource ? { resource: [text(docs.resource)] } : {}),
    ...(docs.session ? { session: [text(docs.session)] } : {}),
  });
}
