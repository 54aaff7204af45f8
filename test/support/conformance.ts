import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { policySet, type PolicySetInput } from '../../src/engine/build-policy-set';
import type { AccessRequest } from '../../src/request/access-request';
import type { DecisionResult } from '../../src/engine/decision';
import type { PolicySet } from '../../src/policy/policy-set';

/**
 * The conformance corpus (test/conformance/README.md): cases as data, each a policy set, a
 * request, the decision AWS documents and the page and sentence it rests on. This loader is the
 * one reader of the format: the Jest suite uses it, and so can the IAM cross-check (cases with
 * `crossCheck: true` use only identity, resource and boundary policies, which
 * SimulateCustomPolicy takes).
 */
export interface ConformanceCase {
  id: string;
  name: string;
  doc: { page: string; sentence: string };
  /** `policySet()` input: identity, resource, trust, boundary, scps, rcps, session, endpoint. */
  policies: PolicySetInput;
  request: AccessRequest;
  expect: DecisionResult;
  /** Whether the IAM policy simulator can replay it (identity, resource and boundary policies only). */
  crossCheck: boolean;
  /** The file it was read from. */
  file: string;
}

const RESULTS: readonly DecisionResult[] = ['Allow', 'ExplicitDeny', 'ImplicitDeny'];

/** Default folder of the corpus. */
export const CONFORMANCE_DIR = path.join(__dirname, '..', 'conformance', 'cases');

/** Reads every `*.yaml` file of `dir`; a malformed case is an error naming the file and the case. */
export function loadConformanceCases(dir: string = CONFORMANCE_DIR): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  const ids = new Set<string>();
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const file = path.join(dir, name);
    const data = YAML.parse(fs.readFileSync(file, 'utf8')) as { cases?: unknown };
    if (!data || !Array.isArray(data.cases)) throw new Error(`${name}: expected a mapping with a "cases" list`);
    data.cases.forEach((raw, i) => {
      const c = raw as Partial<ConformanceCase>;
      const where = `${name}: case ${i} (${c?.id ?? 'no id'})`;
      if (!c || typeof c.id !== 'string' || typeof c.name !== 'string') throw new Error(`${where}: needs an id and a name`);
      if (ids.has(c.id)) throw new Error(`${where}: duplicate id`);
      ids.add(c.id);
      if (!c.doc || typeof c.doc.page !== 'string' || typeof c.doc.sentence !== 'string' || !c.doc.page || !c.doc.sentence)
        throw new Error(`${where}: needs doc.page and doc.sentence`);
      if (!c.policies || typeof c.policies !== 'object') throw new Error(`${where}: needs policies`);
      if (!c.request || typeof c.request.action !== 'string') throw new Error(`${where}: needs request.action`);
      if (!RESULTS.includes(c.expect as DecisionResult)) throw new Error(`${where}: expect must be one of ${RESULTS.join(', ')}`);
      out.push({ ...(c as ConformanceCase), crossCheck: c.crossCheck === true, file });
    });
  }
  return out;
}

/** The policy set of a case, parsed with the grammar of each policy type. */
export function conformancePolicySet(c: ConformanceCase): PolicySet {
  return policySet({ identity: [], ...c.policies });
}

/** The policy types a case uses. */
export function policyTypesOf(c: ConformanceCase): string[] {
  return Object.entries(c.policies)
    .filter(([, v]) => v !== undefined && (!Array.isArray(v) || v.length > 0))
    .map(([k]) => ({ scps: 'scp', rcps: 'rcp' })[k] ?? k);
}
