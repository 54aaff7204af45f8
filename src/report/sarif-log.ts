import * as path from 'node:path';
import type { PolicyIssue } from '../policy/policy-issue';
import { formatPath } from '../policy/policy-issue';

/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the log GitHub code scanning
 * reads: one run of the tool `jest-iam`, one rule per issue code, one result per issue with its
 * file, line and column.
 */

/** An issue found in an input file, with the level it is reported at. */
export interface SarifFinding {
  /** The input as given on the command line (a path, or `path@rev` for git inputs). */
  file: string;
  issue: PolicyIssue;
  level: 'error' | 'warning' | 'note';
  /** Prefix for the message, e.g. the policy's name within a template. */
  context?: string;
}

interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } } }[];
}

/** The artifact URI of an input: relative, with forward slashes, without a `@rev` suffix. */
function uriOf(file: string, cwd: string): string {
  const plain = file.replace(/@[^@/\\]+$/, '');
  const rel = path.isAbsolute(plain) ? path.relative(cwd, plain) : plain;
  return rel.split(path.sep).join('/');
}

/** Builds the SARIF log. `version` is jest-iam's own version. */
export function sarifLog(findings: readonly SarifFinding[], options: { version?: string; cwd?: string } = {}): object {
  const cwd = options.cwd ?? process.cwd();
  const rules = [...new Set(findings.map((f) => f.issue.code))].sort();
  const results: SarifResult[] = findings.map((f) => {
    const where = f.issue.path && f.issue.path.length ? ` (at ${formatPath(f.issue.path)})` : '';
    const pos = f.issue.pos;
    // Positions name a file only when they are in the input itself; positions inside a policy
    // embedded as a string (Terraform) are mentioned in the message instead.
    const inFile = pos && pos.file !== undefined;
    const inner = pos && !inFile ? ` [line ${pos.line}, column ${pos.column} of the policy document]` : '';
    const loc: SarifResult['locations'][number] = { physicalLocation: { artifactLocation: { uri: uriOf(f.file, cwd) } } };
    if (inFile) loc.physicalLocation.region = { startLine: pos.line, startColumn: pos.column };
    return { ruleId: f.issue.code, level: f.level, message: { text: `${f.context ? `${f.context}: ` : ''}${f.issue.message}${where}${inner}` }, locations: [loc] };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'jest-iam',
            informationUri: 'https://www.npmjs.com/package/jest-iam',
            ...(options.version ? { version: options.version } : {}),
            rules: rules.map((id) => ({ id, shortDescription: { text: id.replace(/-/g, ' ') } })),
          },
        },
        results,
      },
    ],
  };
}
