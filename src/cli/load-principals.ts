import { blockPublicAccessOf } from './block-public-access-flag';
import * as path from 'node:path';
import type { OrgLevel, PolicySet } from '../policy/policy-set';
import { formatIssue, PolicyValidationError } from '../diagnostics/policy-issue';
import type { Policy } from '../policy/policy-model';
import type { PolicyType } from '../policy/policy-type';
import { readPolicySource } from '../policy-sources/read-policy-source';
import type { PolicySource } from '../policy-sources/policy-source';
import type { NamedPolicySet } from '../analysis/access-matrix';
import { loadPolicySets } from '../scenario/load-policy-sets';
import { UsageError, type CliIo } from './cli-io';
import { orgLevelsOf } from './org-level-flags';

/**
 * The policy-set options of `matrix`, `diff` and `explain`: the same pieces as `policySet()`
 * (identity, resource-based and trust policies, permissions boundary, SCP and RCP levels, session
 * policies, the management account), or whole sets from a policy-set file (`--set`).
 */
export interface PolicyTypeFlags {
  identity?: string[];
  boundary?: string;
  /** SCP levels, `FILE` or `LEVEL=FILE` (see {@link orgLevelsOf}). */
  scp?: string[];
  /** RCP levels, `FILE` or `LEVEL=FILE`. */
  rcp?: string[];
  'resource-policy'?: string[];
  trust?: string;
  session?: string[];
  /** VPC endpoint policies of the endpoint the requests go through. */
  'endpoint-policy'?: string[];
  'management-account'?: string;
  /** S3 Block Public Access: `organization`, `account:SETTINGS`, `bucket:SETTINGS` (see {@link blockPublicAccessOf}). */
  'block-public-access'?: string[];
  /** `FILE` or `FILE#NAME`: the `policySets` of a scenario or policy-set file. */
  set?: string[];
}

export interface LoadedPrincipals {
  principals: NamedPolicySet[];
  /** Every problem that stops evaluation, already printed to standard error. */
  errors: number;
}

export interface LoadPrincipalsOptions {
  /** Names the plain-file principal (default: the file names joined with `+`). */
  label?: string;
  /** The command, for usage errors about the flags. */
  command?: string;
  /**
   * The type plain input files are read as (`diff --type`). Default: read from each document
   * (a statement with Principal makes a resource-based or trust policy, else identity).
   */
  inputType?: PolicyType;
}

/** The valid policies of a source; errors are printed and counted, notes printed as notes. */
function valid(s: PolicySource, io: CliIo, count: { errors: number }): Policy[] {
  for (const i of s.issues)
    if (i.severity === 'error') {
      io.err(formatIssue(i).startsWith(s.file) ? formatIssue(i) : `${s.file}: ${formatIssue(i)}`);
      count.errors++;
    }
  for (const p of s.policies)
    for (const i of p.issues)
      if (i.severity === 'error') {
        io.err(`${i.pos?.file ? '' : `${s.file}: ${p.name}: `}${formatIssue(i)}`);
        count.errors++;
      }
  for (const n of s.notes) io.err(`${n.pos ? '' : `${s.file}: `}${formatIssue(n).replace(/(^|: )warning: /, '$1note: ')}`);
  return s.policies.flatMap((p) => (p.policy ? [p.policy] : []));
}

/** Reads one policy of a given type from a plain policy file. */
function single(file: string, type: PolicyType, io: CliIo, count: { errors: number }): Policy | undefined {
  return valid(readPolicySource(file, { policyType: type, cwd: io.cwd }), io, count)[0];
}

/** `set` with the parts of `extra` added: lists appended, a boundary or trust policy given in `extra` replacing none. */
export function withParts(set: PolicySet, extra: PolicySet): PolicySet {
  const out: PolicySet = { ...set, identity: [...set.identity, ...extra.identity] };
  if (extra.resource?.length) out.resource = [...(set.resource ?? []), ...extra.resource];
  if (extra.session?.length) out.session = [...(set.session ?? []), ...extra.session];
  if (extra.endpoint?.length) out.endpoint = [...(set.endpoint ?? []), ...extra.endpoint];
  if (extra.boundary) out.boundary = extra.boundary;
  if (extra.trust) out.trust = extra.trust;
  const levels = (a: OrgLevel[] | undefined, b: OrgLevel[] | undefined) => (b?.length ? [...(a ?? []), ...b] : a);
  const scps = levels(set.scps, extra.scps);
  if (scps) out.scps = scps;
  const rcps = levels(set.rcps, extra.rcps);
  if (rcps) out.rcps = rcps;
  if (extra.managementAccount) out.managementAccount = extra.managementAccount;
  if (extra.blockPublicAccess) out.blockPublicAccess = extra.blockPublicAccess;
  return out;
}

/** Whether a set holds any policy. */
function holdsPolicies(set: PolicySet): boolean {
  return !!(
    set.identity.length ||
    set.resource?.length ||
    set.session?.length ||
    set.endpoint?.length ||
    set.boundary ||
    set.trust ||
    set.scps?.length ||
    set.rcps?.length
  );
}

