import type { Decision, StatementTrace } from '../engine/decision';
import type { DecisionNote, DecisionReason, ElementCheck, LimitedGrant, LocatedStatement, RuleCode, TraceReason } from '../engine/reason-code';
import type { ServiceDenial } from '../engine/service-enforced/service-denial';
import { formatPosition, formatPositionIn } from '../diagnostics/source-position';
import type { UnreadableRequestValue } from '../engine/request-value-check';
import type { NotPrincipalLink } from '../match/principal';
import type { ConditionOutcome, ConditionRule } from '../conditions/compile-condition';
import { POLICY_ROLE_LABEL } from '../policy/policy-set';
import type { StatementRef } from './statement-ref';

/**
 * The one place that words a decision: the engine gives reason codes with their data
 * (src/engine/reason-code.ts; condition outcomes from src/conditions, unreadable request values)
 * and every front end (matchers, explanations, reports, the CLI, the
 * live cross-check) reads its sentences from here, so they all say the same thing.
 * test/unit/explain/decision-wording.test.ts pins each sentence.
 */

/** `identity-based policy project.json, statement SpecificProject (project.json:12:5)` */
export function describeStatement(t: LocatedStatement | StatementTrace): string {
  const where = t.statement.pos ? ` (${formatPositionIn(t.statement.pos, t.policy.name)})` : '';
  const level = t.level !== undefined ? ` at ${t.level}` : '';
  const sid = t.statement.sid ? `statement ${t.statement.sid}` : `statement #${t.statement.index + 1}`;
  return `${POLICY_ROLE_LABEL[t.role]}${level} ${t.policy.name}, ${sid}${where}`;
}

/** `policies/role.json:12:5` (or `role.json:12:5` without a file, or just the policy name). */
export function formatLocation(ref: StatementRef): string {
  const where = ref.file ?? ref.policy;
  return ref.line !== undefined ? `${where}:${ref.line}:${ref.column}` : where;
}

/** `policies/role.json:12:5, statement SpecificProject (identity-based policy)` */
export function formatStatementRef(ref: StatementRef): string {
  const name = ref.sid ? `statement ${ref.sid}` : `statement #${ref.index + 1}`;
  const level = ref.level !== undefined ? ` at ${ref.level}` : '';
  return `${formatLocation(ref)}, ${name} (${POLICY_ROLE_LABEL[ref.role]}${level})`;
}

/** The words for each special rule a decision can carry (an explanation's `Rule:` line). */
export const RULE_WORDING: Record<RuleCode, string> = {
  'no-permission-required': 'the action needs no permission: AWS allows it whatever the policies say, even under an explicit Deny (AWS STS API Reference)',
  'federated-session-without-policy':
    'a federated-user session created without a session policy has no permissions (AWS STS API Reference, GetFederationToken, Policy)',
  'trust-user-boundary':
    "the role's trust policy names the IAM user, but the user's permissions boundary must also allow sts:AssumeRole (IAM User Guide, update a role trust policy)",
  'endpoint-policy-no-allow':
    'the request goes through a VPC endpoint whose policy does not allow it; an endpoint policy must allow every request and never grants on its own (AWS PrivateLink Guide)',
};

/** The wording of a decision's special rule, or undefined. */
export function ruleWording(rule: RuleCode | undefined): string | undefined {
  return rule ? RULE_WORDING[rule] : undefined;
}

/** The resource-based policy that must allow, as `resource-policy-required` names it. */
export const REQUIRED_POLICY_WORDING: Record<Extract<DecisionReason, { code: 'resource-policy-required' }>['required'], string> = {
  'kms-key-policy': 'the KMS key policy',
  'trust-policy': "the role's trust policy",
};

const AWS_PROTECTED_WORDING: Record<Extract<ServiceDenial, { layer: 'aws-protected' }>['code'], string> = {
  'aws-managed-policy': 'AWS managed policies cannot be changed',
  'service-linked-role': 'only the linked service may change a service-linked role',
  'identity-center-role': 'only IAM Identity Center may change its AWSReservedSSO_ roles',
  'aws-kms-alias': 'aliases beginning with alias/aws/ are reserved for AWS managed keys',
  'aws-managed-key': 'AWS managed keys cannot be changed',
};

