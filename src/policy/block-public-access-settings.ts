/**
 * S3 Block Public Access settings, as an input of a policy set. Amazon S3 User Guide,
 * access-control-block-public-access.md: four independent settings, each applied to a bucket or
 * to a whole account; "Amazon S3 applies the most restrictive combination of the bucket-level and
 * account-level settings". AWS Organizations User Guide, orgs_manage_policies_s3.md: an Amazon
 * S3 policy attached in the organisation controls "all four Block Public Access settings ... as a
 * single configuration" and overrides the account-level settings.
 */

import { nearestName } from '../diagnostics/nearest-name';

/** The four settings, by their API names (PublicAccessBlockConfiguration). */
export interface BlockPublicAccessSettings {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

/** The setting names, in the order AWS lists them. */
export const BLOCK_PUBLIC_ACCESS_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export type BlockPublicAccessSetting = (typeof BLOCK_PUBLIC_ACCESS_SETTINGS)[number];

/** Block Public Access at every level where S3 has it. */
export interface BlockPublicAccess {
  /**
   * An Amazon S3 policy of the organisation: `true` turns on all four settings together
   * (orgs_manage_policies_s3.md: the settings cannot be chosen one by one there); `false` or absent
   * leaves the account-level settings in force.
   */
  organization?: boolean;
  /** The bucket owner's account-level settings (S3 Control `GetPublicAccessBlock`). */
  account?: BlockPublicAccessSettings;
  /** The bucket's own settings (S3 `GetBucketPublicAccessBlock`). */
  bucket?: BlockPublicAccessSettings;
}

/** Where one effective setting comes from, for the explanation. */
export type BlockPublicAccessLevel = 'organization' | 'account' | 'bucket';

/** The effective settings: a level for each setting that is on, the first of organisation, account, bucket. */
export type EffectiveBlockPublicAccess = Partial<Record<BlockPublicAccessSetting, BlockPublicAccessLevel>>;

/** The most restrictive combination of the levels (access-control-block-public-access.md). */
export function effectiveBlockPublicAccess(bpa: BlockPublicAccess | undefined): EffectiveBlockPublicAccess {
  const out: EffectiveBlockPublicAccess = {};
  if (!bpa) return out;
  for (const name of BLOCK_PUBLIC_ACCESS_SETTINGS) {
    if (bpa.organization) out[name] = 'organization';
    else if (bpa.account?.[name]) out[name] = 'account';
    else if (bpa.bucket?.[name]) out[name] = 'bucket';
  }
  return out;
}

/**
 * Problems with a `blockPublicAccess` input, each as `path: message` (an unknown level or
 * setting, a value that is not true/false). Empty when it is well formed.
 */
export function blockPublicAccessProblems(input: unknown, at = 'blockPublicAccess'): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [`${at} must be an object { organization?, account?, bucket? }`];
  const problems: string[] = [];
  for (const [level, value] of Object.entries(input)) {
    if (level === 'organization') {
      if (typeof value !== 'boolean') problems.push(`${at}.organization must be true or false (an Amazon S3 policy turns all four settings on together)`);
    } else if (level === 'account' || level === 'bucket') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(`${at}.${level} must be an object of settings (${BLOCK_PUBLIC_ACCESS_SETTINGS.join(', ')})`);
        continue;
      }
      for (const [name, on] of Object.entries(value)) {
        if (!(BLOCK_PUBLIC_ACCESS_SETTINGS as readonly string[]).includes(name)) {
          const near = nearestName(name, BLOCK_PUBLIC_ACCESS_SETTINGS);
          problems.push(
            `${at}.${level} has no setting ${JSON.stringify(name)}${near ? `; did you mean ${JSON.stringify(near)}?` : ` (settings: ${BLOCK_PUBLIC_ACCESS_SETTINGS.join(', ')})`}`,
          );
        } else if (typeof on !== 'boolean') problems.push(`${at}.${level}.${name} must be true or false`);
      }
    } else {
      const near = nearestName(level, ['organization', 'account', 'bucket']);
      problems.push(
        `${at} has no level ${JSON.stringify(level)}${near ? `; did you mean ${JSON.stringify(near)}?` : ' (levels: organization, account, bucket)'}`,
      );
    }
  }
  return problems;
}
