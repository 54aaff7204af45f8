import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Scratch "user projects" for the consumer-matrix end-to-end test: the newest releases npm
 * resolves today for each peer range, installed once per set of versions into a cache folder
 * (`$JEST_IAM_E2E_CACHE`, default `<os temp>/jest-iam-consumer-cache`), and a Node binary per
 * Node line from the registry's `node` package. A warm cache makes no network call except the
 * version look-ups; with the registry unreachable it uses the last versions it resolved.
 */

export const repo = path.join(__dirname, '..', '..');
export const cacheRoot = process.env.JEST_IAM_E2E_CACHE ?? path.join(os.tmpdir(), 'jest-iam-consumer-cache');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface RunResult {
  status: number | null;
  out: string;
}

/** Runs a command; resolves with its exit status and combined output (never rejects). */
export function run(file: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
        resolve({ status, out: `${stdout}\n${stderr}${err && status === null ? `\n${err.message}` : ''}` });
      },
    );
  });
}

/** Runs tasks with at most `limit` at a time, in order of the list. */
export async function inParallel<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

const NETWORK_ERROR = /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH|HOSTUNREACH)|ENOTCACHED|network|socket hang up/i;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The newest published version matching `range` (npm's own answer), or why there is none. */
async function newestVersion(name: string, range: string): Promise<{ version?: string; unreachable?: string }> {
  const r = await run(npm, ['view', `${name}@${range}`, 'version', '--json'], { cwd: os.tmpdir(), timeoutMs: 60_000 });
  if (r.status !== 0) {
    if (NETWORK_ERROR.test(r.out)) return { unreachable: r.out.trim().split('\n').slice(-3).join(' ') };
    throw new Error(`npm view ${name}@${range} failed:\n${r.out}`);
  }
  const parsed = JSON.parse(r.out.trim()) as string | string[];
  // npm lists matches in publish order, not version order; releases only.
  const list = (typeof parsed === 'string' ? [parsed] : parsed).filter((v) => !v.includes('-')).sort(compareVersions);
  if (!list.length) throw new Error(`no published version of ${name} matches ${range}`);
  return { version: list[list.length - 1] };
}

/** A package range to resolve: `name@range`, under a key the projects refer to. */
export type Wanted = Record<string, { name: string; range: string }>;

/**
 * Resolves every wanted range to its newest version. Returns the versions, or the reason the
 * registry cannot be reached when neither it nor a previous resolution (kept in the cache) can
 * answer.
 */
export async function resolveVersions(wanted: Wanted): Promise<{ versions: Record<string, string>; offline?: string } | { skip: string }> {
  const memo = path.join(cacheRoot, 'resolved-versions.json');
  const results = await Promise.all(Object.entries(wanted).map(async ([key, w]) => [key, await newestVersion(w.name, w.range)] as const));
  const unreachable = results.find(([, r]) => r.unreachable)?.[1].unreachable;
  if (!unreachable) {
    const versions = Object.fromEntries(results.map(([k, r]) => [k, r.version!]));
    fs.mkdirSync(cacheRoot, { recursive: true });
    fs.writeFileSync(memo, JSON.stringify({ wanted, versions }, null, 2));
    return { versions };
  }
  try {
    const last = JSON.parse(fs.readFileSync(memo, 'utf8')) as { wanted: Wanted; versions: Record<string, string> };
    if (JSON.stringify(last.wanted) === JSON.stringify(wanted)) return { versions: last.versions, offline: unreachable };
  } catch {
    // no previous resolution
  }
  return { skip: `the npm registry is unreachable and no earlier resolution is cached (${unreachable})` };
}

/**
 * Holds the cache for this process (two test runs on one machine must not unpack into the same
 * install at once): waits while another live process holds it, takes over from a dead one.
 * Returns the release function.
 */
export async function lockCache(timeoutMs = 20 * 60_000): Promise<() => void> {
  fs.mkdirSync(cacheRoot, { recursive: true });
  const lock = path.join(cacheRoot, '.lock');
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = NaN;
    try {
      holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {
      // being written, or removed: try again
    }
    let alive = true;
    if (Number.isInteger(holder) && holder > 0) {
      try {
        process.kill(holder, 0);
      } catch {
        alive = false;
      }
    }
    if (!alive) fs.rmSync(lock, { recursive: true, force: true });
    else if (Date.now() - started > timeoutMs) throw new Error(`the consumer-matrix cache ${cacheRoot} is still held by process ${holder}`);
    else await new Promise((r) => setTimeout(r, 2000));
  }
}

/** A Node binary of `version`: this process's own when it is that version, else the `node` package. */
export async function nodeBinary(version: string): Promise<string> {
  if (process.version === `v${version}`) return process.execPath;
  const prefix = path.join(cacheRoot, `node-${version}`);
  const bin = path.join(prefix, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(prefix, { recursive: true });
  const r = await run(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `node@${version}`], {
    cwd: prefix,
    timeoutMs: 600_000,
  });
  if (r.status !== 0 || !fs.existsSync(bin)) throw new Error(`cannot install node@${version}:\n${r.out}`);
  return bin;
}

/** `npm pack` of this repository (its `prepack` builds `dist/`): the tarball's path. */
export async function packRepository(into: string): Promise<string> {
  const r = await run(npm, ['pack', '--silent', '--pack-destination', into], { cwd: repo, timeoutMs: 600_000 });
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.out}`);
  const name = r.out
    .trim()
    .split('\n')
    .filter((l) => l.endsWith('.tgz'))
    .pop();
  if (!name) throw new Error(`npm pack printed no tarball name:\n${r.out}`);
  return path.join(into, name.trim());
}

/** One scratch install: its dependencies (exact versions) beside the packed jest-iam. */
export interface InstallSpec {
  name: string;
  dependencies: Record<string, string>;
}

/**
 * A scratch project folder with `dependencies` and jest-iam installed. The first time (per set of
 * versions) it is a real `npm install` of the tarball and the packages, as a user would run it;
 * later runs reuse that install and unpack the new tarball over `node_modules/jest-iam`, which is
 * what npm would do for a tarball with the same dependencies (when jest-iam's dependencies
 * changed, npm installs it again). npm's output is kept in `install.log`.
 */
export async function installProject(spec: InstallSpec, tarball: string): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([spec.name, Object.entries(spec.dependencies).sort(), process.platform, process.arch]))
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(cacheRoot, `${spec.name}-${key}`);
  const marker = path.join(dir, '.installed');
  const npmInstall = async (pkgs: string[]) => {
    const r = await run(npm, ['install', '--save-dev', '--no-audit', '--no-fund', './jest-iam.tgz', ...pkgs], { cwd: dir, timeoutMs: 900_000 });
    fs.appendFileSync(path.join(dir, 'install.log'), r.out);
    if (r.status !== 0) throw new Error(`npm install in ${dir} failed:\n${r.out}`);
  };
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(tarball, path.join(dir, 'jest-iam.tgz'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${spec.name}`, private: true, version: '1.0.0' }, null, 2));
    await npmInstall(Object.entries(spec.dependencies).map(([n, v]) => `${n}@${v}`));
    fs.writeFileSync(marker, new Date().toISOString());
    return dir;
  }
  fs.copyFileSync(tarball, path.join(dir, 'jest-iam.tgz'));
  const target = path.join(dir, 'node_modules', 'jest-iam');
  const unpack = fs.mkdtempSync(path.join(dir, '.unpack-'));
  try {
    const r = await run('tar', ['-xzf', path.join(dir, 'jest-iam.tgz'), '-C', unpack], { cwd: dir });
    if (r.status !== 0) throw new Error(`cannot unpack the tarball:\n${r.out}`);
    const deps = (p: string) =>
      JSON.stringify(
        Object.entries(
          (JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {},
        ).sort(),
      );
    if (fs.existsSync(target) && deps(target) === deps(path.join(unpack, 'package'))) {
      // Dependencies npm nested under jest-iam (ts-jest and its TypeScript 6 beside a project's
      // TypeScript 7) stay: only the package's own files are replaced.
      const nested = path.join(target, 'node_modules');
      if (fs.existsSync(nested)) fs.renameSync(nested, path.join(unpack, 'package', 'node_modules'));
      fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(path.join(unpack, 'package'), target);
    } else {
      // jest-iam's own dependencies changed: let npm install them, as it would for a user.
      await npmInstall([]);
    }
  } finally {
    fs.rmSync(unpack, { recursive: true, force: true });
  }
  return dir;
}

/** Writes `files` (relative path -> text) under `dir`, replacing what a previous run left. */
export function writeProject(dir: string, files: Record<string, string>): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** The environment a scratch run gets: this one without the outer Jest's variables, `node` first on PATH. */
export function runEnv(nodeBin: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' };
  for (const k of Object.keys(env)) if (k.startsWith('JEST_') || k === 'NODE_ENV' || k === 'NODE_OPTIONS') delete env[k];
  env.PATH = `${path.dirname(nodeBin)}${path.delimiter}${env.PATH ?? ''}`;
  return env;
}
