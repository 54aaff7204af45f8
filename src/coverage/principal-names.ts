import type { RunRecord } from './run-records';

/** `principal arn:aws:iam::111122223333:role/X` in a recorded request line. */
const PRINCIPAL_IN_REQUEST = /(?:^|, )principal (arn:[^,\s]+|\d{12})/;

/**
 * One name per principal in a run's records. A scenario records its cells under the principal's
 * YAML name, a matcher under the request's principal ARN; when a name and an ARN are the same
 * caller (the named cells ask as that ARN), the ARN's cells take the name, so a report shows the
 * role once. An ARN two names ask as keeps its ARN: which name would be a guess.
 */
export function unifyPrincipalNames(records: readonly RunRecord[]): RunRecord[] {
  const namesByArn = new Map<string, Set<string>>();
  for (const r of records) {
    if (r.t !== 'cell' || r.principal.startsWith('arn:')) continue;
    const arn = PRINCIPAL_IN_REQUEST.exec(r.request)?.[1];
    if (!arn || arn === r.principal) continue;
    const names = namesByArn.get(arn) ?? new Set<string>();
    names.add(r.principal);
    namesByArn.set(arn, names);
  }
  return records.map((r) => {
    if (r.t !== 'cell') return r;
    const names = namesByArn.get(r.principal);
    return names?.size === 1 ? { ...r, principal: [...names][0] } : r;
  });
}
