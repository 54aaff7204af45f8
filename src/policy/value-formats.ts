import { quote } from '../diagnostics/issue-list';

/**
 * IAM User Guide, reference_policies_grammar.md (`action_string`) and
 * reference_policies_elements_action.md: `*`, or a service namespace, a colon and an action
 * name; prefix and name are case-insensitive and may hold `*` / `?` wildcards anywhere.
 */
const ACTION_PATTERN = /^[A-Za-z0-9*?-]+:[A-Za-z0-9_*?-]+$/;

/** Why `value` is not a valid Action/NotAction value, or undefined when it is. */
export function actionProblem(value: string): string | undefined {
  if (value === '*' || ACTION_PATTERN.test(value)) return undefined;
  const shown = quote(value);
  if (value === '') return 'an action must not be empty; write "*" or "service:ActionName"';
  if (/\s/.test(value)) return `${shown} is not an action: it contains white space`;
  if (!value.includes(':')) return `${shown} is not an action: write "*" or "service:ActionName" (e.g. "s3:GetObject")`;
  const [service, ...rest] = value.split(':');
  if (rest.length > 1) return `${shown} is not an action: it has more than one ':'`;
  if (!/^[A-Za-z0-9*?-]+$/.test(service))
    return `${shown} is not an action: the service prefix ${quote(service)} may hold only letters, digits, '-' and wildcards`;
  return `${shown} is not an action: the action name ${quote(rest[0])} may hold only letters, digits, '_', '-' and wildcards`;
}

/**
 * IAM User Guide, reference_policies_elements_resource.md and reference_identifiers.md
 * ("IAM ARNs"): `*` or an ARN `arn:partition:service:region:account-id:resource`. Region and
 * account may be empty (S3 `arn:aws:s3:::bucket`, IAM `arn:aws:iam::123456789012:user/x`);
 * wildcards may appear in any segment.
 */
export function resourceProblem(value: string, incompleteAllowed = false): string | undefined {
  if (value === '*') return undefined;
  // The common case, an ARN with its partition and service named, is told apart without building any message.
  const c1 = value.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : value.indexOf(':', c1 + 1);
  if (value.startsWith('arn:') && c1 > 4 && c2 > c1 + 1) {
    let colons = 3; // the ones after "arn", the partition and the service
    for (let i = value.indexOf(':', c2 + 1); i >= 0 && colons < 5; i = value.indexOf(':', i + 1)) colons++;
    if (colons >= 5) return undefined;
  }
  const shown = quote(value);
  if (!value.startsWith('arn:')) return `${shown} is not a resource: write "*" or an ARN such as "arn:aws:s3:::bucket/*"`;
  const parts = value.split(':');
  // reference_policies_elements_resource.md (current page): in an identity-based policy an
  // incomplete ARN is completed with "*" for every missing field (partition and service must be named).
  if (incompleteAllowed && parts.length >= 3 && parts.length < 6 && parts[1] && parts[2]) return undefined;
  if (parts.length < 6) {
    return `${shown} is not a valid ARN: it has ${parts.length} ':'-separated parts, an ARN has at least 6 (arn:partition:service:region:account:resource)${parts.length >= 3 ? '; only identity-based policies complete an incomplete ARN with "*"' : ''}`;
  }
  if (!parts[1]) return `${shown} is not a valid ARN: the partition (e.g. "aws") is empty`;
  if (!parts[2]) return `${shown} is not a valid ARN: the service (e.g. "s3") is empty`;
  return undefined;
}