/** One line for a refusal of the service itself (S3 Block Public Access, an AWS-protected resource). */
export function describeServiceDenial(d: ServiceDenial): string {
  if (d.layer === 'block-public-access') {
    const what =
      d.code === 'bpa-restrict-public-buckets'
        ? "the bucket policy is public, so only AWS service principals and principals of the bucket owner's account may use it"
        : 'the request sets a public ACL';
    return `denied by S3 Block Public Access: ${d.setting} is on at the ${d.level} level and ${what}`;
  }
  return `denied by AWS: AWS-managed resource ${d.resource}: ${AWS_PROTECTED_WORDING[d.code]}`;
}

type LimitingReason = Extract<DecisionReason, { grant: LimitedGrant }>;

/** What limited a grant: `the permissions boundary boundary.json has no allow for it`. */
function limiterWording(r: LimitingReason): string {
  switch (r.code) {
    case 'boundary-no-allow':
    case 'trust-user-boundary':
      return `the permissions boundary ${r.boundary.name} has no allow for it`;
    case 'federated-session-without-policy':
      return 'the federated-user session was created without a session policy, so it has no permissions (GetFederationToken)';
    case 'session-no-allow':
      return 'the session policy has no allow for it';
  }
}

function limitedWording(r: LimitingReason): string {
  const g = r.grant;
  if (g.layer === 'identity') return `denied: an identity-based policy allows it, but ${limiterWording(r)}`;
  const why =
    r.code === 'trust-user-boundary'
      ? '(a trust policy naming an IAM user with a permissions boundary is limited by it)'
      : g.principalKind === 'federating-user'
        ? '(a resource-based policy naming the IAM user that federated the session is limited by it)'
        : '(a resource-based policy naming the role, not the session, is limited by it)';
  return `denied: ${describeStatement(g.statement)} allows it, but ${limiterWording(r)} ${why}`;
}

const CALLER_WITHOUT_IDENTITY: Record<Extract<DecisionReason, { code: 'no-identity-policies' }>['callerKind'], string> = {
  Anonymous: 'an anonymous caller',
  Service: 'the service principal',
  WebIdentity: 'a federated or canonical-user caller',
  CanonicalUser: 'a federated or canonical-user caller',
};

/** The one-line sentence for a reason, e.g. `denied: no allow in SCP at ou-prod`. */
export function describeReason(r: DecisionReason): string {
  switch (r.code) {
    case 'no-permission-required':
      return `allowed: ${r.action} needs no permission, and no policy (not even an explicit Deny) can stop it (AWS STS API Reference)`;
    case 'identity-allow':
    case 'resource-allow':
      return `allowed by ${describeStatement(r.statement)}`;
    case 'root-user-full-access':
      return `allowed: the root user of account ${r.account} has full access in its account (id_root-user.md)`;
    case 'explicit-deny':
      return `explicitly denied by ${describeStatement(r.statement)}`;
    case 'scp-no-allow':
      return `denied: no allow in SCP at ${r.level}`;
    case 'endpoint-policy-no-allow':
      return 'denied: no statement of the VPC endpoint policy allows it (an endpoint policy must allow every request through the endpoint)';
    case 'boundary-no-allow':
    case 'trust-user-boundary':
    case 'session-no-allow':
    case 'federated-session-without-policy':
      return limitedWording(r);
    case 'no-identity-policies': {
      const tried = r.resourcePolicyGiven ? ' (no statement of the resource-based policy applies to it: see the closest statements)' : '';
      return `denied: ${CALLER_WITHOUT_IDENTITY[r.callerKind]} has no identity-based policies, and no resource-based policy allows it${tried}`;
    }
    case 'cross-account-no-identity-allow':
      return 'denied: cross-account request allowed by the resource-based policy but by no identity-based policy';
    case 'no-allow':
      return 'denied: no statement allows it (implicit deny)';
    case 'resource-policy-required':
      return `denied: ${REQUIRED_POLICY_WORDING[r.required]} must allow the request (an identity-based allow is not enough)`;
    case 'cross-account-no-resource-allow':
      return `denied: cross-account request (principal account ${r.principalAccount}, resource account ${r.resourceAccount}) needs an allow in the resource-based policy`;
    default:
      return describeServiceDenial(r);
  }
}