/** Puts a policy read as `type` into `set`; SCPs and RCPs each make a level of their own. */
function place(set: PolicySet, policy: Policy, type: PolicyType, level: string): void {
  switch (type) {
    case 'identity':
      set.identity.push(policy);
      break;
    case 'resource':
      (set.resource ??= []).push(policy);
      break;
    case 'session':
      (set.session ??= []).push(policy);
      break;
    case 'endpoint':
      (set.endpoint ??= []).push(policy);
      break;
    case 'boundary':
      set.boundary = policy;
      break;
    case 'trust':
      set.trust = policy;
      break;
    case 'scp':
      (set.scps ??= []).push({ name: level, policies: [policy] });
      break;
    case 'rcp':
      (set.rcps ??= []).push({ name: level, policies: [policy] });
      break;
  }
}

/** The policy set the policy-type flags describe (without plain inputs or `--set`). */
function flagSet(flags: PolicyTypeFlags, io: CliIo, count: { errors: number }, command: string): PolicySet {
  // Read the level flags first: a malformed one is a usage error before any file is read.
  const scpLevels = orgLevelsOf(flags.scp, 'scp', command);
  const rcpLevels = orgLevelsOf(flags.rcp, 'rcp', command);
  const mgmt = flags['management-account'];
  if (mgmt !== undefined && !/^\d{12}$/.test(mgmt))
    throw new UsageError(`--management-account takes a 12-digit AWS account id, got ${JSON.stringify(mgmt)}`, command);
  const many = (files: string[] | undefined, type: PolicyType) => (files ?? []).map((f) => single(f, type, io, count)).filter((p): p is Policy => !!p);
  const set: PolicySet = { identity: many(flags.identity, 'identity') };
  if (flags.boundary) {
    const b = single(flags.boundary, 'boundary', io, count);
    if (b) set.boundary = b;
  }
  if (flags.trust) {
    const t = single(flags.trust, 'trust', io, count);
    if (t) set.trust = t;
  }
  const levels = (list: typeof scpLevels, type: 'scp' | 'rcp') => list.map((l) => ({ name: l.name, policies: many(l.files, type) }));
  if (scpLevels.length) set.scps = levels(scpLevels, 'scp');
  if (rcpLevels.length) set.rcps = levels(rcpLevels, 'rcp');
  if (flags['resource-policy']?.length) set.resource = many(flags['resource-policy'], 'resource');
  if (flags.session?.length) set.session = many(flags.session, 'session');
  if (flags['endpoint-policy']?.length) set.endpoint = many(flags['endpoint-policy'], 'endpoint');
  if (mgmt) set.managementAccount = mgmt;
  const bpa = blockPublicAccessOf(flags['block-public-access'], command);
  if (bpa) set.blockPublicAccess = bpa;
  return set;
}

/** The sets of `--set FILE` / `--set FILE#NAME`, errors printed and counted. */
function setFiles(values: readonly string[] | undefined, io: CliIo, count: { errors: number }): NamedPolicySet[] {
  const out: NamedPolicySet[] = [];
  for (const value of values ?? []) {
    const hash = value.lastIndexOf('#');
    const file = hash > 0 ? value.slice(0, hash) : value;
    const only = hash > 0 ? value.slice(hash + 1) : undefined;
    try {
      out.push(...loadPolicySets(path.resolve(io.cwd, file), only));
    } catch (e) {
      if (!(e instanceof PolicyValidationError)) throw e;
      for (const i of e.issues.filter((x) => x.severity === 'error')) io.err(formatIssue(i));
      count.errors += Math.max(1, e.issues.length);
    }
  }
  return out;
}

/**
 * The principals of the inputs: each `--set` policy set, each template's roles, users and
 * functions, each plan's roles and users, and one principal made of all plain policy files.
 * The policy-type flags add their policies to every principal (a principal of a template keeps
 * its own boundary unless `--boundary` is given); with nothing else, they make the principal.
 */
export function loadPrincipals(inputs: string[], flags: PolicyTypeFlags, io: CliIo, options: LoadPrincipalsOptions = {}): LoadedPrincipals {
  const command = options.command ?? 'matrix';
  const count = { errors: 0 };
  const fixed = flagSet(flags, io, count, command);
  const principals: NamedPolicySet[] = setFiles(flags.set, io, count).map((p) => ({ name: p.name, set: withParts(p.set, fixed) }));
  const plainFiles: string[] = [];
  const plain: PolicySet = { identity: [] };
  for (const input of inputs) {
    const s = readPolicySource(input, { cwd: io.cwd, policyType: options.inputType ?? 'auto' });
    const policies = valid(s, io, count);
    if (s.kind === 'policy') {
      plainFiles.push(s.file);
      const type = s.policies[0]?.policyType ?? 'identity';
      for (const p of policies) place(plain, p, type, `${type.toUpperCase()} ${path.basename(s.file)}`);
    } else principals.push(...s.principals.map((p) => ({ name: p.name, set: withParts(p.set, fixed) })));
  }
  if (plainFiles.length || (!principals.length && holdsPolicies(fixed))) {
    const name = options.label ?? (plainFiles.map((f) => path.basename(f.replace(/@[^@]*$/, ''))).join(' + ') || 'policy set');
    principals.push({ name, set: withParts(plain, fixed) });
  }
  return { principals, errors: count.errors };
}

/** The policy-set flags of parseArgs. */
export const POLICY_TYPE_OPTIONS = {
  identity: { type: 'string', multiple: true },
  boundary: { type: 'string' },
  scp: { type: 'string', multiple: true },
  rcp: { type: 'string', multiple: true },
  'resource-policy': { type: 'string', multiple: true },
  trust: { type: 'string' },
  session: { type: 'string', multiple: true },
  'endpoint-policy': { type: 'string', multiple: true },
  'management-account': { type: 'string' },
  'block-public-access': { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
} as const;
