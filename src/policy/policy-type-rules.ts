import type { PolicyType } from './policy-type';
import type { StatementDraft } from './statement-draft';
import { quote, type IssueList } from '../diagnostics/issue-list';

/** What each policy type allows; `generic` applies when the caller did not say which type. */
interface TypeRules {
  /** "an identity policy", for messages. */
  label: string;
  principal: 'forbidden' | 'required' | 'optional';
  notPrincipal: boolean;
  resource: 'required' | 'forbidden' | 'unless-principal';
  notAction: boolean;
  /** Sid limited to A-Z, a-z, 0-9. */
  alphanumericSid: boolean;
  /** Whether the policy-level Id element is expected. */
  id: boolean;
  /** The page the principal rule comes from. */
  principalDoc: string;
  /**
   * Whether an incomplete ARN (fewer than six fields) is completed with `*`. IAM User Guide,
   * reference_policies_elements_resource.md / reference_identifiers.md (current pages): "When
   * you specify an incomplete ARN (one with fewer than the standard six fields) in an
   * identity-based policy, AWS automatically completes the ARN by adding wildcard characters (*)
   * to all missing fields." Stated for identity-based policies only (a permissions boundary is an
   * identity-based managed policy); session policies are refused (issue 15), and so is every
   * other type no page extends the rule to.
   */
  incompleteArns: boolean;
}

// Principal rules: IAM User Guide, reference_policies_grammar.md (grammar notes: principal_block
// is required in resource-based policies and role trust policies and must not be included in
// identity-based policies) and reference_policies_elements_principal.md. NotPrincipal: IAM User
// Guide, reference_policies_elements_notprincipal.md (not in identity-based policies nor in role
// trust policies; SCPs and RCPs do not support it). SCPs: AWS Organizations User Guide,
// orgs_manage_policies_scps_syntax.md ("Unsupported elements": Principal, NotPrincipal); since
// the 2025 "full IAM language" update SCPs accept NotResource, NotAction and Conditions in both
// Allow and Deny (AWS Security Blog, "AWS Organizations service control policy now supports full
// IAM language"). RCPs: orgs_manage_policies_rcps_syntax.md (elements: Version, Statement, Sid,
// Effect, Principal, Action, Resource, NotResource, Condition; no NotAction, no NotPrincipal).
// Id: reference_policies_grammar.md notes: "The id_block ... must not be included in
// identity-based policies". Sid: reference_policies_elements_sid.md (IAM: A-Z, a-z, 0-9 only).
const RULES = new Map<PolicyType | 'generic', TypeRules>([
  [
    'identity',
    {
      label: 'an identity policy',
      principal: 'forbidden',
      notPrincipal: false,
      resource: 'required',
      notAction: true,
      alphanumericSid: true,
      id: false,
      principalDoc: 'reference_policies_elements_principal.md',
      incompleteArns: true,
    },
  ],
  [
    'boundary',
    {
      label: 'a permissions boundary',
      principal: 'forbidden',
      notPrincipal: false,
      resource: 'required',
      notAction: true,
      alphanumericSid: true,
      id: false,
      principalDoc: 'reference_policies_elements_principal.md',
      incompleteArns: true,
    },
  ],
  [
    'session',
    {
      label: 'a session policy',
      principal: 'forbidden',
      notPrincipal: false,
      resource: 'required',
      notAction: true,
      alphanumericSid: false,
      id: false,
      principalDoc: 'reference_policies_elements_principal.md',
      incompleteArns: false,
    },
  ],
  [
    'scp',
    {
      label: 'a service control policy',
      principal: 'forbidden',
      notPrincipal: false,
      resource: 'required',
      notAction: true,
      alphanumericSid: false,
      id: true,
      principalDoc: 'orgs_manage_policies_scps_syntax.md',
      incompleteArns: false,
    },
  ],
  [
    'rcp',
    {
      label: 'a resource control policy',
      principal: 'required',
      notPrincipal: false,
      resource: 'required',
      notAction: false,
      alphanumericSid: false,
      id: true,
      principalDoc: 'orgs_manage_policies_rcps_syntax.md',
      incompleteArns: false,
    },
  ],
  [
    'resource',
    {
      label: 'a resource-based policy',
      principal: 'required',
      notPrincipal: true,
      resource: 'required',
      notAction: true,
      alphanumericSid: false,
      id: true,
      principalDoc: 'reference_policies_elements_principal.md',
      incompleteArns: false,
    },
  ],
  [
    'trust',
    {
      label: 'a role trust policy',
      principal: 'required',
      notPrincipal: false,
      resource: 'forbidden',
      notAction: true,
      alphanumericSid: false,
      id: true,
      principalDoc: 'reference_policies_elements_principal.md',
      incompleteArns: false,
    },
  ],
  // AWS PrivateLink Guide, vpc-endpoints-access.md: an endpoint policy is a resource-based policy; its Principal says who may use the endpoint.
  [
    'endpoint',
    {
      label: 'a VPC endpoint policy',
      principal: 'required',
      notPrincipal: false,
      resource: 'required',
      notAction: true,
      alphanumericSid: false,
      id: true,
      principalDoc: 'vpc-endpoints-access.md',
      incompleteArns: false,
    },
  ],
  [
    'generic',
    {
      label: 'a policy',
      principal: 'optional',
      notPrincipal: true,
      resource: 'unless-principal',
      notAction: true,
      alphanumericSid: false,
      id: true,
      principalDoc: 'reference_policies_elements_principal.md',
      incompleteArns: false,
    },
  ],
]);

