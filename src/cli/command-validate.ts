import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyLevels, checkPolicyAgainstCatalog, resolveValidationConfig, type ValidationConfig } from '../catalog';
import { accessAnalyzerLabel, VALIDATE_DEFAULT_LEVELS } from '../catalog/access-analyzer-class';
import { catalogFindingsOfTree } from '../catalog/check-tree-catalog';
import { formatIssue, PolicyValidationError, type PolicyIssue } from '../diagnostics/policy-issue';
import { detectPolicyType } from '../policy/detect-policy-type';
import { isPolicyType, POLICY_TYPES, type PolicyType } from '../policy/policy-type';
import { readSourceTree } from '../policy/source-tree';
import { readInputText, readPolicySourceText } from '../policy-sources/read-policy-source';
import { sarifLog, type SarifFinding } from '../report/sarif-log';
import { loadPolicySets } from '../scenario/load-policy-sets';
import { loadScenario } from '../scenario/load-scenario';
import { EXIT, UsageError, type CliIo } from './cli-io';
import { writeOutput } from './write-output';

export interface ValidateFlags {
  /** `TYPE` for every plain policy file, or `TYPE:FILE` for one (repeatable). */
  type?: string[];
  format?: string;
  output?: string;
  'warnings-as-errors'?: boolean;
}

/** The keys that make a YAML file a scenario or policy-set file rather than a policy. */
const SCENARIO_KEYS = ['principals', 'policySets', 'include', 'vars'];

/** `file:line:col: note: message` for a note (a PolicyIssue whose severity the caller overrides). */
function formatNote(issue: PolicyIssue): string {
  return formatIssue(issue).replace(/(^|: )warning: /, '$1note: ');
}

/** jest-iam's own version, for the SARIF log (from src/cli or dist/src/cli). */
function ownVersion(): string | undefined {
  for (const up of [
    ['..', '..'],
    ['..', '..', '..'],
  ]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, ...up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'jest-iam') return pkg.version;
    } catch {
      // Not at this level; try the next.
    }
  }
  return undefined;
}

/** `--type` values: one type for every plain file and/or `TYPE:FILE` for single files. */
function typesOf(values: readonly string[] | undefined): { all?: PolicyType; byFile: Map<string, PolicyType> } {
  const byFile = new Map<string, PolicyType>();
  let all: PolicyType | undefined;
  for (const v of values ?? []) {
    const colon = v.indexOf(':');
    const type = colon < 0 ? v : v.slice(0, colon);
    if (!isPolicyType(type))
      throw new UsageError(
        `unknown --type ${JSON.stringify(type)}; use one of ${POLICY_TYPES.join(', ')}, alone or as TYPE:FILE (e.g. --type resource:bucket.json)`,
        'validate',
      );
    if (colon < 0) all = type;
    else byFile.set(path.normalize(v.slice(colon + 1)), type);
  }
  return { all, byFile };
}

/** What to write when a document's Principal says it is another type than the one asked for. */
function typeHint(asked: PolicyType, found: PolicyType, file: string): string | undefined {
  if (asked === found) return undefined;
  if (found === 'resource' || found === 'trust') {
    if (asked === 'resource' || asked === 'trust') return undefined;
    return `it has a Principal, so it reads as a ${found === 'trust' ? 'role trust policy' : 'resource-based policy'}: validate it with --type ${found}:${file}`;
  }
  if (asked === 'resource' || asked === 'trust')
    return `it has no Principal, so it reads as an identity-based policy (or a boundary, SCP, RCP or session policy): validate it with --type identity:${file} or another of those types`;
  return undefined;
}

/**
 * `jest-iam validate`: grammar and service-reference checks over every policy of every input.
 * What a file is comes from the file: a CloudFormation template or Terraform plan by its shape,
 * a scenario or policy-set file by its keys, a resource-based or trust policy by its Principal;
 * `--type` says it when the file cannot (a boundary, SCP, RCP or session policy). Service-reference
 * findings are graded as IAM Access Analyzer grades its policy checks and are reported even when
 * the document has grammar errors too.
 */
