/**
 * Reads one CLI input: a policy file (JSON or YAML), a CloudFormation / SAM template (YAML or
 * JSON), or a Terraform plan as JSON; from a path, or from git as `git:<rev>:<path>` (read with
 * `git show`, so a pull request's base version can be compared with the working tree).
 */

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { checkPolicy } from '../policy/parse-policy';
import { maxPolicyFileBytes, readPolicyTextFile, tooLarge } from '../policy/read-policy-text-file';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { PolicyType } from '../policy/policy-type';
import { detectPolicyType } from '../policy/detect-policy-type';
import { readSourceTree, detectFormat, type SourceNode } from '../policy/source-tree';
import { readCfnYaml } from './cfn-yaml-tree';
import { isCloudFormationTemplate, readCloudFormation } from './cloudformation';
import type { PolicySource } from './policy-source';
import { isTerraformPlan, readTerraformPlan } from './terraform-plan';

export interface ReadSourceOptions {
  /**
   * Policy type of a plain policy file (default `identity`); `auto` reads it from the document
   * ({@link detectPolicyType}: a Principal makes a resource-based or trust policy).
   */
  policyType?: PolicyType | 'auto';
  /** Directory relative paths and `git:` inputs are read from (default: the current directory). */
  cwd?: string;
}

/** An input that cannot be read at all; the CLI prints the message and exits with 2. */
export class InputError extends Error {}

/** The text of an input and the name messages use for it. */
export function readInputText(input: string, cwd: string = process.cwd()): { text: string; shown: string } {
  const git = /^git:([^:]+):(.+)$/.exec(input);
  if (git) {
    const [, rev, file] = git;
    return { text: readFromGit(input, rev, file, cwd), shown: `${file}@${rev}` };
  }
  if (input.startsWith('git:')) throw new InputError(`${input}: write git inputs as git:<rev>:<path>, e.g. git:origin/main:policies/role.json`);
  const full = path.resolve(cwd, input);
  const read = readPolicyTextFile(full);
  if (!('text' in read)) throw new InputError(`${input}: cannot read the file: ${read.reason}`);
  return { text: read.text, shown: input };
}

/**
 * `git show <commit>:<file>`, the revision resolved first. A revision starting with `-` would
 * reach git as an option (`--output=/path` writes a file), so it is refused; the resolved
 * commit id and `--end-of-options` keep everything after them an argument.
 */
function readFromGit(input: string, rev: string, file: string, cwd: string): string {
  if (rev.startsWith('-')) throw new InputError(`${input}: a git revision cannot start with "-" (git would read ${JSON.stringify(rev)} as an option)`);
  const git = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: MAX_GIT_OUTPUT });
  const failed = (e: unknown) => {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    return new InputError(`${input}: cannot read ${file} at revision ${rev} with git show${stderr ? ` (${stderr})` : ''}`);
  };
  let commit: string;
  let text: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).trim();
  } catch (e) {
    throw failed(e);
  }
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new InputError(`${input}: cannot read ${file} at revision ${rev} with git show (not a commit)`);
  try {
    text = git(['show', '--end-of-options', `${commit}:${file}`]);
  } catch (e) {
    throw failed(e);
  }
  const max = maxPolicyFileBytes();
  if (Buffer.byteLength(text) > max) throw new InputError(`${input}: cannot read the file: ${tooLarge(Buffer.byteLength(text), max)}`);
  return text;
}

/** Git output beyond this is not a policy (the file limit below, with room for a template). */
const MAX_GIT_OUTPUT = 64 * 1024 * 1024;

/** The tree of a file, read as JSON or (with CloudFormation tags) YAML. */
function readTree(text: string, shown: string): { root?: SourceNode; issues: PolicyIssue[] } {
  const format = /\.json$/i.test(shown) ? 'json' : /\.ya?ml$/i.test(shown) ? 'yaml' : detectFormat(text);
  if (format === 'json') return readSourceTree(text, { format: 'json', file: shown });
  return readCfnYaml(text, shown);
}

/** Reads and classifies one input. Syntax errors come back in `issues`; only unreadable inputs throw. */
export function readPolicySource(input: string, options: ReadSourceOptions = {}): PolicySource {
  const { text, shown } = readInputText(input, options.cwd);
  return readPolicySourceText(text, shown, options);
}

/** Like {@link readPolicySource}, for text already read. */
export function readPolicySourceText(text: string, shown: string, options: ReadSourceOptions = {}): PolicySource {
  const tree = readTree(text, shown);
  if (tree.root && isCloudFormationTemplate(tree.root)) {
    const src = readCloudFormation(tree.root, text, shown);
    src.issues.unshift(...tree.issues.filter((i) => i.severity === 'error'));
    return src;
  }
  if (tree.root && tree.root.kind === 'object' && /^\s*\{/.test(text)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (json !== undefined && isTerraformPlan(json)) return readTerraformPlan(json as Record<string, unknown>, shown, text);
  }
  // A plain policy document: the policy parser reports syntax and grammar with positions.
  const policyType = options.policyType === 'auto' ? detectPolicyType(tree.root) : (options.policyType ?? 'identity');
  const format = /\.json$/i.test(shown) ? 'json' : /\.ya?ml$/i.test(shown) ? 'yaml' : 'auto';
  const { policy, issues } = checkPolicy(text, { file: shown, name: path.basename(shown), format, policyType });
  const source: PolicySource = {
    file: shown,
    kind: 'policy',
    policies: [{ name: path.basename(shown), policyType, ...(policy ? { policy } : {}), issues }],
    principals: [],
    issues: [],
    notes: [],
  };
  if (policy && policyType !== 'trust') {
    const set =
      policyType === 'resource'
        ? { identity: [], resource: [policy] }
        : policyType === 'boundary'
          ? { identity: [], boundary: policy }
          : { identity: [policy] };
    source.principals.push({ name: path.basename(shown), set });
  }
  return source;
}
