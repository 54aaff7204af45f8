/**
 * `BinaryEquals`. IAM User Guide, reference_policies_elements_condition_operators.md (Binary
 * condition operators): "compares the value of the specified key byte for byte against a base-64
 * encoded representation of the binary value in the policy"; the page's request-context table
 * gives the request value base64 encoded too, so both sides are decoded and compared as bytes.
 * No policy variables, no wildcards.
 */

import { parsed, rejected, type ComparisonOperator, type ParseOutcome } from './operator-descriptor';

/** Standard base64 alphabet with its `=` padding (RFC 4648, section 4). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function readBase64(raw: string): ParseOutcome<Buffer> {
  return BASE64.test(raw) ? parsed(Buffer.from(raw, 'base64')) : rejected('is not base64 (standard alphabet, padded with =)');
}

export const BinaryEquals: ComparisonOperator<Buffer, Buffer> = {
  kind: 'comparison',
  name: 'BinaryEquals',
  family: 'Binary',
  negated: false,
  variables: false,
  wildcards: false,
  relation: '',
  expects: 'base64',
  parsePolicyValue: (raw) => readBase64(raw),
  parseRequestValue: (raw) => readBase64(raw),
  matches: (request, policy) => request.equals(policy),
};

/** Every binary operator, for the registry. */
export const binaryOperators = [BinaryEquals];
