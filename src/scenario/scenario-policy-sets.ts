/**
 * Builds the policy sets a scenario names: `policySets` entries (once each, shared by every
 * principal naming them) and inline sets, with `extends`. Policies come from files (parsed and
 * cached by `toPolicy`) or from inline documents, which are validated in place so their errors
 * and the statements an explanation shows point into the scenario file itself.
 */

import * as fs from 'node:fs';
import { policySet, type OrgLevelInput, type PolicySetInput } from '../engine/build-policy-set';
import type { PolicySet } from '../policy/policy-set';
import { quote } from '../diagnostics/issue-list';
import { formatPath, PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import { toPolicy } from '../policy/policy-input';
import type { Policy } from '../policy/policy-model';
import type { PolicyType } from '../policy/policy-type';
import type { SourcePosition } from '../diagnostics/source-position';
import type { SourceEntry, SourceNode } from '../policy/source-tree';
import { nearestName } from '../diagnostics/nearest-name';
import { validatePolicyTree } from '../policy/validate-grammar';
import { notAPolicyReason } from './non-policy-file';
import { resolveInFolder, type FolderEscape, type ScenarioFolder } from './scenario-folder';
import { displayPath, type ScenarioSource } from './scenario-source';
import { VarScope } from './scenario-vars';
import { toPlainData, valueOf } from './source-node-access';

type Path = (string | number)[];

/** A `policySets` entry and the file it is written in. */
export interface NamedPolicySet {
  name: string;
  entry: SourceEntry;
  source: ScenarioSource;
}

/** The list-valued roles of a set and the policy type (grammar rules) their policies are read with. */
const ROLE_TYPES: Record<'identity' | 'resource' | 'session' | 'endpoint', PolicyType> = {
  identity: 'identity',
  resource: 'resource',
  session: 'session',
  endpoint: 'endpoint',
};

/**
 * Builds policy sets for one scenario, reporting every problem into `issues` (errors) and
 * `warnings`; a named set is built once however many principals or sets refer to it.
 */
export class PolicySetBuilder {
  private readonly built = new Map<string, PolicySet | undefined>();
  /** Sets with `source: live` and a `bucket`, to be filled from the account when the suite starts. */
  readonly liveBuckets: { bucket: string; account: string; set: PolicySet }[] = [];
  private readonly building: string[] = [];

  constructor(
    private readonly named: ReadonlyMap<string, NamedPolicySet>,
    private readonly vars: VarScope,
    private readonly issues: PolicyIssue[],
    private readonly warnings: PolicyIssue[],
    private readonly folder: ScenarioFolder,
  ) {}

  /** The set a `policies:` string (or `extends:`) names; undefined after an issue when unknown. */
  byName(nameNode: SourceNode, source: ScenarioSource, at: Path): PolicySet | undefined {
    const name = this.vars.expand(VarScope.textOf(nameNode, source, at));
    const def = this.named.get(name);
    if (!def) {
      const hint = nearestName(name, this.named.keys());
      const known = this.named.size ? `; defined sets: ${[...this.named.keys()].join(', ')}` : '; the scenario defines no policySets';
      this.error('unknown-policy-set', `unknown policy set ${quote(name)}${hint ? `; did you mean "${hint}"?` : known}`, nameNode.pos, at);
      return undefined;
    }
    if (this.built.has(name)) return this.built.get(name);
    if (this.building.includes(name)) {
      const cycle = [...this.building.slice(this.building.indexOf(name)), name].join(' -> ');
      this.error('policy-set-cycle', `policy set ${quote(name)} extends itself: ${cycle}`, nameNode.pos, at);
      return undefined;
    }
    this.building.push(name);
    const set = this.fromNode(def.entry.value, def.source, ['policySets', name]);
    this.building.pop();
    this.built.set(name, set);
    return set;
  }

  /** A policy set written as a mapping (a `policySets` entry or an inline `policies:`). */
  fromNode(node: SourceNode, source: ScenarioSource, at: Path): PolicySet | undefined {
    if (node.kind !== 'object') return undefined;
    const ext = valueOf(node, 'extends');
    let base: PolicySet | undefined;
    if (ext?.kind === 'string') {
      base = this.byName(ext, source, [...at, 'extends']);
      if (!base) return undefined;
    }
    const input: PolicySetInput = {};
    const list = (role: 'identity' | 'resource' | 'session' | 'endpoint') => {
      const v = valueOf(node, role);
      const own = v ? this.refs(v, source, [...at, role], ROLE_TYPES[role]) : [];
      const inherited = base?.[role] ?? [];
      if (v || inherited.length) input[role] = [...inherited, ...own];
    };
    list('identity');
    list('resource');
    list('session');
    list('endpoint');
    const trust = valueOf(node, 'trust');
    const ownTrust = trust ? this.ref(trust, source, [...at, 'trust'], 'trust') : undefined;
    // A role has one trust policy: an extending set's replaces the base set's.
    const t = ownTrust ?? base?.trust;
    if (t) input.trust = t;
    const boundary = valueOf(node, 'boundary');
    const ownBoundary = boundary ? this.ref(boundary, source, [...at, 'boundary'], 'boundary') : undefined;
    // An extending set's boundary replaces the base set's: a principal has one boundary.
    const b = ownBoundary ?? base?.boundary;
    if (b) input.boundary = b;
    for (const kind of ['scps', 'rcps'] as const) {
      const levels = this.levels(valueOf(node, kind), source, [...at, kind], kind === 'scps' ? 'scp' : 'rcp');
      const merged = mergeLevels(base?.[kind], levels);
      if (merged) input[kind] = merged;
    }
    const mgmt = valueOf(node, 'managementAccount');
    const managementAccount = mgmt ? this.vars.expand(VarScope.textOf(mgmt, source, [...at, 'managementAccount'])) : base?.managementAccount;
    if (managementAccount) input.managementAccount = managementAccount;
    // Block Public Access and AWS managed keys: shapes are checked by the schema with positions;
    // an extending set's value replaces the base set's, like a boundary.
    const bpa = valueOf(node, 'blockPublicAccess');
    const blockPublicAccess = bpa ? (toPlainData(bpa) as PolicySetInput['blockPublicAccess']) : base?.blockPublicAccess;
    if (blockPublicAccess) input.blockPublicAccess = blockPublicAccess;
    const keys = valueOf(node, 'awsManagedKeys');
    const awsManagedKeys =
      keys?.kind === 'array'
        ? (keys.items ?? []).map((k, i) => this.vars.expand(VarScope.textOf(k, source, [...at, 'awsManagedKeys', i])))
        : base?.awsManagedKeys;
    if (awsManagedKeys) input.awsManagedKeys = awsManagedKeys;
    const live = this.liveBucket(node, source, at);
    try {
      const set = policySet(input);
      if (live) this.liveBuckets.push({ ...live, set });
      return set;
    } catch (e) {
      // The schema reports shapes with their positions; what policySet() still refuses is
      // reported at the set itself, never thrown past the scenario's other issues.
      if (!(e instanceof PolicyValidationError)) throw e;
      // The same problem found by the schema inside this set is already reported with its place.
      const inside = (p: Path | undefined) => !!p && p.length > at.length && at.every((x, k) => p[k] === x);
      if (this.issues.some((i) => i.severity === 'error' && inside(i.path))) return undefined;
      // A problem that names one key of the set (managementAccount "12345") is shown at that key's value.
      for (const i of e.issues) {
        const key = /^(\w+)\b/.exec(i.message)?.[1];
        const keyNode = key && key !== 'identity' ? valueOf(node, key) : undefined;
        this.error(i.code, i.message, keyNode?.pos ?? node.pos, keyNode ? [...at, key as string] : at);
      }
      return undefined;
    }
  }

  /**
   * `source: live` with `bucket` and `account`: the bucket policy and Block Public Access settings
   * come from the account (read-only S3 calls when the suite starts). The set's own `resource`
   * and `blockPublicAccess` would be replaced, so they are refused beside it.
   */
  private liveBucket(node: SourceNode, source: ScenarioSource, at: Path): { bucket: string; account: string } | undefined {
    const src = valueOf(node, 'source');
    if (!src) return undefined;
    const bucketNode = valueOf(node, 'bucket');
    const accountNode = valueOf(node, 'account');
    if (!bucketNode || !accountNode) {
      this.error(
        'live-bucket-incomplete',
        "a policy set with source: live reads a bucket from the account: give `bucket` (its name) and `account` (the owner's 12-digit id)",
        src.pos,
        [...at, 'source'],
      );
      return undefined;
    }
    for (const key of ['resource', 'blockPublicAccess']) {
      const n = valueOf(node, key);
      if (n) this.error('live-bucket-conflict', `\`${key}\` comes from the account for a source: live bucket; remove it`, n.pos, [...at, key]);
    }
    const bucket = this.vars.expand(VarScope.textOf(bucketNode, source, [...at, 'bucket']));
    const account = this.vars.expand(VarScope.textOf(accountNode, source, [...at, 'account']));
    if (!/^\d{12}$/.test(account))
      this.error('bad-account-id', `account ${quote(account)} is not a 12-digit AWS account id`, accountNode.pos, [...at, 'account']);
    return { bucket, account };
  }

  /** One or a list of policies. */
  private refs(node: SourceNode, source: ScenarioSource, at: Path, type: PolicyType): Policy[] {
    if (node.kind === 'array') {
      return (node.items ?? []).flatMap((item, i) => {
        const p = this.ref(item, source, [...at, i], type);
        return p ? [p] : [];
      });
    }
    const p = this.ref(node, source, at, type);
    return p ? [p] : [];
  }

  private levels(node: SourceNode | undefined, source: ScenarioSource, at: Path, type: PolicyType): OrgLevelInput[] | undefined {
    if (!node || node.kind !== 'array') return undefined;
    const out: OrgLevelInput[] = [];
    (node.items ?? []).forEach((item, i) => {
      const name = valueOf(item, 'name');
      const policies = valueOf(item, 'policies');
      if (name?.kind !== 'string' || !policies) return;
      out.push({
        name: this.vars.expand(VarScope.textOf(name, source, [...at, i, 'name'])),
        policies: this.refs(policies, source, [...at, i, 'policies'], type),
      });
    });
    return out;
  }

  /** One policy: a file path or an inline document. */
  private ref(node: SourceNode, source: ScenarioSource, at: Path, type: PolicyType): Policy | undefined {
    if (node.kind === 'object') return this.inline(node, source, at, type);
    if (node.kind !== 'string') return undefined;
    const written = this.vars.expand(VarScope.textOf(node, source, at));
    if (/^\s*[{[]/.test(written)) {
      this.error(
        'policy-text-in-string',
        'policy text in a string is not read; write the policy document itself as the value (JSON is valid YAML, so a pasted JSON policy works without quotes or |), or give a file path',
        node.pos,
        at,
      );
      return undefined;
    }
    const { target: file, escape } = resolveInFolder(this.folder, source.file, written);
    if (escape) {
      this.error('path-outside-scenario', outsideMessage(written, escape, this.folder.folder), node.pos, at);
      return undefined;
    }
    let isFile: boolean;
    try {
      isFile = fs.statSync(file).isFile();
    } catch {
      this.error('policy-file-not-found', `policy file ${quote(written)} not found (looked for ${displayPath(file)})`, node.pos, at);
      return undefined;
    }
    if (!isFile) {
      // A directory, a device or a pipe: reading a pipe would wait for ever.
      this.error('policy-file-unreadable', `cannot use policy file ${quote(written)}: it is not a regular file`, node.pos, at);
      return undefined;
    }
    try {
      return toPolicy(file, { policyType: type });
    } catch (e) {
      if (!(e instanceof PolicyValidationError)) {
        this.error(
          'policy-file-unreadable',
          `cannot use policy file ${quote(written)}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
          node.pos,
          at,
        );
        return undefined;
      }
      const notAPolicy = notAPolicyReason(file);
      if (notAPolicy) {
        // One short error where the scenario names the file: its content is not echoed.
        this.error('not-a-policy', `policy file ${quote(written)} is not an IAM policy: ${notAPolicy}`, node.pos, at);
        return undefined;
      }
      // The policy's own issues keep their positions in the policy file; one without a
      // position (an unreadable file) is shown where the scenario names the file.
      for (const i of e.issues.filter((x) => x.severity === 'error')) {
        this.issues.push(i.pos ? i : { ...i, message: `${displayPath(file)}: ${i.message}`, pos: node.pos, path: at });
      }
      return undefined;
    }
  }

  /**
   * An inline policy document: vars substituted, then validated in place, so positions,
   * issue paths and the statement text shown in explanations are those of the scenario file.
   */
  private inline(node: SourceNode, source: ScenarioSource, at: Path, type: PolicyType): Policy | undefined {
    const tree = substituteTree(node, source, this.vars, at);
    const { policy, issues } = validatePolicyTree(tree, { name: formatPath(at), file: source.displayFile, text: source.text, policyType: type });
    for (const i of issues) {
      const located: PolicyIssue = { ...i, path: [...at, ...(i.path ?? [])] };
      if (i.severity === 'error') this.issues.push(located);
      else this.warnings.push(located);
    }
    return policy;
  }

  private error(code: string, message: string, pos: SourcePosition, path: Path): void {
    this.issues.push({ severity: 'error', code, message, pos, path });
  }
}

/** The error for a policy path that leaves the scenario's folder. */
function outsideMessage(written: string, escape: FolderEscape, folder: string): string {
  switch (escape) {
    case 'absolute':
      return `policy file ${quote(written)} is an absolute path; policy paths are relative to the file that names them and must stay inside ${displayPath(folder)} (the nearest folder above the scenario with a package.json, else the scenario's own folder)`;
    case 'parent':
      return `policy file ${quote(written)} leaves ${displayPath(folder)} (the nearest folder above the scenario with a package.json, else the scenario's own folder); policy files must be inside it`;
    case 'symlink':
      return `policy file ${quote(written)} leads outside ${displayPath(folder)} through a symbolic link`;
  }
}

/** SCP/RCP levels of an extending set: a level named like a base level adds to its policies. */
function mergeLevels(base: PolicySet['scps'], own: OrgLevelInput[] | undefined): OrgLevelInput[] | undefined {
  if (!base?.length) return own;
  const out: OrgLevelInput[] = base.map((l) => ({ name: l.name, policies: [...l.policies] }));
  for (const l of own ?? []) {
    const same = out.find((x) => x.name === l.name);
    const policies = Array.isArray(l.policies) ? l.policies : [l.policies];
    if (same) same.policies = [...(same.policies as Policy[]), ...policies];
    else out.push(l);
  }
  return out;
}

/** A copy of an inline policy's tree with vars substituted in every string and key. */
function substituteTree(node: SourceNode, source: ScenarioSource, vars: VarScope, at: Path): SourceNode {
  switch (node.kind) {
    case 'string':
      return { ...node, value: vars.expand(VarScope.textOf(node, source, at)) };
    case 'array':
      return { ...node, items: (node.items ?? []).map((item, i) => substituteTree(item, source, vars, [...at, i])) };
    case 'object':
      return {
        ...node,
        entries: (node.entries ?? []).map((e) => {
          const lineEnd = source.text.indexOf('\n', e.keyPos.offset);
          const raw = source.text.slice(e.keyPos.offset, lineEnd < 0 ? undefined : lineEnd);
          const key = vars.expand({ value: e.key, pos: e.keyPos, source, raw, path: [...at, e.key] });
          return { ...e, key, value: substituteTree(e.value, source, vars, [...at, e.key]) };
        }),
      };
    default:
      return node;
  }
}
