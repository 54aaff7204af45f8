import type { PolicySet } from '../../policy/policy-set';
import type { NormalizedRequest } from '../../request/access-request';
import { splitArn } from '../../request/arn-parts';
import type { ServiceDenial } from './service-denial';

/**
 * Resources AWS owns and refuses to let customers change, whatever the policies allow. Each
 * rule names the page it rests on; docs/service-enforced.md lists them with what is left out.
 */
interface ProtectedRule {
  code: Extract<ServiceDenial, { layer: 'aws-protected' }>['code'];
  /** Whether the request's resource is one this rule protects. */
  protects(resource: string, set: PolicySet): boolean;
  /** The actions refused on it (lower case). */
  actions: ReadonlySet<string>;
  /** Whether the caller is the service that owns the resource, which may change it. */
  owner(req: NormalizedRequest): boolean;
}

const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
const isService = (req: NormalizedRequest) => req.principal?.kind === 'Service';
// id_roles_terms-and-concepts.md: a service-linked role's path is /aws-service-role/; the
// service acting through it is the owner of what it manages.
const isServiceLinkedCaller = (req: NormalizedRequest) =>
  isService(req) || /:role\/aws-service-role\//.test(req.principal?.principalArn ?? '') || (req.principal?.roleName ?? '').startsWith('AWSServiceRoleFor');

const iamResource = (resource: string) => {
  const arn = splitArn(resource);
  return arn && arn.service === 'iam' ? arn : undefined;
};

const ROLE_CHANGES = [
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRole',
];

const RULES: readonly ProtectedRule[] = [
  {
    // IAM User Guide, access_policies_managed-vs-inline.md: "You cannot change the permissions
    // defined in AWS managed policies." AWS managed policies live in the account `aws`
    // (reference_identifiers.md: arn:aws:iam::aws:policy/...).
    code: 'aws-managed-policy',
    protects: (r) => iamResource(r)?.account === 'aws' && iamResource(r)!.resource.startsWith('policy/'),
    actions: lower(['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy']),
    owner: () => false,
  },
  {
    // IAM User Guide, using-service-linked-roles.md: "An IAM administrator can view, but not edit
    // the permissions for service-linked roles"; the linked service defines the trust and
    // permissions policies, and the role is deleted with iam:DeleteServiceLinkedRole. Only the
    // description may be edited (iam:UpdateRoleDescription).
    code: 'service-linked-role',
    protects: (r) => !!iamResource(r)?.resource.startsWith('role/aws-service-role/'),
    actions: lower(ROLE_CHANGES),
    owner: isServiceLinkedCaller,
  },
  {
    // IAM Identity Center User Guide, identity-center-and-iam-roles.md and
    // using-service-linked-roles.md: roles named AWSReservedSSO_ on the path
    // /aws-reserved/sso.amazonaws.com/ are created and kept by IAM Identity Center through its
    // service-linked role AWSServiceRoleForSSO; IAM refuses other changes ("Cannot perform the
    // operation on the protected role ... this role is only modifiable by AWS").
    code: 'identity-center-role',
    protects: (r) => /^role\/aws-reserved\/sso\.amazonaws\.com\/(.+\/)?AWSReservedSSO_/.test(iamResource(r)?.resource ?? ''),
    actions: lower([...ROLE_CHANGES, 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:TagRole', 'iam:UntagRole']),
    owner: (req) => isService(req) || req.principal?.roleName === 'AWSServiceRoleForSSO',
  },
  {
    // AWS KMS Developer Guide, kms-alias.md: alias names that begin with aws/ are reserved for
    // AWS managed keys; customers cannot create, update or delete them.
    code: 'aws-kms-alias',
    protects: (r) => {
      const arn = splitArn(r);
      return !!arn && arn.service === 'kms' && arn.resource.startsWith('alias/aws/');
    },
    actions: lower(['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias']),
    owner: isService,
  },
  {
    // AWS KMS Developer Guide, concepts.md#aws-managed-key: "You can view AWS managed keys ...
    // but you cannot change any properties of AWS managed keys, rotate them, change their key
    // policies, or schedule them for deletion." A key ARN does not show that the key is AWS
    // managed, so the policy set names such keys (`awsManagedKeys`).
    code: 'aws-managed-key',
    protects: (r, set) => !!set.awsManagedKeys?.includes(r),
    actions: lower([
      'kms:PutKeyPolicy',
      'kms:ScheduleKeyDeletion',
      'kms:CancelKeyDeletion',
      'kms:DisableKey',
      'kms:EnableKey',
      'kms:EnableKeyRotation',
      'kms:DisableKeyRotation',
      'kms:RotateKeyOnDemand',
      'kms:UpdateKeyDescription',
      'kms:TagResource',
      'kms:UntagResource',
    ]),
    owner: isService,
  },
];

/** The AWS-protected resource rule that refuses this allowed request, if any. */
export function awsProtectedDenial(set: PolicySet, req: NormalizedRequest): ServiceDenial | undefined {
  if (req.resource === '*' || (req.service !== 'iam' && req.service !== 'kms')) return undefined;
  const action = req.action.toLowerCase();
  for (const rule of RULES) {
    if (rule.actions.has(action) && rule.protects(req.resource, set) && !rule.owner(req))
      return { layer: 'aws-protected', code: rule.code, resource: req.resource };
  }
  return undefined;
}

/** The protected-resource rules that can refuse this action (lower-cased codes): what of an action the rules read. */
export function protectedRulesFor(action: string): string[] {
  const a = action.toLowerCase();
  return RULES.filter((r) => r.actions.has(a)).map((r) => r.code);
}
