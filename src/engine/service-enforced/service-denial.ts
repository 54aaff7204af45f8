import type { BlockPublicAccessLevel, BlockPublicAccessSetting } from '../../policy/block-public-access-settings';

/**
 * A refusal that comes from the service itself, not from any policy: AWS answers AccessDenied
 * whatever the policies allow. The engine states it as codes; `src/explain` words it.
 */
export type ServiceDenial =
  | {
      layer: 'block-public-access';
      code: 'bpa-restrict-public-buckets' | 'bpa-block-public-acls';
      setting: BlockPublicAccessSetting;
      /** The level the setting is on at (the first of organisation, account, bucket). */
      level: BlockPublicAccessLevel;
    }
  | {
      layer: 'aws-protected';
      code: 'aws-managed-policy' | 'service-linked-role' | 'identity-center-role' | 'aws-kms-alias' | 'aws-managed-key';
      /** The protected resource, as the request names it. */
      resource: string;
    };
