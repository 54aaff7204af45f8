/**
 * Date condition operators. IAM User Guide, reference_policies_elements_condition_operators.md
 * (Date condition operators): values in a W3C ISO 8601 format or epoch (UNIX) time, in the policy
 * and in the request (`aws:CurrentTime` is ISO 8601, `aws:EpochTime` is epoch seconds);
 * "Wildcards are not permitted for date condition operators"; "Policy variables – Not supported".
 */

import { parseAwsDate } from './iso-date';
import { parsed, rejected, type ComparisonOperator, type ParseOutcome } from './operator-descriptor';

function readDate(raw: string): ParseOutcome<number> {
  const ms = parseAwsDate(raw);
  return ms === null ? rejected('is not a date (ISO 8601 such as 2019-07-16T12:00:00Z or 2019-07-16, or epoch seconds)') : parsed(ms);
}

function dateOperator(
  name: string,
  negated: boolean,
  relation: string,
  holds: (request: number, policy: number) => boolean,
): ComparisonOperator<number, number> {
  return {
    kind: 'comparison',
    name,
    family: 'Date',
    negated,
    variables: false,
    wildcards: false,
    relation,
    expects: 'a date',
    parsePolicyValue: (raw) => readDate(raw),
    parseRequestValue: (raw) => readDate(raw),
    matches: (request, policy) => holds(request, policy),
  };
}

export const DateEquals = dateOperator('DateEquals', false, '', (r, p) => r === p);
export const DateNotEquals = dateOperator('DateNotEquals', true, '', (r, p) => r === p);
export const DateLessThan = dateOperator('DateLessThan', false, 'before', (r, p) => r < p);
export const DateLessThanEquals = dateOperator('DateLessThanEquals', false, 'at or before', (r, p) => r <= p);
export const DateGreaterThan = dateOperator('DateGreaterThan', false, 'after', (r, p) => r > p);
export const DateGreaterThanEquals = dateOperator('DateGreaterThanEquals', false, 'at or after', (r, p) => r >= p);

/** Every date operator, for the registry. */
export const dateOperators = [DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals];
