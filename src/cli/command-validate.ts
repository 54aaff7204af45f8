import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyLevels, checkPolicyAgainstCatalog, resolveValidationConfig } from '../catalog';
import { formatIssue, type PolicyIssue } from '../diagnostics/policy-issue';
import type { PolicyType } from '../policy/policy-type';
import { readPolicySource } from '../policy-sources/read-policy-source';
import { sarifLog, type SarifFinding } from '../report/sarif-log';
import { EXIT, UsageError, type CliIo } from './cli-io';
import { writeOutput } from './write-output';

const TYPES: readonly PolicyType[] = ['identity', 'resource', 'boundary', 'scp', 'rcp', 'session', 'trust'];

export interface ValidateFlags {
  type?: string;
  format?: string;
  output?: string;
  'warnings-as-errors'?: boolean;
}

/** `file:line:col: note: message` for a note (a PolicyIssue whose severity the caller overrides). */
function formatNote(issue: PolicyIssue): string {
  return formatIssue(issue).replace(/(^|: )warning: /, '$1note: ');
}

/** jest-iam's own version, for the SARIF log (from src/cli or dist/src/cli). */
function ownVersion(): string | undefined {
  for (const up of [['..', '..'], ['..', '..', '..']]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, ...up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'jest-iam') return pkg.version;
    } catch {
      // Not at this level; try the next.
    }
  }
  return undefined;
}

/**
 * `jest-iam validate`: grammar and service-reference checks over every policy of every input.
 * Catalogue findings are graded by the validation settings (warnings by default).
 */
export function validateCommand(inputs: string[], flags: ValidateFlags, io: CliIo): number {
  if (!inputs.length) throw new UsageError('validate needs at least one input file', 'validate');
  const type = (flags.type ?? 'identity') as PolicyType;
  if (!TYPES.includes(type)) throw new UsageError(`unknown --type ${JSON.stringify(flags.type)}; use one of ${TYPES.join(', ')}`, 'validate');
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'sarif') throw new UsageError(`unknown --format ${JSON.stringify(format)}; use text or sarif`, 'validate');
  const config = resolveValidationConfig(flags['warnings-as-errors'] ? { warningsAsErrors: true } : {});

  const findings: SarifFinding[] = [];
  const lines: string[] = [];
  let errors = 0;
  for (const input of inputs) {
    const source = readPolicySource(input, { policyType: type, cwd: io.cwd });
    const before = findings.length;
    const add = (issue: PolicyIssue, level: SarifFinding['level'], context?: string) => {
      findings.push({ file: source.file, issue, level, ...(context ? { context } : {}) });
      if (level === 'error') errors++;
      const where = issue.pos?.file === undefined && context ? `${source.file}: ${context}: ` : issue.pos ? '' : `${source.file}: `;
      lines.push(`${where}${level === 'note' ? formatNote(issue) : formatIssue(issue)}`);
    };
    // applyLevels grades catalogue findings by the settings and, with warningsAsErrors, every warning.
    for (const i of applyLevels(source.issues, config)) add(i, i.severity);
    for (const p of source.policies) {
      const context = source.kind === 'policy' ? undefined : p.name;
      for (const i of applyLevels(p.issues, config)) add(i, i.severity, context);
      if (p.policy) for (const i of applyLevels(checkPolicyAgainstCatalog(p.policy), config)) add(i, i.severity, context);
    }
    for (const n of source.notes) add(n, 'note');
    const mine = findings.slice(before);
    const count = (l: SarifFinding['level']) => mine.filter((f) => f.level === l).length;
    const kinds = source.kind === 'policy' ? '' : ` (${source.kind}: ${source.policies.length} polic${source.policies.length === 1 ? 'y' : 'ies'})`;
    lines.push(count('error') || count('warning') ? `${source.file}: ${count('error')} error(s), ${count('warning')} warning(s)${kinds}` : `${source.file}: ok${kinds}`);
  }
  const text = format === 'sarif' ? JSON.stringify(sarifLog(findings, { version: ownVersion(), cwd: io.cwd }), null, 2) : lines.join('\n');
  writeOutput(io, flags.output, text);
  return errors > 0 ? EXIT.findings : EXIT.ok;
}