/**
 * The one-line sentence for a decision, e.g.
 * `allowed by identity-based policy project.json, statement SpecificProject (project.json:12:5)`.
 */
export function describeDecision(d: Pick<Decision, 'reason'>): string {
  return describeReason(d.reason);
}

/** One line for a policy type left out of a decision: `SCPs do not apply: the caller is a service-linked role`. */
export function describeNote(n: DecisionNote): string {
  switch (n.code) {
    case 'session-policies-not-applicable':
      return `session policies do not apply: the caller ${n.caller} is not a role or federated-user session`;
    case 'scps-not-applicable': {
      const why =
        n.cause === 'service-principal'
          ? 'the caller is an AWS service principal'
          : n.cause === 'anonymous'
            ? 'the caller is anonymous'
            : n.cause === 'service-linked-role'
              ? 'the caller is a service-linked role'
              : `the caller is in the management account ${n.account}`;
      return `SCPs do not apply: ${why}`;
    }
    case 'rcps-not-applicable': {
      const why =
        n.cause === 'service-linked-role'
          ? 'the caller is a service-linked role'
          : n.cause === 'management-account'
            ? `the resource is in the management account ${n.account}`
            : `${n.service} does not support RCPs`;
      return `RCPs do not apply: ${why}`;
    }
  }
}

/** A link of the caller's chain a NotPrincipal does not list: `the account (arn:aws:iam::111122223333:root)`. */
function linkWording(l: NotPrincipalLink): string {
  return l.link === 'account' ? `the account (${l.arn})` : l.link === 'role' ? `the role (${l.arn})` : l.arn;
}

/** One line for how an element compared, e.g. `action "rekognition:CreateProject" is not matched by Action "s3:*"`. */
export function describeCheck(c: ElementCheck): string {
  const who = ('caller' in c ? c.caller : undefined) ?? '(no principal given)';
  switch (c.code) {
    case 'matched':
      return `${c.element.toLowerCase()} "${c.subject}" matches "${c.by.value}"`;
    case 'not-matched': {
      const unresolved = c.unresolvedVariable ? ` (${c.unresolvedVariable} has no value in the request)` : '';
      return `${c.element.toLowerCase()} "${c.subject}" is not matched by ${c.element} ${c.values.map((v) => JSON.stringify(v)).join(', ')}${unresolved}`;
    }
    case 'excluded':
      return `${c.element.slice(3).toLowerCase()} "${c.subject}" is excluded by ${c.element} "${c.by.value}"`;
    case 'not-listed':
      return `${c.element.slice(3).toLowerCase()} "${c.subject}" is not listed in ${c.element}`;
    case 'variable-unresolved':
      return `${c.variable} has no value in the request, so NotResource cannot be checked`;
    case 'principal-matched':
      return `principal ${who} matches ${c.by ? `"${c.by.value}"` : '"*"'} (${c.kind})`;
    case 'principal-not-named':
      return `principal ${who} is not named in Principal`;
    case 'principal-excluded':
      return `principal ${who} is excluded by NotPrincipal`;
    case 'principal-not-exempt':
      return `principal ${who} is listed in NotPrincipal, but ${c.missing.map(linkWording).join(' and ')} ${c.missing.length > 1 ? 'are' : 'is'} not, so AWS may still apply this statement to it`;
    case 'principal-boundary-not-exempt':
      return `principal ${who}: nothing can exempt it: the caller has a permissions boundary, and NotPrincipal with Deny always denies such principals`;
    case 'principal-not-listed':
      return `principal ${who} is not listed in NotPrincipal`;
    case 'conditions-matched':
      return 'every condition matched';
    case 'conditions-not-matched':
      return c.failed.map(describeConditionOutcome).join('; ');
  }
}

/** Why a statement did or did not apply: `applies`, or the first element that did not match. */
export function describeTraceReason(r: TraceReason): string {
  return r.code === 'statement-applies' ? 'applies' : describeCheck(r.check);
}

