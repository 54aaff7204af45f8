import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario } from '../../../src/scenario';
import { formatIssue, PolicyValidationError, type PolicyIssue } from '../../../src/diagnostics/policy-issue';

/** Helpers shared by the scenario tests: fixture paths and expected positions. */

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'scenarios');

/** Absolute path of a fixture scenario file. */
export const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);

/** A path as loadScenario shows it: relative to the working directory when inside it. */
export function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/**
 * `file:line:col` of the `nth` occurrence of `needle` in a file, found by plain text search, so a
 * test states positions independently of the YAML reader.
 */
export function where(file: string, needle: string, nth = 1): string {
  const text = fs.readFileSync(file, 'utf8');
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} (occurrence ${nth}) not in ${file}`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return `${shown(file)}:${line}:${column}`;
}

/** The issues loadScenario throws for a file (fails the test when it does not throw). */
export function issuesOf(file: string): PolicyIssue[] {
  try {
    loadScenario(file);
  } catch (e) {
    if (e instanceof PolicyValidationError) return e.issues;
    throw e;
  }
  throw new Error(`${file} loaded without errors`);
}

/** The formatted issue lines of a file. */
export const issueLines = (file: string): string[] => issuesOf(file).map(formatIssue);

const tempDirs: string[] = [];

/**
 * A temporary folder holding `files` (name -> content; `policy.json` style names may include
 * sub-folders). Removed by {@link removeTempDirs}.
 */
export function tempScenarioDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-scenario-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Removes the folders made by {@link tempScenarioDir}. */
export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** A small valid identity policy (JSON text). */
export const DETECT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'rekognition:DetectCustomLabels', Resource: '*' }],
});
