import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The folder a scenario may read from: the folder of the scenario file itself. Included files and
 * policy files must be inside it, so a scenario cannot read (and echo in an error) any file of
 * the machine it runs on, such as `/etc/passwd` or `../../.env`.
 */
export interface ScenarioFolder {
  /** The scenario file's folder, as its path is written. */
  folder: string;
  /** The same folder with symbolic links resolved. */
  realFolder: string;
}

/** How a path leaves the scenario's folder. */
export type FolderEscape = 'absolute' | 'parent' | 'symlink';

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** True when `target` is `folder` or inside it. */
function isInside(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The folder a scenario file may read from. */
export function scenarioFolder(scenarioFile: string): ScenarioFolder {
  const folder = path.dirname(scenarioFile);
  return { folder, realFolder: realpathOrSelf(folder) };
}

/**
 * Where `written` (a path as a scenario file writes it) points, relative to `fromFile` (the file
 * that names it), and how it leaves the scenario's folder if it does. An absolute path is refused
 * however it resolves; so is one that looks inside but leads outside through a symbolic link.
 */
export function resolveInFolder(root: ScenarioFolder, fromFile: string, written: string): { target: string; escape?: FolderEscape } {
  const target = path.resolve(path.dirname(fromFile), written);
  if (path.isAbsolute(written)) return { target, escape: 'absolute' };
  if (!isInside(root.folder, target)) return { target, escape: 'parent' };
  if (fs.existsSync(target) && !isInside(root.realFolder, realpathOrSelf(target))) return { target, escape: 'symlink' };
  return { target };
}

/**
 * The folder a scenario's policy files may come from: its project, the nearest folder above the
 * scenario that holds a `package.json` (policies commonly sit beside the tests, as in
 * `tests/x.iam.yaml` naming `../policies/role.json`), or the scenario's own folder when there is
 * none. Nothing outside the project is read.
 */
export function projectFolder(scenarioFile: string): ScenarioFolder {
  let dir = path.dirname(path.resolve(scenarioFile));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return { folder: dir, realFolder: realpathOrSelf(dir) };
    const up = path.dirname(dir);
    if (up === dir) return scenarioFolder(scenarioFile);
    dir = up;
  }
}
