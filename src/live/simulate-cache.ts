import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IamCellResult } from './iam-cell-result';

/**
 * On-disk cache of simulation results, one small JSON file per cell, keyed by the sha256 of the
 * exact inputs: the operation, every policy text, the boundary, SCPs, resource policy, caller,
 * resource owner, typed context entries, the action and the resource (and the endpoint, so a
 * test server's answers never mix with AWS's). A rerun with unchanged policies therefore makes
 * no IAM call; any change to a policy's text changes the key.
 *
 * Default directory: `node_modules/.cache/jest-iam/` under the working directory (the place
 * tools such as Babel and ESLint keep caches, ignored by git and removed with node_modules), or
 * `.jest-iam-cache/` when there is no node_modules. `JEST_IAM_CACHE_DIR` or the `dir` option
 * overrides it.
 */

/** Bumped when the stored shape changes, so old entries are ignored. */
const CACHE_VERSION = 1;

/** The cache directory used when none is given. */
export function defaultCacheDir(cwd: string = process.cwd()): string {
  const nm = path.join(cwd, 'node_modules');
  return fs.existsSync(nm) ? path.join(nm, '.cache', 'jest-iam') : path.join(cwd, '.jest-iam-cache');
}

/** JSON with object keys sorted, so equal inputs hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface SimulationCacheOptions {
  /** Directory (default {@link defaultCacheDir}). */
  dir?: string;
  /** Ignore stored results (results are still written): `JEST_IAM_CROSS_CHECK_REFRESH=1`. */
  refresh?: boolean;
}

export class SimulationCache {
  readonly dir: string;
  readonly refresh: boolean;
  hits = 0;
  misses = 0;

  constructor(options: SimulationCacheOptions = {}) {
    this.dir = options.dir ?? defaultCacheDir();
    this.refresh = options.refresh ?? false;
  }

  /** The key of one cell: sha256 of the canonical JSON of everything the answer depends on. */
  static key(parts: { scope: string; operation: string; params: unknown; action: string; resource: string; extra?: unknown }): string {
    return createHash('sha256')
      .update(canonicalJson({ v: CACHE_VERSION, ...parts }))
      .digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The stored result, or undefined (also under `refresh`, and for unreadable entries). */
  get(key: string): IamCellResult | undefined {
    if (this.refresh) {
      this.misses++;
      return undefined;
    }
    try {
      const stored = JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as { v: number; result: IamCellResult };
      if (stored.v === CACHE_VERSION && stored.result && typeof stored.result.decision === 'string') {
        this.hits++;
        return stored.result;
      }
    } catch {
      // Missing or corrupt entries are misses.
    }
    this.misses++;
    return undefined;
  }

  /** Stores a result atomically (write then rename), so parallel Jest workers never read half a file. */
  set(key: string, result: IamCellResult): void {
    const file = this.file(key);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ v: CACHE_VERSION, result }));
      fs.renameSync(tmp, file);
    } catch {
      // A cache that cannot be written only costs calls on the next run.
    }
  }
}