export function validateCommand(inputs: string[], flags: ValidateFlags, io: CliIo): number {
  if (!inputs.length) throw new UsageError('validate needs at least one input file', 'validate');
  const types = typesOf(flags.type);
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'sarif') throw new UsageError(`unknown --format ${JSON.stringify(format)}; use text or sarif`, 'validate');
  const config: ValidationConfig = resolveValidationConfig({ ...VALIDATE_DEFAULT_LEVELS, ...(flags['warnings-as-errors'] ? { warningsAsErrors: true } : {}) });

  const findings: SarifFinding[] = [];
  const lines: string[] = [];
  let errors = 0;
  for (const input of inputs) {
    const { text, shown } = readInputText(input, io.cwd);
    const before = findings.length;
    let nameInMessage = false;
    const add = (issue: PolicyIssue, level: SarifFinding['level'], context?: string) => {
      const aa = accessAnalyzerLabel(issue);
      // A position in the file itself (a Terraform plan's line and column) does not say which of its policies: the message does.
      const named = issue.pos?.file !== undefined && context && nameInMessage ? `${context}: ${issue.message}` : issue.message;
      const shownIssue = aa || named !== issue.message ? { ...issue, message: `${named}${aa ? ` [Access Analyzer ${aa}]` : ''}` } : issue;
      findings.push({ file: shown, issue: shownIssue, level, ...(context ? { context } : {}) });
      if (level === 'error') errors++;
      const where = issue.pos?.file === undefined && context ? `${shown}: ${context}: ` : issue.pos ? '' : `${shown}: `;
      lines.push(`${where}${level === 'note' ? formatNote(shownIssue) : formatIssue(shownIssue)}`);
    };
    const format = /\.json$/i.test(shown) ? 'json' : /\.ya?ml$/i.test(shown) ? 'yaml' : 'auto';
    const tree = readSourceTree(text, { format, file: shown });
    const keys = tree.root?.kind === 'object' ? (tree.root.entries ?? []).map((e) => e.key) : [];
    let kind: string;
    if (!keys.includes('Statement') && keys.some((k) => SCENARIO_KEYS.includes(k)) && !input.startsWith('git:')) {
      // A scenario file (principals) or a policy-set file: validated as the YAML suites read it.
      kind = keys.includes('principals') ? 'scenario' : 'policy sets';
      try {
        const file = path.resolve(io.cwd, input);
        if (kind === 'scenario') for (const w of loadScenario(file).warnings) add(w, w.severity);
        else loadPolicySets(file);
      } catch (e) {
        if (!(e instanceof PolicyValidationError)) throw e;
        for (const i of e.issues) add(i, i.severity);
      }
    } else {
      const explicit = types.byFile.get(path.normalize(input)) ?? types.all;
      const found = detectPolicyType(tree.root);
      const source = readPolicySourceText(text, shown, { policyType: explicit ?? 'auto' });
      nameInMessage = source.kind === 'terraform-plan';
      kind = source.kind === 'policy' ? `${source.policies[0]?.policyType ?? found} policy` : source.kind;
      for (const i of applyLevels(source.issues, config)) add(i, i.severity);
      for (const p of source.policies) {
        const context = source.kind === 'policy' ? undefined : p.name;
        for (const i of applyLevels(p.issues, config)) add(i, i.severity, context);
        if (p.policy) for (const i of applyLevels(checkPolicyAgainstCatalog(p.policy), config)) add(i, i.severity, context);
        else if (source.kind === 'policy') for (const i of applyLevels(catalogFindingsOfTree(tree.root, { file: shown, text }), config)) add(i, i.severity);
      }
      for (const n of source.notes) add(n, 'note');
      const hint = source.kind === 'policy' && explicit ? typeHint(explicit, found, input) : undefined;
      if (hint) add({ severity: 'warning', code: 'policy-type-hint', message: hint }, 'note');
    }
    const mine = findings.slice(before);
    const count = (l: SarifFinding['level']) => mine.filter((f) => f.level === l).length;
    const policies = kind === 'cloudformation' || kind === 'terraform-plan' ? readPolicySourceText(text, shown).policies.length : undefined;
    const what = policies !== undefined ? `${kind}: ${policies} polic${policies === 1 ? 'y' : 'ies'}` : kind;
    // A plain identity policy is what a policy file is by default: no need to say so.
    const suffix = what === 'identity policy' ? '' : ` (${what})`;
    lines.push(count('error') || count('warning') ? `${shown}: ${count('error')} error(s), ${count('warning')} warning(s)${suffix}` : `${shown}: ok${suffix}`);
  }
  const out = format === 'sarif' ? JSON.stringify(sarifLog(findings, { version: ownVersion(), cwd: io.cwd }), null, 2) : lines.join('\n');
  writeOutput(io, flags.output, out);
  return errors > 0 ? EXIT.findings : EXIT.ok;
}
