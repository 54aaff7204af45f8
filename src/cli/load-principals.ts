import * as path from 'node:path';
import type { PolicySet } from '../policy/policy-set';
import { formatIssue } from '../diagnostics/policy-issue';
import type { Policy } from '../policy/policy-model';
import type { PolicyType } from '../policy/policy-type';
import { readPolicySource } from '../policy-sources/read-policy-source';
import type { PolicySource } from '../policy-sources/policy-source';
import type { NamedPolicySet } from '../analysis/access-matrix';
import type { CliIo } from './cli-io';
import { orgLevelsOf } from './org-level-flags';

/** Flags that add other policy types to the principal made of the plain policy files. */
export interface PolicyTypeFlags {
  boundary?: string;
  /** SCP levels, `FILE` or `LEVEL=FILE` (see {@link orgLevelsOf}). */
  scp?: string[];
  /** RCP levels, `FILE` or `LEVEL=FILE`. */
  rcp?: string[];
  'resource-policy'?: string[];
  session?: string[];
}

export interface LoadedPrincipals {
  principals: NamedPolicySet[];
  /** Every problem that stops evaluation, already printed to standard error. */
  errors: number;
}

/** Reads one policy of a given type from a plain policy file. */
function single(file: string, type: PolicyType, io: CliIo, count: { errors: number }): Policy | undefined {
  const s = readPolicySource(file, { policyType: type, cwd: io.cwd });
  return valid(s, io, count)[0];
}

/** The valid policies of a source; errors are printed and counted, notes printed as notes. */
function valid(s: PolicySource, io: CliIo, count: { errors: number }): Policy[] {
  for (const i of s.issues) if (i.severity === 'error') {
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

/**
 * The principals of the inputs: each template's roles, users and functions, each plan's roles
 * and users, and one principal made of all plain policy files (with the policy-type flags).
 * `label` names that plain-file principal (default: the file names joined with `+`);
 * `command` names the command in a usage error about the flags.
 */
export function loadPrincipals(inputs: string[], flags: PolicyTypeFlags, io: CliIo, label?: string, command = 'matrix'): LoadedPrincipals {
  // Read the level flags first: a malformed one is a usage error before any file is read.
  const scpLevels = orgLevelsOf(flags.scp, 'scp', command);
  const rcpLevels = orgLevelsOf(flags.rcp, 'rcp', command);
  const count = { errors: 0 };
  const principals: NamedPolicySet[] = [];
  const plain: { file: string; policies: Policy[] }[] = [];
  for (const input of inputs) {
    const s = readPolicySource(input, { cwd: io.cwd });
    const policies = valid(s, io, count);
    if (s.kind === 'policy') plain.push({ file: s.file, policies });
    else principals.push(...s.principals.map((p) => ({ name: p.name, set: p.set })));
  }
  const extra = Boolean(flags.boundary || scpLevels.length || rcpLevels.length || flags['resource-policy']?.length || flags.session?.length);
  if (plain.length || extra) {
    const set: PolicySet = { identity: plain.flatMap((p) => p.policies) };
    if (flags.boundary) {
      const b = single(flags.boundary, 'boundary', io, count);
      if (b) set.boundary = b;
    }
    const levels = (list: typeof scpLevels, type: 'scp' | 'rcp') => list.map((l) => ({ name: l.name, policies: l.files.map((f) => single(f, type, io, count)).filter((p): p is Policy => !!p) }));
    if (scpLevels.length) set.scps = levels(scpLevels, 'scp');
    if (rcpLevels.length) set.rcps = levels(rcpLevels, 'rcp');
    if (flags['resource-policy']?.length) set.resource = flags['resource-policy'].map((f) => single(f, 'resource', io, count)).filter((p): p is Policy => !!p);
    if (flags.session?.length) set.session = flags.session.map((f) => single(f, 'session', io, count)).filter((p): p is Policy => !!p);
    principals.push({ name: label ?? (plain.map((p) => path.basename(p.file.replace(/@[^@]*$/, ''))).join(' + ') || 'policy set'), set });
  }
  return { principals, errors: count.errors };
}

/** The policy-type flags of parseArgs. */
export const POLICY_TYPE_OPTIONS = {
  boundary: { type: 'string' },
  scp: { type: 'string', multiple: true },
  rcp: { type: 'string', multiple: true },
  'resource-policy': { type: 'string', multiple: true },
  session: { type: 'string', multiple: true },
} as const;
