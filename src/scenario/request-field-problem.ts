/**
 * Checks one field of the requests a scenario will make, with the same rules the evaluator
 * applies (`normalizeRequest`), so a malformed action or ARN is reported at load time with its
 * line and column instead of failing every test that uses it.
 */

import { normalizeRequest, type AccessRequest } from '../request/access-request';
import type { ContextInput } from '../request/request-context';
import { PolicyValidationError } from '../diagnostics/policy-issue';

type Field = 'action' | 'resource' | 'principal' | 'context';

/** Known-good values for the fields not under test. */
const BASE: AccessRequest = { action: 'iam:GetUser', resource: '*' };

/** Why `value` is not usable as the request's `field`, or undefined when it is. */
export function requestFieldProblem(field: Field, value: string | ContextInput): string | undefined {
  const req: AccessRequest = { ...BASE };
  if (field === 'context') req.context = value as ContextInput;
  else req[field] = value as string;
  try {
    normalizeRequest(req);
    return undefined;
  } catch (e) {
    if (!(e instanceof PolicyValidationError)) return e instanceof Error ? e.message : String(e);
    return e.issues.find((i) => i.code === `bad-request-${field}`)?.message ?? e.issues[0]?.message;
  }
}

/** IAM User Guide, console_account-alias.md ("Finding your AWS account ID"): a "12-digit account number (ID)". */
export function accountIdProblem(value: string): string | undefined {
  return /^[0-9]{12}$/.test(value) ? undefined : `${JSON.stringify(value)} is not an AWS account id (12 digits; quote it in YAML so leading zeros stay)`;
}
