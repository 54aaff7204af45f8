/**
 * On-disk cache of simulation results, one small JSON file per cell, keyed by the sha256 of the
 * exact inputs: the operation, every policy text, the boundary, SCPs, resource policy, caller,
 * resource owner, typed context entries, the action and the resource (and the endpoint, so a
 * test server's answers never mix with AWS's). A rerun with unchanged policies therefore makes
 * no IAM call; any change to a policy's text changes the key. Only IAM's answers are stored: a
 * cell whose input IAM rejected, or whose answer could not be read, is asked again next run.
 *
 * SimulatePrincipalPolicy also depends on what the key cannot see: IAM "includes all policies
 * that are associated with" the principal, read from the account at call time (IAM API
 * Reference, API_SimulatePrincipalPolicy.html, PolicySourceArn), and the organization's SCPs
 * (OrganizationsDecisionDetail, API_EvaluationResult.html), which jest-iam does not read. Its
 * answers therefore expire after `principalTtlSeconds` (default 24 hours, `JEST_IAM_CACHE_TTL`);
 * SimulateCustomPolicy answers depend only on the key and never expire.
 *
 * Default directory: `node_modules/.cache/jest-iam/` under the working directory (the place
 * tools such as Babel and ESLint keep caches, ignored by git and removed with node_modules), or
 * `.jest-iam-cache/` when there is no node_modules. `JEST_IAM_CACHE_DIR` or the `dir` option
 * overrides it.
 */

import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyIdentifier } from '@aws-sdk/client-iam';
import type { IamCellResult } from './iam-cell-result';

/** Bumped when the stored shape changes, so old entries are ignored (2: storedAt; 3: no rejected cells). */
const CACHE_VERSION = 3;

/** How long SimulatePrincipalPolicy answers are reused by default: 24 hours. */
export const DEFAULT_PRINCIPAL_TTL_SECONDS = 24 * 60 * 60;

/** What the cache holds for one cell: IAM's result. */
export type CachedAnswer = { result: IamCellResult };

/** A live principal's policies as read from IAM: the texts and the names IAM gives them. */
export interface StoredPrincipal {
  arn: string;
  kind: 'user' | 'role';
  identity: { name: string; iamId: string; text: string; id?: PolicyIdentifier }[];
  boundary?: { name: string; iamId: string; text: string; id?: PolicyIdentifier };
  /** Read calls the load took. */
  reads: number;
}

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
  /**
   * Seconds a SimulatePrincipalPolicy answer is reused (default {@link DEFAULT_PRINCIPAL_TTL_SECONDS};
   * `JEST_IAM_CACHE_TTL`). 0 never reuses them.
   */
  principalTtlSeconds?: number;
  /** The clock, in milliseconds since the epoch (default `Date.now`); replaceable in tests. */
  now?: () => number;
}

interface StoredEntry {
  v: number;
  storedAt: number;
  result?: IamCellResult;
}

export class SimulationCache {
  readonly dir: string;
  readonly refresh: boolean;
  /** Milliseconds a SimulatePrincipalPolicy answer stays valid. */
  readonly principalTtlMs: number;
  private readonly now: () => number;
  hits = 0;
  misses = 0;
  /** Misses because a stored answer was older than allowed. */
  expired = 0;

  constructor(options: SimulationCacheOptions = {}) {
    this.dir = options.dir ?? defaultCacheDir();
    this.refresh = options.refresh ?? false;
    const ttl = options.principalTtlSeconds ?? DEFAULT_PRINCIPAL_TTL_SECONDS;
    if (!Number.isFinite(ttl) || ttl < 0) throw new RangeError(`principalTtlSeconds must be a number of seconds >= 0, not ${ttl}`);
    this.principalTtlMs = ttl * 1000;
    this.now = options.now ?? Date.now;
  }

  /** The key of one cell: sha256 of the canonical JSON of everything the answer depends on. */
  static key(parts: { scope: string; operation: string; params: unknown; action: string; resource: string; extra?: unknown }): string {
    return createHash('sha256')
      .update(canonicalJson({ v: CACHE_VERSION, ...parts }))
      .digest('hex');
  }

  /** How old a stored answer of `operation` may be (undefined: any age). */
  maxAgeMs(operation: string): number | undefined {
    return operation === 'SimulatePrincipalPolicy' ? this.principalTtlMs : undefined;
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /**
   * The stored answer, or undefined: under `refresh`, for missing or unreadable entries, and for
   * entries at least `maxAgeMs` old.
   */
  get(key: string, maxAgeMs?: number): CachedAnswer | undefined {
    if (this.refresh) {
      this.misses++;
      return undefined;
    }
    let stored: StoredEntry | undefined;
    try {
      stored = JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as StoredEntry;
    } catch {
      // Missing or corrupt entries are misses.
    }
    const answer = stored && stored.v === CACHE_VERSION && typeof stored.storedAt === 'number' ? answerOf(stored) : undefined;
    if (!answer || !stored) {
      this.misses++;
      return undefined;
    }
    if (maxAgeMs !== undefined && this.now() - stored.storedAt >= maxAgeMs) {
      this.expired++;
      this.misses++;
      return undefined;
    }
    this.hits++;
    return answer;
  }

  /**
   * A live principal's policies as read from the account (see `hydrateLivePolicySet`), reused
   * for as long as SimulatePrincipalPolicy answers are: they are read from the same account.
   */
  getPrincipal(key: string): StoredPrincipal | undefined {
    if (this.refresh) return undefined;
    try {
      const stored = JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as { v?: number; storedAt?: number; principal?: StoredPrincipal };
      if (stored.v !== CACHE_VERSION || typeof stored.storedAt !== 'number' || !stored.principal || !Array.isArray(stored.principal.identity)) return undefined;
      if (this.now() - stored.storedAt >= this.principalTtlMs) {
        this.expired++;
        return undefined;
      }
      return stored.principal;
    } catch {
      return undefined;
    }
  }

  setPrincipal(key: string, principal: StoredPrincipal): void {
    this.write(key, { principal });
  }

  /** Stores an answer atomically (write then rename), so parallel Jest workers never read half a file. */
  set(key: string, answer: CachedAnswer): void {
    this.write(key, answer);
  }

  private write(key: string, entry: object): void {
    const file = this.file(key);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ v: CACHE_VERSION, storedAt: this.now(), ...entry }));
      fs.renameSync(tmp, file);
    } catch {
      // A cache that cannot be written only costs calls on the next run.
    }
  }
}

function answerOf(stored: StoredEntry): CachedAnswer | undefined {
  if (stored.result && typeof stored.result.decision === 'string') return { result: stored.result };
  return undefined;
}
