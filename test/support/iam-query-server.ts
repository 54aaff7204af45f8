/**
 * A local IAM endpoint for offline tests: an HTTP server on 127.0.0.1 (random port) that speaks
 * the IAM Query protocol the real `@aws-sdk/client-iam` uses (IAM API Reference,
 * IAM_UsingQueryAPI.html): form-encoded POST bodies (`Action=SimulateCustomPolicy&Version=2010-05-08&
 * PolicyInputList.member.1=...`), XML answers in IAM's response shapes, IAM's error XML,
 * `MaxItems` / `Marker` / `IsTruncated` pagination and injected throttling.
 *
 * Simulations are decided by jest-iam's own `evaluate()` on the posted policies, so tests see
 * realistic answers; `override` replaces chosen decisions to create divergences. The read APIs
 * (GetUser, ListUserPolicies, GetPolicyVersion, ...) are served from a fixture account.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { evaluate } from '../../src/engine/evaluate';
import type { PolicySet, OrgLevel } from '../../src/policy/policy-set';
import type { ContextInput } from '../../src/request/request-context';
import { parsePolicy } from '../../src/policy/parse-policy';
import type { Policy } from '../../src/policy/policy-model';
import type { PolicyType } from '../../src/policy/policy-type';
import { LineIndex } from '../../src/diagnostics/source-position';

/** An IAM policy document as stored in the fixture. */
export type FixtureDocument = Record<string, unknown>;

/** The entities of one fake AWS account, for the read APIs and SimulatePrincipalPolicy. */
export interface FixtureAccount {
  accountId: string;
  /** Managed policies by ARN (AWS managed `arn:aws:iam::aws:policy/...` or customer managed). */
  managedPolicies: Record<string, { defaultVersionId: string; versions: Record<string, FixtureDocument> }>;
  users: Record<string, { path?: string; inline?: Record<string, FixtureDocument>; managed?: string[]; groups?: string[]; boundary?: string }>;
  groups: Record<string, { path?: string; inline?: Record<string, FixtureDocument>; managed?: string[] }>;
  roles: Record<string, { path?: string; trust?: FixtureDocument; inline?: Record<string, FixtureDocument>; managed?: string[]; boundary?: string }>;
  /** Actions the account's own SCPs deny; SimulatePrincipalPolicy reports them in OrganizationsDecisionDetail. */
  scpDeniedActions?: string[];
}

export type IamDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** What the server knows about one simulated cell, for `override`. */
export interface SimulatedCell {
  operation: 'SimulateCustomPolicy' | 'SimulatePrincipalPolicy';
  action: string;
  resource: string;
  callerArn?: string;
  policySourceArn?: string;
  /** The decision jest-iam's evaluator gave. */
  decision: IamDecision;
}

export interface IamQueryServerOptions {
  account?: FixtureAccount;
  /** The first `count` requests (of `actions`, default every action) answer HTTP 400 `Throttling` "Rate exceeded". */
  throttle?: { count: number; actions?: string[] };
  /** The largest page returned whatever MaxItems asks (IAM "might return fewer results"). */
  pageSize?: number;
  /**
   * Replaces the per-layer details IAM reports for a cell (PermissionsBoundaryDecisionDetail,
   * OrganizationsDecisionDetail, EvalDecisionDetails); undefined keeps the computed ones.
   */
  overrideLayers?: (
    cell: SimulatedCell,
  ) => { allowedByPermissionsBoundary?: boolean; allowedByOrganizations?: boolean; evalDecisionDetails?: Record<string, IamDecision> } | undefined;
  /** Replaces the evaluator's decision for a cell (return undefined to keep it). */
  override?: (cell: SimulatedCell) => IamDecision | undefined;
  /** Answers a request with an error instead of a result. */
  failWith?: (action: string, params: URLSearchParams) => { code: string; message: string; status?: number } | undefined;
  /**
   * Injects a fault into a request (`nth`: 1 for the first request of that Action): a raw answer
   * (any status, body and content type, e.g. an HTML page with 200, an empty body), or `reset`
   * to destroy the connection without answering (ECONNRESET on the client).
   */
  fault?: (action: string, params: URLSearchParams, nth: number) => { status?: number; body: string; contentType?: string } | 'reset' | undefined;
  /**
   * Where a matched statement's StartPosition points (1-based): `after-previous` (default, the
   * hardest case for mapping) just after the previous statement's `}` (or after the `[` for the
   * first statement); `brace` at the statement's own `{`. The IAM API Reference's examples
   * (API_SimulatePrincipalPolicy.html, Example 1) show it just after the `{`; all three name the
   * same statement. EndPosition is just after the statement's `}`, as in those examples.
   */
  statementPositions?: 'after-previous' | 'brace';
  /** Rewrites a successful answer's XML before it is sent (e.g. to put in a decision IAM does not document). */
  rewrite?: (action: string, body: string) => string;
  /** Holds every answer this long, so overlapping requests can be observed. */
  delayMs?: number;
  /**
   * How simulations answer when ResourceArns are given:
   * - `per-action` (default, IAM's current shape): one EvaluationResult per action, top-level
   *   decision the most restrictive across resources, each resource in ResourceSpecificResults;
   * - `per-resource`: one EvaluationResult per action and resource, named by EvalResourceName,
   *   without ResourceSpecificResults;
   * - `aggregate-only`: one EvaluationResult per action named by the first resource ARN, with
   *   the aggregate decision and no ResourceSpecificResults (a shape no cell may be read from).
   */
  resultShape?: 'per-action' | 'per-resource' | 'aggregate-only';
}