/** Request values are test input: cut long ones short so they cannot flood the output. */
function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** One line for a request value a condition cannot read, naming the condition's position. */
export function describeUnreadableValue(u: UnreadableRequestValue): string {
  const where = u.clause.keyPos ?? u.statement.pos;
  const at = where?.file ? formatPosition(where) : `${u.policy.name}${where ? ` ${formatPosition(where)}` : ''}`;
  const sid = u.statement.sid ? `, statement ${u.statement.sid}` : '';
  return `request context ${u.key} = ${shown(u.value)} is not ${u.expects}, which ${u.operator} needs (${at}${sid}); the condition would silently match nothing, so fix the test's value`;
}

const quote = (s: string) => JSON.stringify(s);
const quoteAll = (xs: string[]) => xs.map(quote).join(', ');

const EMPTY_POLICY_VALUES: Record<ConditionRule, string> = {
  'for-all-values': 'with ForAllValues it matches only when the key is missing',
  'for-any-value': 'with ForAnyValue it never matches',
  'if-exists': 'with IfExists it matches only when the key is missing',
  negated: 'a negated operator with no value always matches',
  plain: 'there is no value to match',
};

const KEY_MISSING: Record<ConditionRule, string> = {
  'if-exists': '; IfExists makes a missing key match',
  'for-all-values': '; ForAllValues matches when the key is missing',
  'for-any-value': '',
  negated: '; a negated operator matches when the key is missing',
  plain: '',
};

/**
 * One line for how a condition clause compared, e.g.
 * `StringEquals aws:PrincipalTag/team: request value "dev" is not "ops"` or `IpAddress: aws:SourceIp is not in the request`.
 */
export function describeConditionOutcome(o: ConditionOutcome): string {
  const { clause, reason: r } = o;
  const label = `${clause.operator} ${clause.key}`;
  switch (r.code) {
    case 'empty-policy-values':
      return `${label}: the policy gives an empty value list; ${EMPTY_POLICY_VALUES[r.rule]}`;
    case 'null-check': {
      const state = r.absent ? `${clause.key} is not in the request` : `${clause.key} is in the request`;
      const wanted = r.wanted.map(quote).join(' or ');
      return `Null ${clause.key}: ${state}${o.matched ? `, as ${wanted} requires` : `, but ${wanted || 'no value'} requires it to be ${r.absent ? 'present' : 'absent'}`}`;
    }
    case 'key-missing':
      return `${clause.operator}: ${clause.key} is not in the request${KEY_MISSING[r.rule]}`;
    case 'empty-request-values':
      return `${label}: the request values of ${clause.key} are empty; ${r.qualifier} ${r.qualifier === 'ForAllValues' ? 'matches' : 'does not match'} an empty set`;
    case 'request-value-unreadable':
      return `${label}: request value ${quote(r.value)} ${r.problem}, so the condition does not match`;
    case 'multivalued-without-set-operator':
      return (
        `${label}: the request has ${r.values.length} values for ${clause.key} (${quoteAll(r.values)}); without ForAllValues or ForAnyValue ` +
        `a multivalued key has no single value to compare, so ${r.negated ? 'the negated operator matches' : 'nothing matches'}`
      );
    case 'compared': {
      const is = (positive: boolean) => (positive ? 'is' : 'is not') + (r.relation ? ` ${r.relation}` : '');
      const texts = r.policyValues;
      const oneOf = (positive: boolean) =>
        texts.length === 1
          ? `${is(positive)} ${quote(texts[0])}`
          : `${is(positive)} ${positive ? 'one of' : 'any of'} ${texts.length ? quoteAll(texts) : '(no values)'}`;
      const list = `(${quoteAll(r.values)})`;
      const v = r.verdict;
      const detail =
        v.form === 'hit'
          ? `request value ${quote(v.value)} ${is(true)} ${quote(v.policyValue)}`
          : v.form === 'miss'
            ? `request value ${quote(v.value)} ${oneOf(false)}`
            : v.form === 'every'
              ? `every request value ${list} ${oneOf(true)}`
              : `no request value ${list} ${is(true)} any of ${quoteAll(texts)}`;
      const unresolved = r.unresolved.length
        ? ` (${r.unresolved.map((u) => `${u.variable} has no value in the request, so ${quote(u.policyValue)} matches nothing`).join('; ')})`
        : '';
      return `${label}: ${detail}${unresolved}`;
    }
  }
}
