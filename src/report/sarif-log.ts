/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the log GitHub code scanning
 * reads: one run of the tool `jest-iam`, one rule per issue code, one result per issue with its
 * file, line and column.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import { formatPath } from '../diagnostics/policy-issue';

/** An issue found in an input file, with the level it is reported at. */
export interface SarifFinding {
  /** The input as given on the command line (a path, or `path@rev` for git inputs). */
  file: string;
  issue: PolicyIssue;
  level: 'error' | 'warning' | 'note';
  /** Prefix for the message, e.g. the policy's name within a template. */
  context?: string;
}

/** SARIF 2.1.0 §3.33: a logical location, here the resource (template resource, Terraform address) a finding is about. */
interface SarifLogicalLocation {
  name: string;
  fullyQualifiedName: string;
  kind: 'resource';
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } };
  logicalLocations?: SarifLogicalLocation[];
}

interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: SarifLocation[];
}

/**
 * The path of a `git:` input shown as `path@rev` (read-policy-source.ts); any other name as it is.
 * A file may itself hold `@` (`pol@v2.json`): the suffix is only dropped when the part before
 * the last `@` names a policy file (an extension) and the whole name is not an existing file.
 */
function gitPath(file: string, cwd: string): string {
  const at = file.lastIndexOf('@');
  if (at <= 0) return file;
  const before = file.slice(0, at);
  if (!/\.(json|ya?ml|template)$/i.test(before)) return file;
  if (fs.existsSync(path.resolve(cwd, file))) return file;
  return before;
}

/**
 * The artifact URI of an input, without a `@rev` suffix: relative to the current directory with
 * forward slashes (what code scanning resolves against the checkout), or, for a file outside it,
 * an absolute `file:` URI rather than a `../..` path no consumer can resolve (SARIF 2.1.0 §3.4.3:
 * a relative reference needs a base it can be resolved against).
 */
function uriOf(file: string, cwd: string): string {
  const plain = gitPath(file, cwd);
  const full = path.resolve(cwd, plain);
  const rel = path.relative(cwd, full);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return pathToFileURL(full).href;
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

/**
 * The resource a finding is about, when it has no position in the file: the policy's name in a
 * template or plan (`ModelManagerRole/Policies/Read`, `aws_iam_policy.reader`), or the address a
 * note names first (`[address, attribute]`).
 */
function logicalLocation(f: SarifFinding): SarifLogicalLocation | undefined {
  const head = f.issue.path?.[0];
  const address = f.context ?? (typeof head === 'string' && head ? head : undefined);
  if (!address) return undefined;
  const within =
    f.context && f.issue.path?.length
      ? `/${formatPath(f.issue.path)}`
      : !f.context && f.issue.path && f.issue.path.length > 1
        ? `.${formatPath(f.issue.path.slice(1))}`
        : '';
  return { name: address, fullyQualifiedName: `${address}${within}`, kind: 'resource' };
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
    const loc: SarifLocation = { physicalLocation: { artifactLocation: { uri: uriOf(f.file, cwd) } } };
    if (inFile) loc.physicalLocation.region = { startLine: pos.line, startColumn: pos.column };
    else {
      const logical = logicalLocation(f);
      if (logical) loc.logicalLocations = [logical];
    }
    return {
      ruleId: f.issue.code,
      level: f.level,
      message: { text: `${f.context ? `${f.context}: ` : ''}${f.issue.message}${where}${inner}` },
      locations: [loc],
    };
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