function rulesFor(type: PolicyType | undefined): TypeRules {
  return RULES.get(type ?? 'generic') as TypeRules;
}

/** Whether incomplete ARNs are completed with `*` in this type of policy (identity-based policies only). */
export function acceptsIncompleteArns(type: PolicyType | undefined): boolean {
  return rulesFor(type).incompleteArns;
}

/** Whether the policy-level `Id` element belongs in this type of policy. */
export function idExpected(type: PolicyType | undefined): boolean {
  return rulesFor(type).id;
}

/** The per-type statement rules: Principal, NotPrincipal, Resource, NotAction, Sid, RCP limits. */
export function checkStatementForPolicyType(d: StatementDraft, type: PolicyType | undefined, issues: IssueList): void {
  const rules = rulesFor(type);
  const el = d.elements;
  const hasPrincipal = el.Principal !== undefined;
  const hasNotPrincipal = el.NotPrincipal !== undefined;

  if (rules.principal === 'forbidden') {
    for (const name of ['Principal', 'NotPrincipal'] as const) {
      if (el[name]) {
        issues.error(
          'principal-not-allowed',
          `${name} is not allowed in ${rules.label}: it applies to the identity it is attached to (${rules.principalDoc})`,
          el[name],
          [...d.path, name],
        );
      }
    }
  } else {
    if (hasNotPrincipal && !rules.notPrincipal) {
      issues.error(
        type === 'rcp' ? 'unsupported-element' : 'notprincipal-not-allowed',
        `NotPrincipal is not supported in ${rules.label} (reference_policies_elements_notprincipal.md); use Principal with a condition on aws:PrincipalArn`,
        el.NotPrincipal,
        [...d.path, 'NotPrincipal'],
      );
    }
    if (rules.principal === 'required' && !hasPrincipal && !hasNotPrincipal) {
      issues.error(
        'missing-principal',
        `a statement in ${rules.label} must have a Principal${rules.notPrincipal ? ' or NotPrincipal' : ''} element (${rules.principalDoc})`,
        d.node.pos,
        d.path,
      );
    }
    // reference_policies_elements_notprincipal.md: NotPrincipal must be used with "Effect": "Deny".
    if (hasNotPrincipal && rules.notPrincipal && d.effect === 'Allow') {
      issues.error(
        'notprincipal-with-allow',
        'NotPrincipal may only be used with "Effect": "Deny" (reference_policies_elements_notprincipal.md)',
        el.NotPrincipal,
        [...d.path, 'NotPrincipal'],
      );
    }
  }

  const hasResource = el.Resource !== undefined || el.NotResource !== undefined;
  if (rules.resource === 'forbidden') {
    // A role trust policy names who may assume the role; IAM rejects Resource there
    // ("MalformedPolicyDocument: Has prohibited field Resource"); the role itself is the resource.
    for (const name of ['Resource', 'NotResource'] as const) {
      if (el[name]) {
        issues.error('resource-not-allowed', `${name} is not allowed in ${rules.label}: the role itself is the resource`, el[name], [...d.path, name]);
      }
    }
  } else if (!hasResource && (rules.resource === 'required' || (!hasPrincipal && !hasNotPrincipal))) {
    // reference_policies_elements_resource.md: "Statements must include either a Resource or a
    // NotResource element." (A generic statement with a Principal may be a trust policy.)
    issues.error('missing-resource', 'the statement has neither Resource nor NotResource; it must have one of them', d.node.pos, d.path);
  }

  if (!rules.notAction && el.NotAction) {
    issues.error('unsupported-element', `NotAction is not supported in ${rules.label} (${rules.principalDoc}); use Action`, el.NotAction, [
      ...d.path,
      'NotAction',
    ]);
  }

  if (rules.alphanumericSid && d.sid && !/^[A-Za-z0-9]*$/.test(d.sid.value)) {
    // reference_policies_elements_sid.md: the Sid supports ASCII letters A-Z, a-z and digits 0-9.
    issues.error('bad-sid', `Sid ${quote(d.sid.value)} may hold only the letters A-Z, a-z and the digits 0-9 in ${rules.label}`, d.sid.pos, [...d.path, 'Sid']);
  }

  if (type === 'rcp') checkRcpStatement(d, issues);
}

