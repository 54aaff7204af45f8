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
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const c = arn.indexOf(':', start);
    if (c < 0) return null;
    parts.push(arn.slice(start, c));
    start = c + 1;
  }
  if (parts[0] !== 'arn') return null;
  return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: arn.slice(start) };
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