export interface IamQueryServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Requests received per Action, throttled and failed ones included. */
  calls: Record<string, number>;
  /** Every request, in order. */
  requests: { action: string; params: URLSearchParams }[];
  /** Client settings pointing the real SDK at this server, with static fake credentials. */
  clientOptions: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** The most requests that were open at the same time. */
  readonly maxInFlight: number;
  /** Total requests of the given actions (all when none given). */
  count(...actions: string[]): number;
  /** Forgets counts and requests (and restarts injected throttling). */
  reset(): void;
  /** Stops the server (again: no-op). */
  close(): Promise<void>;
}

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<tag>content</tag>`; content strings are already XML, `text()` escapes values. */
function el(tag: string, ...content: (string | undefined)[]): string {
  return `<${tag}>${content.filter((c) => c !== undefined).join('')}</${tag}>`;
}
const text = (tag: string, value: string | number | boolean | undefined) => (value === undefined ? undefined : el(tag, esc(String(value))));
const members = (tag: string, items: string[]) => el(tag, ...items.map((i) => el('member', i)));

function response(action: string, result: string): string {
  return `<${action}Response xmlns="${XMLNS}">${el(`${action}Result`, result)}${el('ResponseMetadata', text('RequestId', randomUUID()))}</${action}Response>`;
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="${XMLNS}">${el('Error', text('Type', 'Sender'), text('Code', code), text('Message', message))}${text('RequestId', randomUUID())}</ErrorResponse>`;
}

/** Values of `Prefix.member.N`, in N order. */
function listOf(p: URLSearchParams, prefix: string): string[] {
  return memberIndexes(p, prefix).map((n) => p.get(`${prefix}.member.${n}`) ?? '');
}

/** The N of every `Prefix.member.N...` key, sorted. */
function memberIndexes(p: URLSearchParams, prefix: string): number[] {
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)(?:\\.|$)`);
  const out = new Set<number>();
  for (const k of p.keys()) {
    const m = re.exec(k);
    if (m) out.add(Number(m[1]));
  }
  return [...out].sort((a, b) => a - b);
}

/** One page of `items` from the request's Marker and MaxItems. */
function page<T>(p: URLSearchParams, items: T[], cap: number | undefined): { items: T[]; truncated: boolean; marker?: string } {
  const marker = p.get('Marker');
  let start = 0;
  if (marker) {
    const m = /^page-(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
    if (!m) throw new QueryError('InvalidInput', 'Invalid Marker.');
    start = Number(m[1]);
  }
  const max = Number(p.get('MaxItems') ?? 100);
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new QueryError('InvalidInput', 'MaxItems must be between 1 and 1000.');
  const size = Math.min(max, cap ?? Infinity);
  const slice = items.slice(start, start + size);
  const next = start + size;
  return next < items.length ? { items: slice, truncated: true, marker: Buffer.from(`page-${next}`).toString('base64') } : { items: slice, truncated: false };
}

const pagedResult = (pg: { truncated: boolean; marker?: string }) => `${text('IsTruncated', pg.truncated)}${pg.marker ? text('Marker', pg.marker) : ''}`;

/** IAM returns policy documents URL-encoded (RFC 3986), as GetPolicyVersion's reference says. */
const encodeDoc = (doc: FixtureDocument) => encodeURIComponent(JSON.stringify(doc, null, 2));

const DATE = '2024-01-01T00:00:00Z';

function parseOrFail(textIn: string, name: string, policyType: PolicyType): Policy {
  try {
    return parsePolicy(textIn, { name, policyType, format: 'json' });
  } catch (e) {
    throw new QueryError('MalformedPolicyDocument', `${name}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Condition keys every policy in the list refers to (lower case -> as written). */
