/**
 * ARN syntax: IAM User Guide, reference_identifiers.md (ARN format
 * `arn:partition:service:region:account-id:resource`). Requests name their principal and resource
 * by ARN, so splitting one belongs with the request; matching patterns against it is in match/.
 */

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN at its first five colons; `null` when it is not an ARN. */
export function splitArn(arn: string): ArnParts | null {
  if (!arn.startsWith('arn:')) return null;
  const c1 = arn.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : arn.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : arn.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : arn.indexOf(':', c3 + 1);
  if (c4 < 0) return null;
  return {
    partition: arn.slice(4, c1),
    service: arn.slice(c1 + 1, c2),
    region: arn.slice(c2 + 1, c3),
    account: arn.slice(c3 + 1, c4),
    resource: arn.slice(c4 + 1),
  };
}

/** Index just past the fifth colon of `s` (where an ARN's resource part starts), or -1. */
export function afterFifthColon(s: string): number {
  let at = -1;
  for (let i = 0; i < 5; i++) if ((at = s.indexOf(':', at + 1)) < 0) return -1;
  return at + 1;
}

/** Whether `s` is an ARN, i.e. {@link splitArn} would not give null, without cutting it up. */
export function isArn(s: string): boolean {
  return s.startsWith('arn:') && afterFifthColon(s) > 0;
}

// One evaluation tests one request ARN against many patterns: split it once.
let lastArn: string | undefined;
let lastParts: ArnParts | null = null;

/**
 * {@link splitArn} with a one-entry memo (ARN strings are immutable, so this is always exact):
 * one evaluation splits the request's resource once, however many patterns it is tested against.
 * The result is shared: callers must not modify it.
 */
export function splitArnOnce(arn: string): ArnParts | null {
  if (arn !== lastArn) {
    lastParts = splitArn(arn);
    lastArn = arn;
  }
  return lastParts;
}
