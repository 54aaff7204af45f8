/**
 * The files a reporter's `policies` globs name, like Jest's `collectCoverageFrom`: paths relative
 * to rootDir, `/`-separated; `*` and `?` match within one path segment, a `**` segment matches
 * any number of directories, and a glob starting with `!` removes what it matches. Wildcards do
 * not match names starting with `.` (unless the segment itself starts with `.`), and `**` does
 * not walk into `node_modules` or dot-directories, as Jest's globs do not by default.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileGlob, parseGlob, type Glob } from '../match/glob';

/** One segment of a glob: `**`, or a name pattern. */
type Part = { kind: 'deep' } | { kind: 'name'; glob: Glob; text: string };

function compile(pattern: string): Part[] {
  return pattern
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s): Part => (s === '**' ? { kind: 'deep' } : { kind: 'name', glob: compileGlob(parseGlob(s)), text: s }));
}

function nameMatches(part: Extract<Part, { kind: 'name' }>, name: string): boolean {
  if (name.startsWith('.') && !part.text.startsWith('.')) return false;
  return part.glob.test(name);
}

function entries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Files under `dir` matching `parts` (absolute paths). */
function walk(dir: string, parts: Part[], out: Set<string>): void {
  if (!parts.length) return;
  const [head, ...rest] = parts;
  if (head.kind === 'deep') {
    // `**` matches no directory at all, or one more and stays.
    walk(dir, rest, out);
    for (const e of entries(dir)) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(path.join(dir, e.name), parts, out);
    return;
  }
  if (!/[*?]/.test(head.text)) {
    // A literal segment: no need to list the directory.
    const full = path.join(dir, head.text);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(full);
    } catch {
      return;
    }
    if (!rest.length && st.isFile()) out.add(full);
    else if (rest.length && st.isDirectory()) walk(full, rest, out);
    return;
  }
  for (const e of entries(dir)) {
    if (!nameMatches(head, e.name)) continue;
    const full = path.join(dir, e.name);
    if (!rest.length && e.isFile()) out.add(full);
    else if (rest.length && e.isDirectory()) walk(full, rest, out);
  }
}

/** Whether the path (relative to rootDir, `/`-separated) matches the compiled glob. */
function matchesPath(parts: Part[], segments: string[]): boolean {
  if (!parts.length) return !segments.length;
  const [head, ...rest] = parts;
  if (head.kind === 'deep') {
    for (let skip = 0; skip <= segments.length; skip++) if (matchesPath(rest, segments.slice(skip))) return true;
    return false;
  }
  return segments.length > 0 && nameMatches(head, segments[0]) && matchesPath(rest, segments.slice(1));
}

/**
 * The files matched by `globs` under `rootDir`, as absolute paths, sorted. A glob that is not a
 * string is an error naming it.
 *
 * @example
 * expandPolicyGlobs(['policies/**\/*.json', '!policies/fixtures/**'], rootDir)
 */
export function expandPolicyGlobs(globs: readonly string[], rootDir: string): string[] {
  const found = new Set<string>();
  const excluded: Part[][] = [];
  for (const g of globs) {
    if (g.startsWith('!')) excluded.push(compile(g.slice(1)));
    else
      walk(
        path.isAbsolute(g) ? path.parse(g).root : rootDir,
        compile(path.isAbsolute(g) ? path.relative(path.parse(g).root, g).split(path.sep).join('/') : g),
        found,
      );
  }
  return [...found]
    .filter((f) => {
      const rel = path.relative(rootDir, f).split(path.sep);
      return !excluded.some((parts) => matchesPath(parts, rel));
    })
    .sort();
}