function conditionKeys(policies: Policy[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of policies) for (const s of p.statements) for (const c of s.conditions) out.set(c.key.toLowerCase(), c.key);
  return out;
}

const RESTRICTIVENESS: IamDecision[] = ['allowed', 'implicitDeny', 'explicitDeny'];
const toIam = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;

interface CellAnswer {
  resource: string;
  decision: IamDecision;
  matched: string[];
  missing: string[];
  allowedByOrganizations?: boolean;
  allowedByPermissionsBoundary?: boolean;
  evalDecisionDetails?: Record<string, IamDecision>;
}

/**
 * Starts the server. Close it in `afterAll`.
 *
 * @example
 * const server = await startIamQueryServer({ account: fixtureAccount });
 * const client = new IAMClient(server.clientOptions);
 */
export async function startIamQueryServer(options: IamQueryServerOptions = {}): Promise<IamQueryServer> {
  const calls: Record<string, number> = {};
  const requests: { action: string; params: URLSearchParams }[] = [];
  let throttled = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const account = options.account;

  const entityError = (kind: string, name: string) => new QueryError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`, 404);
  const user = (p: URLSearchParams) => {
    const name = p.get('UserName') ?? '';
    const u = account?.users[name];
    if (!u) throw entityError('user', name);
    return { name, u };
  };
  const role = (p: URLSearchParams) => {
    const name = p.get('RoleName') ?? '';
    const r = account?.roles[name];
    if (!r) throw entityError('role', name);
    return { name, r };
  };
  const group = (p: URLSearchParams) => {
    const name = p.get('GroupName') ?? '';
    const g = account?.groups[name];
    if (!g) throw entityError('group', name);
    return { name, g };
  };
  const arnOf = (kind: string, path: string | undefined, name: string) => `arn:aws:iam::${account?.accountId}:${kind}${path ?? '/'}${name}`;
  const boundaryXml = (arn: string | undefined) =>
    arn ? el('PermissionsBoundary', text('PermissionsBoundaryType', 'PermissionsBoundaryPolicy'), text('PermissionsBoundaryArn', arn)) : undefined;
  const attached = (arns: string[] | undefined) => (arns ?? []).map((a) => `${text('PolicyName', a.slice(a.lastIndexOf('/') + 1))}${text('PolicyArn', a)}`);
  const inlineDoc = (inline: Record<string, FixtureDocument> | undefined, name: string, owner: string) => {
    const doc = inline?.[name];
    if (!doc) throw new QueryError('NoSuchEntity', `The ${owner} policy with name ${name} cannot be found.`, 404);
    return doc;
  };
  const managed = (arn: string) => {
    const m = account?.managedPolicies[arn];
    if (!m) throw new QueryError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
    return m;
  };

  /** Every policy of a user or role of the fixture, with IAM's SourcePolicyType. */
  function principalPolicies(arn: string): { identity: { policy: Policy; type: string; id: string }[]; boundary?: Policy; userArn?: string } {
    const m = /^arn:aws:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!m || !account || m[1] !== account.accountId) throw new QueryError('NoSuchEntity', `The entity ${arn} cannot be found.`, 404);
    const [, , kind, name] = m;
    const out: { policy: Policy; type: string; id: string }[] = [];
    const addManaged = (arns: string[] | undefined) => {
      for (const a of arns ?? []) {
        const mp = managed(a);
        const type = a.startsWith('arn:aws:iam::aws:') ? 'aws-managed' : 'user-managed';
        out.push({
          policy: parseOrFail(JSON.stringify(mp.versions[mp.defaultVersionId], null, 2), a.slice(a.lastIndexOf('/') + 1), 'identity'),
          type,
          id: `arn ${a}`,
        });
      }
    };
    const addInline = (inline: Record<string, FixtureDocument> | undefined, type: string, owner: string) => {
      for (const [n, doc] of Object.entries(inline ?? {}))
        out.push({ policy: parseOrFail(JSON.stringify(doc, null, 2), n, 'identity'), type, id: `inline ${n} ${type} ${owner}` });
    };
    let boundaryArn: string | undefined;
    if (kind === 'user') {
      const u = account.users[name];
      if (!u) throw entityError('user', name);
      addInline(u.inline, 'user', name);
      addManaged(u.managed);
      for (const gname of u.groups ?? []) {
        const g = account.groups[gname];
        if (!g) continue;
        addInline(g.inline, 'group', gname);
        addManaged(g.managed);
      }
      boundaryArn = u.boundary;
    } else {
      const r = account.roles[name];
      if (!r) throw entityError('role', name);
      addInline(r.inline, 'role', name);
      addManaged(r.managed);
      boundaryArn = r.boundary;
    }
    const result: { identity: { policy: Policy; type: string; id: string }[]; boundary?: Policy; userArn?: string } = { identity: out };
    if (boundaryArn) {
      const mp = managed(boundaryArn);
      result.boundary = parseOrFail(JSON.stringify(mp.versions[mp.defaultVersionId], null, 2), boundaryArn.slice(boundaryArn.lastIndexOf('/') + 1), 'boundary');
    }
    if (kind === 'user') result.userArn = arn;
    return result;
  }

  function simulate(operation: 'SimulateCustomPolicy' | 'SimulatePrincipalPolicy', p: URLSearchParams): string {
    const actions = listOf(p, 'ActionNames');
    if (!actions.length) throw new QueryError('InvalidInput', 'ActionNames must not be empty.');
    for (const a of actions)
      if (a.includes('*') || !/^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/.test(a)) throw new QueryError('InvalidInput', `Actions or resources are invalid: ${a}`);
    const given = listOf(p, 'ResourceArns');
    const perResource = given.length > 0 && !(given.length === 1 && given[0] === '*');
    const resources = given.length ? given : ['*'];
    const sourceOf = new Map<Policy, string>();
    const identity: Policy[] = [];
    let boundary: Policy | undefined;
    let principal: string | undefined = p.get('CallerArn') ?? undefined;
    const policySourceArn = p.get('PolicySourceArn') ?? undefined;
    if (operation === 'SimulatePrincipalPolicy') {
      if (!policySourceArn) throw new QueryError('InvalidInput', 'PolicySourceArn is required.');
      const loaded = principalPolicies(policySourceArn);
      // PolicyExclusionList: PolicyArn, InlinePolicyIdentifier (PolicyName, AttachmentType, AttachmentName) or PolicyType.
      const excluded = new Set<string>();
      let excludeBoundary = false;
      for (const n of memberIndexes(p, 'PolicyExclusionList')) {
        const k = `PolicyExclusionList.member.${n}`;
        const arn = p.get(`${k}.PolicyArn`);
        const name = p.get(`${k}.InlinePolicyIdentifier.PolicyName`);
        const type = p.get(`${k}.PolicyType`);
        if (arn) excluded.add(`arn ${arn}`);
        else if (name)
          excluded.add(`inline ${name} ${p.get(`${k}.InlinePolicyIdentifier.AttachmentType`)} ${p.get(`${k}.InlinePolicyIdentifier.AttachmentName`)}`);
        else if (type === 'permission-boundary') excludeBoundary = true;
        else if (!type) throw new QueryError('InvalidInput', `PolicyExclusionList member ${n} names no policy.`);
      }
      for (const x of loaded.identity) {
        if (excluded.has(x.id)) continue;
        identity.push(x.policy);
        sourceOf.set(x.policy, x.type);
      }
      boundary = excludeBoundary ? undefined : loaded.boundary;
      principal ??= loaded.userArn;
    }
    listOf(p, 'PolicyInputList').forEach((t, i) => identity.push(parseOrFail(t, `PolicyInputList.${i + 1}`, 'identity')));
    const boundaries = listOf(p, 'PermissionsBoundaryPolicyInputList');
    if (boundaries.length > 1) throw new QueryError('InvalidInput', 'Only one permissions boundary policy can be simulated at a time.');
    if (boundaries.length) boundary = parseOrFail(boundaries[0], 'PermissionsBoundaryPolicyInputList.1', 'boundary');
    const resourcePolicyText = p.get('ResourcePolicy');
    const resourcePolicy = resourcePolicyText ? parseOrFail(resourcePolicyText, 'ResourcePolicy', 'resource') : undefined;
    if (resourcePolicy && !principal) throw new QueryError('InvalidInput', 'CallerArn is required when ResourcePolicy is given.');
    if (principal && !/^arn:aws:iam::\d{12}:user\//.test(principal)) throw new QueryError('InvalidInput', `CallerArn must be an IAM user ARN: ${principal}`);
    const scps: OrgLevel[] = memberIndexes(p, 'OrderedOrganizationPolicyInputList').map((n) => ({
      name: `level ${n}`,
      policies: listOf(p, `OrderedOrganizationPolicyInputList.member.${n}.ServiceControlPolicyInputList`).map((t, i) =>
        parseOrFail(t, `SCP ${n}.${i + 1}`, 'scp'),
      ),
    }));
    const context: Record<string, string | string[]> = {};
    for (const n of memberIndexes(p, 'ContextEntries')) {
      const prefix = `ContextEntries.member.${n}`;
      const name = p.get(`${prefix}.ContextKeyName`) ?? '';
      const type = p.get(`${prefix}.ContextKeyType`) ?? '';
      const values = listOf(p, `${prefix}.ContextKeyValues`);
      if (!/^(string|numeric|boolean|ip|binary|date)(List)?$/.test(type)) throw new QueryError('InvalidInput', `Invalid ContextKeyType ${type} for ${name}.`);
      context[name] = type.endsWith('List') ? values : (values[0] ?? '');
    }
    const owner = p.get('ResourceOwner');
    const ownerAccount = owner ? /^arn:aws:iam::(\d{12}):root$/.exec(owner)?.[1] : undefined;
    if (owner && !ownerAccount) throw new QueryError('InvalidInput', `ResourceOwner must be an account ARN: ${owner}`);

    const set: PolicySet = { identity };
    const allowAll = parseOrFail('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'allow-all', 'identity');
    if (boundary) set.boundary = boundary;
    if (resourcePolicy) set.resource = [resourcePolicy];
    if (scps.length) set.scps = scps;
    const given_keys = new Set(Object.keys(context).map((k) => k.toLowerCase()));
    if (principal) for (const k of ['aws:username', 'aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:userid']) given_keys.add(k);
    const wanted = conditionKeys([...identity, ...(boundary ? [boundary] : []), ...(resourcePolicy ? [resourcePolicy] : [])]);
    const missing = [...wanted].filter(([k]) => !given_keys.has(k)).map(([, v]) => v);
    const texts = new Map<Policy, LineIndex>();
    const statementXml = (t: { policy: Policy; statement: { pos?: { offset: number; line: number; column: number }; text: string } }) => {
      let idx = texts.get(t.policy);
      if (!idx) texts.set(t.policy, (idx = new LineIndex(t.policy.text)));
      const brace = t.statement.pos ?? { offset: 0, line: 1, column: 1 };
      const i = t.policy.statements.indexOf(t.statement as (typeof t.policy.statements)[number]);
      const prev = i > 0 ? t.policy.statements[i - 1] : undefined;
      const afterPrevious = prev?.pos ? prev.pos.offset + prev.text.length : t.policy.text.lastIndexOf('[', brace.offset) + 1;
      const start = options.statementPositions === 'brace' || afterPrevious <= 0 ? brace : idx.at(afterPrevious);
      const end = idx.at(brace.offset + t.statement.text.length);
      return el(
        'member',
        text('SourcePolicyId', t.policy.name),
        text('SourcePolicyType', sourceOf.get(t.policy) ?? 'none'),
        el('StartPosition', text('Line', start.line), text('Column', start.column)),
        el('EndPosition', text('Line', end.line), text('Column', end.column)),
      );
    };

    const shape = perResource ? (options.resultShape ?? 'per-action') : 'per-action';
    const results = actions.flatMap((action) => {
      const cells: CellAnswer[] = resources.map((resource) => {
        const arnAccount = resource === '*' ? undefined : resource.split(':')[4];
        const d = evaluate(set, {
          action,
          resource,
          ...(principal ? { principal } : {}),
          context: context as ContextInput,
          ...(ownerAccount && !arnAccount ? { resourceAccount: ownerAccount } : {}),
        });
        let decision: IamDecision = toIam[d.result];
        let matched = decision === 'implicitDeny' ? [] : d.deciding.map(statementXml);
        const answer: CellAnswer = { resource, decision, matched, missing };
        // A layer's own verdict does not need the other account's allow: judged within one account.
        const alone = (s1: PolicySet) =>
          evaluate(s1, { action, resource, ...(principal ? { principal } : {}), context: context as ContextInput }).result === 'Allow';
        // Each layer judged on its own: the boundary as if it were the only policy, the SCPs over an allow-everything identity policy.
        if (boundary) answer.allowedByPermissionsBoundary = alone({ identity: [boundary] });
        if (scps.length) answer.allowedByOrganizations = alone({ identity: [allowAll], scps });
        if (operation === 'SimulatePrincipalPolicy' && account?.scpDeniedActions) {
          const denied = account.scpDeniedActions.some((x) => x.toLowerCase() === action.toLowerCase());
          answer.allowedByOrganizations = !denied;
          if (denied) {
            decision = 'implicitDeny';
            matched = [];
          }
        }
        const simulated = {
          operation,
          action,
          resource,
          ...(principal ? { callerArn: principal } : {}),
          ...(policySourceArn ? { policySourceArn } : {}),
          decision,
        };
        const layers = options.overrideLayers?.(simulated);
        if (layers) Object.assign(answer, layers);
        const over = options.override?.({ ...simulated, decision });
        if (over && over !== decision) {
          decision = over;
          matched = [];
        }
        return { ...answer, decision, matched };
      });
      const top = cells.reduce<IamDecision>((acc, c) => (RESTRICTIVENESS.indexOf(c.decision) > RESTRICTIVENESS.indexOf(acc) ? c.decision : acc), 'allowed');
      const orgsOf = (cs: CellAnswer[]) =>
        cs.some((c) => c.allowedByOrganizations !== undefined)
          ? el(
              'OrganizationsDecisionDetail',
              text(
                'AllowedByOrganizations',
                cs.every((c) => c.allowedByOrganizations !== false),
              ),
            )
          : undefined;
      const orgs = orgsOf(cells);
      const boundaryOf = (cs: CellAnswer[]) =>
        cs.some((c) => c.allowedByPermissionsBoundary !== undefined)
          ? el(
              'PermissionsBoundaryDecisionDetail',
              text(
                'AllowedByPermissionsBoundary',
                cs.every((c) => c.allowedByPermissionsBoundary !== false),
              ),
            )
          : undefined;
      const detailsOf = (c: CellAnswer) =>
        el('EvalDecisionDetails', ...Object.entries(c.evalDecisionDetails ?? {}).map(([k, v]) => el('entry', text('key', k), text('value', v))));
      if (shape === 'per-resource')
        return cells.map((c) =>
          el(
            'member',
            text('EvalActionName', action),
            text('EvalResourceName', c.resource),
            text('EvalDecision', c.decision),
            el('MatchedStatements', ...c.matched),
            members('MissingContextValues', c.missing.map(esc)),
            orgsOf([c]),
            boundaryOf([c]),
            detailsOf(c),
          ),
        );
      if (shape === 'aggregate-only')
        return [
          el(
            'member',
            text('EvalActionName', action),
            text('EvalResourceName', cells[0].resource),
            text('EvalDecision', top),
            el('MatchedStatements', ...[...new Set(cells.flatMap((c) => c.matched))]),
            members('MissingContextValues', missing.map(esc)),
            orgs,
          ),
        ];
      return el(
        'member',
        text('EvalActionName', action),
        text('EvalResourceName', perResource ? `arn:\${Partition}:${action.split(':')[0]}:\${Region}:\${Account}:*` : '*'),
        text('EvalDecision', top),
        el('MatchedStatements', ...[...new Set(cells.flatMap((c) => c.matched))]),
        perResource ? el('MissingContextValues') : members('MissingContextValues', missing.map(esc)),
        orgs,
        boundaryOf(cells),
        perResource ? undefined : detailsOf(cells[0]),
        perResource
          ? el(
              'ResourceSpecificResults',
              ...cells.map((c) =>
                el(
                  'member',
                  text('EvalResourceName', c.resource),
                  text('EvalResourceDecision', c.decision),
                  el('MatchedStatements', ...c.matched),
                  members('MissingContextValues', c.missing.map(esc)),
                  detailsOf(c),
                  boundaryOf([c]),
                ),
              ),
            )
          : undefined,
      );
    });
    const pg = page(p, results, options.pageSize);
    return response(operation, `${el('EvaluationResults', ...pg.items)}${pagedResult(pg)}`);
  }

  function handle(action: string, p: URLSearchParams): string {
    switch (action) {
      case 'SimulateCustomPolicy':
      case 'SimulatePrincipalPolicy':
        return simulate(action, p);
      case 'GetUser': {
        const { name, u } = user(p);
        const userXml = el(
          'User',
          text('Path', u.path ?? '/'),
          text('UserName', name),
          text('UserId', `AIDA${name.toUpperCase()}EXAMPLE`),
          text('Arn', arnOf('user', u.path, name)),
          text('CreateDate', DATE),
          boundaryXml(u.boundary),
        );
        return response(action, userXml);
      }
      case 'GetRole': {
        const { name, r } = role(p);
        const roleXml = el(
          'Role',
          text('Path', r.path ?? '/'),
          text('RoleName', name),
          text('RoleId', `AROA${name.toUpperCase()}EXAMPLE`),
          text('Arn', arnOf('role', r.path, name)),
          text('CreateDate', DATE),
          r.trust ? text('AssumeRolePolicyDocument', encodeDoc(r.trust)) : undefined,
          boundaryXml(r.boundary),
        );
        return response(action, roleXml);
      }
      case 'ListUserPolicies': {
        const pg = page(p, Object.keys(user(p).u.inline ?? {}), options.pageSize);
        return response(action, `${members('PolicyNames', pg.items.map(esc))}${pagedResult(pg)}`);
      }
      case 'ListGroupPolicies': {
        const pg = page(p, Object.keys(group(p).g.inline ?? {}), options.pageSize);
        return response(action, `${members('PolicyNames', pg.items.map(esc))}${pagedResult(pg)}`);
      }
      case 'ListRolePolicies': {
        const pg = page(p, Object.keys(role(p).r.inline ?? {}), options.pageSize);
        return response(action, `${members('PolicyNames', pg.items.map(esc))}${pagedResult(pg)}`);
      }
      case 'GetUserPolicy': {
        const { name, u } = user(p);
        const pn = p.get('PolicyName') ?? '';
        return response(action, [text('UserName', name), text('PolicyName', pn), text('PolicyDocument', encodeDoc(inlineDoc(u.inline, pn, 'user')))].join(''));
      }
      case 'GetGroupPolicy': {
        const { name, g } = group(p);
        const pn = p.get('PolicyName') ?? '';
        return response(
          action,
          [text('GroupName', name), text('PolicyName', pn), text('PolicyDocument', encodeDoc(inlineDoc(g.inline, pn, 'group')))].join(''),
        );
      }
      case 'GetRolePolicy': {
        const { name, r } = role(p);
        const pn = p.get('PolicyName') ?? '';
        return response(action, [text('RoleName', name), text('PolicyName', pn), text('PolicyDocument', encodeDoc(inlineDoc(r.inline, pn, 'role')))].join(''));
      }
      case 'ListAttachedUserPolicies':
      case 'ListAttachedGroupPolicies':
      case 'ListAttachedRolePolicies': {
        const arns =
          action === 'ListAttachedUserPolicies' ? user(p).u.managed : action === 'ListAttachedGroupPolicies' ? group(p).g.managed : role(p).r.managed;
        const pg = page(p, attached(arns), options.pageSize);
        return response(action, `${members('AttachedPolicies', pg.items)}${pagedResult(pg)}`);
      }
      case 'ListGroupsForUser': {
        const { u } = user(p);
        const groups = (u.groups ?? []).map((g) =>
          [
            text('Path', account?.groups[g]?.path ?? '/'),
            text('GroupName', g),
            text('GroupId', `AGPA${g.toUpperCase()}EXAMPLE`),
            text('Arn', arnOf('group', account?.groups[g]?.path, g)),
            text('CreateDate', DATE),
          ].join(''),
        );
        const pg = page(p, groups, options.pageSize);
        return response(action, `${members('Groups', pg.items)}${pagedResult(pg)}`);
      }
      case 'GetPolicy': {
        const arn = p.get('PolicyArn') ?? '';
        const m = managed(arn);
        const policyXml = el(
          'Policy',
          text('PolicyName', arn.slice(arn.lastIndexOf('/') + 1)),
          text('PolicyId', 'ANPAEXAMPLE'),
          text('Arn', arn),
          text('Path', '/'),
          text('DefaultVersionId', m.defaultVersionId),
          text('AttachmentCount', 1),
          text('IsAttachable', true),
          text('CreateDate', DATE),
          text('UpdateDate', DATE),
        );
        return response(action, policyXml);
      }
      case 'GetPolicyVersion': {
        const arn = p.get('PolicyArn') ?? '';
        const v = p.get('VersionId') ?? '';
        const doc = managed(arn).versions[v];
        if (!doc) throw new QueryError('NoSuchEntity', `Policy ${arn} version ${v} does not exist.`, 404);
        return response(
          action,
          el(
            'PolicyVersion',
            text('Document', encodeDoc(doc)),
            text('VersionId', v),
            text('IsDefaultVersion', managed(arn).defaultVersionId === v),
            text('CreateDate', DATE),
          ),
        );
      }
      default:
        throw new QueryError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = params.get('Action') ?? '';
      calls[action] = (calls[action] ?? 0) + 1;
      requests.push({ action, params });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const send = (status: number, body: string) => {
        const finish = () => {
          inFlight--;
          res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
          res.end(body);
        };
        if (options.delayMs) setTimeout(finish, options.delayMs);
        else finish();
      };
      const fault = options.fault?.(action, params, calls[action]);
      if (fault === 'reset') {
        inFlight--;
        req.socket.destroy();
        return;
      }
      if (fault) {
        inFlight--;
        res.writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'text/xml', 'x-amzn-requestid': randomUUID() });
        res.end(fault.body);
        return;
      }
      const t = options.throttle;
      if (t && throttled < t.count && (!t.actions || t.actions.includes(action))) {
        throttled++;
        send(400, errorXml('Throttling', 'Rate exceeded'));
        return;
      }
      try {
        const injected = options.failWith?.(action, params);
        if (injected) throw new QueryError(injected.code, injected.message, injected.status ?? 400);
        if (params.get('Version') !== '2010-05-08') throw new QueryError('InvalidParameterValue', 'Version must be 2010-05-08');
        const body = handle(action, params);
        send(200, options.rewrite ? options.rewrite(action, body) : body);
      } catch (e) {
        if (e instanceof QueryError) send(e.status, errorXml(e.code, e.message));
        else send(500, errorXml('ServiceFailure', (e as Error).message));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    calls,
    requests,
    clientOptions: { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } },
    get maxInFlight() {
      return maxInFlight;
    },
    count: (...actions: string[]) => (actions.length ? actions : Object.keys(calls)).reduce((n, a) => n + (calls[a] ?? 0), 0),
    reset() {
      for (const k of Object.keys(calls)) delete calls[k];
      requests.length = 0;
      throttled = 0;
      maxInFlight = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
