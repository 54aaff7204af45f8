import * as path from 'node:path';
import { UsageError } from './cli-io';

/** One organisation level as the `--scp` / `--rcp` flags name it, with its policy files. */
export interface OrgLevelFiles {
  name: string;
  files: string[];
}

/**
 * Reads repeated `--scp` / `--rcp` values into organisation levels. `LEVEL=FILE` puts the file
 * in the named level (a level named twice holds both files); a bare `FILE` is a level of its own.
 * Levels matter because the engine weighs them apart (AWS Organizations User Guide,
 * orgs_manage_policies_scps_evaluation.md: an SCP must allow at the root, at every OU on the
 * path and at the account; orgs_manage_policies_rcps_evaluation.md: an RCP deny at any of
 * those levels denies), so the policies of one level are alternatives to each other.
 *
 * A value is `LEVEL=FILE` when the text before its first `=` holds no path separator; write
 * `./a=b.json` for a file whose name holds `=`.
 */
export function orgLevelsOf(values: readonly string[] | undefined, flag: 'scp' | 'rcp', command: string): OrgLevelFiles[] {
  const levels: OrgLevelFiles[] = [];
  const label = flag.toUpperCase();
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    const head = eq < 0 ? '' : value.slice(0, eq);
    if (eq < 0 || /[/\\]/.test(head)) {
      levels.push({ name: `${label} level ${levels.length + 1} (${path.basename(value)})`, files: [value] });
      continue;
    }
    const name = head.trim();
    const file = value.slice(eq + 1);
    if (!name || !file)
      throw new UsageError(`--${flag} takes FILE or LEVEL=FILE (e.g. --${flag} root=${flag}s/root.json), got ${JSON.stringify(value)}`, command);
    const level = levels.find((l) => l.name === name);
    if (level) level.files.push(file);
    else levels.push({ name, files: [file] });
  }
  return levels;
}