/**
 * AWS Organizations User Guide, orgs_manage_policies_rcps_syntax.md: the Principal of an RCP
 * must be "*" (narrow it with conditions such as aws:PrincipalArn), and "the effect of Allow is
 * only supported for the RCPFullAWSAccess policy" (Allow "*" on "*" for principal "*").
 */
function checkRcpStatement(d: StatementDraft, issues: IssueList): void {
  if (d.principal && !d.principal.any) {
    issues.error(
      'rcp-principal',
      'the Principal of a resource control policy must be "*"; restrict principals with a Condition (e.g. aws:PrincipalArn, aws:PrincipalOrgID)',
      d.principal.pos,
      [...d.path, 'Principal'],
    );
  }
  if (d.effect === 'Allow') {
    const onlyStar = (v?: { value: string }[]) => !!v && v.length === 1 && v[0].value === '*';
    const isFullAccess = !!d.principal?.any && onlyStar(d.action) && onlyStar(d.resource) && !d.elements.Condition && !d.elements.NotResource;
    if (!isFullAccess) {
      issues.error(
        'rcp-allow',
        'a resource control policy may use "Effect": "Allow" only as RCPFullAWSAccess does (Principal "*", Action "*", Resource "*", no Condition); write Deny statements',
        d.elements.Effect,
        [...d.path, 'Effect'],
      );
    }
    return;
  }
  // orgs_manage_policies_rcps_syntax.md, "Action element": "You cannot use "*" in the Action
  // element of a customer managed RCP and have to specify the abbreviation for the service".
  for (const [i, a] of (d.action ?? []).entries()) {
    if (a.value !== '*') continue;
    issues.error(
      'rcp-action-star',
      'a customer managed resource control policy cannot use "*" as its Action; name the service (e.g. "s3:*", "sqs:*", "sts:*")',
      a.pos,
      [...d.path, 'Action', ...(d.action!.length > 1 ? [i] : [])],
    );
  }
}
