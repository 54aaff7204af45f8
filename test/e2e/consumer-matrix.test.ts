import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  JEST_CJS_TEST,
  JEST_ESM_TEST,
  JEST_TS_TEST,
  JEST_TSCONFIG,
  SCHEMA_LINE,
  WRONG_CELL_MESSAGE,
  WRONG_MATCHER_MESSAGE,
  commonFiles,
  vitestFiles,
} from './consumer-fixtures';
import {
  inParallel,
  installProject,
  lockCache,
  nodeBinary,
  packRepository,
  repo,
  resolveVersions,
  run,
  runEnv,
  writeProject,
  type InstallSpec,
  type RunResult,
  type Wanted,
} from '../support/consumer-projects';

/**
 * The consumer matrix, end to end as users meet the package: `npm pack`, install the tarball
 * into scratch projects beside the NEWEST releases the peer ranges allow today (resolved from
 * the registry on every run, not the repository's pinned versions), and run each project's
 * matcher test, `*.iam.yaml` suite and deliberately wrong expectations on the Node line it
 * targets. Installs are cached per set of versions (test/support/consumer-projects.ts).
 */

const own = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};

// What a user's `npm install` picks today for each peer range. TypeScript's range is ts-jest's
// own peer range (read from the registry below), so "newest TypeScript" is the newest ts-jest accepts.
const WANTED: Wanted = {
  jest: { name: 'jest', range: own.peerDependencies.jest },
  typesJest: { name: '@types/jest', range: own.peerDependencies.jest },
  tsJest: { name: 'ts-jest', range: own.dependencies['ts-jest'] },
  typescript59: { name: 'typescript', range: '~5.9.0' },
  typesNode22: { name: '@types/node', range: '^22.0.0' },
  typesNode24: { name: '@types/node', range: '^24.0.0' },
  typescriptNewest: { name: 'typescript', range: 'latest' },
  vitest3: { name: 'vitest', range: '^3.0.0' },
  vitest4: { name: 'vitest', range: '^4.0.0' },
  vitestNewest: { name: 'vitest', range: own.peerDependencies.vitest },
  node20: { name: 'node', range: '^20.0.0' },
  node22: { name: 'node', range: '^22.12.0' },
  node24: { name: 'node', range: '^24.0.0' },
};

let skipReason: string | undefined;
let versions: Record<string, string> = {};
let tsRange = '';
const dirs: Record<string, string> = {};
const nodes: Record<string, string> = {};
let tarball = '';
let scratch = '';
let unlock: (() => void) | undefined;

/** Exercised only when the registry is reachable (or was, for a cached resolution). */
function skipped(): boolean {
  if (skipReason) console.warn(`consumer matrix not run: ${skipReason}`);
  return skipReason !== undefined;
}

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-pack-'));
  const tsJestPeer = await run('npm', ['view', `ts-jest@${own.dependencies['ts-jest']}`, 'peerDependencies.typescript', '--json'], {
    cwd: scratch,
    timeoutMs: 60_000,
  });
  tsRange = tsJestPeer.status === 0 ? (JSON.parse(tsJestPeer.out.trim()) as string | string[]).toString().split(',').pop()! : '>=4.3 <7';
  const [resolved, packed] = await Promise.all([resolveVersions({ ...WANTED, typescript: { name: 'typescript', range: tsRange } }), packRepository(scratch)]);
  tarball = packed;
  if ('skip' in resolved) {
    skipReason = resolved.skip;
    return;
  }
  versions = resolved.versions;
  unlock = await lockCache();
  if (resolved.offline) console.warn(`registry unreachable (${resolved.offline}); using the versions resolved last time`);
  const v = versions;
  const installs: InstallSpec[] = [
    { name: 'jest-ts', dependencies: { jest: v.jest, typescript: v.typescript, '@types/jest': v.typesJest, '@types/node': v.typesNode24 } },
    { name: 'jest-ts59', dependencies: { jest: v.jest, typescript: v.typescript59, '@types/jest': v.typesJest, '@types/node': v.typesNode22 } },
    { name: 'jest-ts7', dependencies: { jest: v.jest, typescript: v.typescriptNewest, '@types/jest': v.typesJest, '@types/node': v.typesNode24 } },
    { name: 'jest-js', dependencies: { jest: v.jest } },
    { name: 'vitest3', dependencies: { vitest: v.vitest3, typescript: v.typescript, '@types/node': v.typesNode22 } },
    { name: 'vitest4', dependencies: { vitest: v.vitest4, typescript: v.typescript, '@types/node': v.typesNode24 } },
    { name: 'vitest-newest', dependencies: { vitest: v.vitestNewest, typescript: v.typescript, '@types/node': v.typesNode22 } },
  ];
  const [n20, n22, n24] = await Promise.all([nodeBinary(v.node20), nodeBinary(v.node22), nodeBinary(v.node24)]);
  Object.assign(nodes, { 20: n20, 22: n22, 24: n24 });
  const done = await inParallel(
    3,
    installs.map((spec) => () => installProject(spec, tarball)),
  );
  installs.forEach((spec, i) => (dirs[spec.name] = done[i]));
  console.log(`consumer matrix versions: ${JSON.stringify({ ...versions, typescriptRange: tsRange })}`);
}, 1_500_000);

afterAll(async () => {
  // The runs may still be going when a test failed early: let them end before giving the cache up.
  if (runs) await runs.catch(() => undefined);
  unlock?.();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const bin = (install: string, rel: string) => path.join(dirs[install], 'node_modules', ...rel.split('/'));

/** Runs Jest of `install` in its project folder `project` on Node `node`. */
function jest(install: string, project: string, node: string, args: string[] = [], nodeArgs: string[] = []): Promise<RunResult> {
  return run(nodes[node], [...nodeArgs, bin(install, 'jest/bin/jest.js'), '--ci', ...args], {
    cwd: path.join(dirs[install], project),
    env: runEnv(nodes[node]),
  });
}

function vitest(install: string, project: string, node: string): Promise<RunResult> {
  return run(nodes[node], [bin(install, 'vitest/vitest.mjs'), 'run'], { cwd: path.join(dirs[install], project), env: runEnv(nodes[node]) });
}

function tsc(install: string, project: string, node: string): Promise<RunResult> {
  return run(nodes[node], [bin(install, 'typescript/bin/tsc'), '-p', '.'], { cwd: path.join(dirs[install], project), env: runEnv(nodes[node]) });
}

/** The Jest summary and messages every project's run must show: 3 passing tests, the 2 wrong ones failing with their explanation. */
function expectJestOutcome(r: RunResult): void {
  expect(r.out).toMatch(/Tests:\s+2 failed, 3 passed, 5 total/);
  expect(r.out).toMatch(WRONG_CELL_MESSAGE);
  expect(r.out).toMatch(WRONG_MATCHER_MESSAGE);
  expect(r.out).toContain('PASS tests/access.iam.yaml');
  expect(r.out).not.toMatch(/NodeVersionSupportWarning|Cannot find name|TS\d{4}/);
  expect(r.status).toBe(1);
}

function expectVitestOutcome(r: RunResult): void {
  expect(r.out).toMatch(/Tests\s+2 failed \| 3 passed \(5\)/);
  expect(r.out).toMatch(WRONG_CELL_MESSAGE);
  expect(r.out).toMatch(WRONG_MATCHER_MESSAGE);
  expect(r.out).not.toContain('cannot be imported in a CommonJS module');
  expect(r.status).toBe(1);
}

describe('the packed package', () => {
  test('ships no install-time script, no source maps, and exports the schema and both Vitest entries', async () => {
    if (skipped()) return;
    const list = await run('tar', ['-tzf', tarball], { cwd: scratch });
    const files = list.out.split('\n').filter(Boolean);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(['package/esm/vitest.mjs', 'package/esm/vitest.d.mts', 'package/dist/matchers/vitest.js', 'package/schema/scenario.schema.json']),
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(dirs['jest-js'], 'node_modules', 'jest-iam', 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
      exports: Record<string, unknown>;
    };
    // npm runs these on install (and npm 11 warns about them): none may ship.
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts?.[s]).toBeUndefined();
    const resolved = await run(nodes[22], ['-e', "console.log(require.resolve('jest-iam/schema/scenario.schema.json'))"], { cwd: dirs['jest-js'] });
    expect(resolved.out).toContain(path.join('node_modules', 'jest-iam', 'schema', 'scenario.schema.json'));
  });

  test("npm's install-scripts warning never names jest-iam (it ships no install script)", () => {
    if (skipped()) return;
    for (const dir of Object.values(dirs)) {
      const log = fs.readFileSync(path.join(dir, 'install.log'), 'utf8');
      expect(log).not.toMatch(/install-scripts.*jest-iam/);
    }
  });

  test("the README's yaml-language-server line points at the installed schema from a sub-folder", () => {
    if (skipped()) return;
    const rel = SCHEMA_LINE.split('$schema=')[1];
    const projectTests = path.join(dirs['jest-ts'], 'with-tsconfig', 'tests');
    expect(fs.existsSync(path.resolve(projectTests, rel))).toBe(true);
  });
});

/** One scratch project run: its files, and the commands whose results a test checks. */
interface Case {
  install: string;
  project: string;
  files: () => Record<string, string>;
  exec: () => Promise<RunResult[]>;
}

const jestConfigCjs = { 'jest.config.js': "module.exports = { preset: 'jest-iam' };\n" };
const CASES: Record<string, Case> = {
  jestTs: {
    install: 'jest-ts',
    project: 'with-tsconfig',
    files: () => ({ ...commonFiles(), 'tests/matchers.test.ts': JEST_TS_TEST, 'tsconfig.json': JEST_TSCONFIG, ...jestConfigCjs }),
    exec: () => Promise.all([tsc('jest-ts', 'with-tsconfig', '24'), jest('jest-ts', 'with-tsconfig', '24')]),
  },
  jestTsNoConfig: {
    install: 'jest-ts',
    project: 'no-tsconfig',
    files: () => ({ ...commonFiles(), 'tests/matchers.test.ts': JEST_TS_TEST, ...jestConfigCjs }),
    exec: async () => [await jest('jest-ts', 'no-tsconfig', '22')],
  },
  jestTs59: {
    install: 'jest-ts59',
    project: 'with-tsconfig',
    files: () => ({ ...commonFiles(), 'tests/matchers.test.ts': JEST_TS_TEST, 'tsconfig.json': JEST_TSCONFIG, ...jestConfigCjs }),
    exec: () => Promise.all([tsc('jest-ts59', 'with-tsconfig', '22'), jest('jest-ts59', 'with-tsconfig', '22')]),
  },
  // `npm i -D typescript` today installs 7, outside ts-jest's peer range (<7): npm keeps a
  // TypeScript 6 beside ts-jest for Jest, while the project's own tsc is 7.
  jestTs7: {
    install: 'jest-ts7',
    project: 'with-tsconfig',
    files: () => ({ ...commonFiles(), 'tests/matchers.test.ts': JEST_TS_TEST, 'tsconfig.json': JEST_TSCONFIG, ...jestConfigCjs }),
    exec: () => Promise.all([tsc('jest-ts7', 'with-tsconfig', '24'), jest('jest-ts7', 'with-tsconfig', '24')]),
  },
  jestCjs: {
    install: 'jest-js',
    project: 'cjs',
    files: () => ({ ...commonFiles(), 'tests/matchers.test.js': JEST_CJS_TEST, ...jestConfigCjs }),
    exec: async () => [await jest('jest-js', 'cjs', '20')],
  },
  jestEsm: {
    install: 'jest-js',
    project: 'esm',
    files: () => ({
      ...commonFiles(),
      'package.json': JSON.stringify({ name: 'consumer-esm', private: true, type: 'module' }),
      'tests/matchers.test.js': JEST_ESM_TEST,
      'jest.config.js': "export default { preset: 'jest-iam' };\n",
    }),
    exec: async () => [await jest('jest-js', 'esm', '24', [], ['--experimental-vm-modules', '--no-warnings'])],
  },
};
// The repository's examples, laid out as a user would (not the repo's own examples/jest.config.js),
// with the README's wrong-expectation check and its hand-written (no preset) config.
const WRONG_EXAMPLE = [
  'name: deliberately wrong',
  'principals:',
  '  inference-client:',
  '    policies: { identity: [policies/detect-custom-labels-only.json] }',
  '    allow:',
  '      - action: rekognition:DetectCustomLabels',
  '        resource: arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion2/1690000000002',
  '',
].join('\n');
// One big matrix file: s3:* expands to every S3 action of the service reference (180 cells).
const BIG_MATRIX = [
  'name: big matrix',
  'principals:',
  '  client:',
  '    policies: { identity: [../rekognition-custom-labels/policies/detect-custom-labels-only.json] }',
  '    implicitDeny:',
  '      - action: s3:*',
  '',
].join('\n');
CASES.examples = {
  install: 'jest-ts',
  project: 'examples',
  files: () => {
    const files: Record<string, string> = { ...jestConfigCjs, 'tsconfig.json': JEST_TSCONFIG };
    const copy = (from: string, rel: string) => {
      for (const e of fs.readdirSync(from, { withFileTypes: true })) {
        if (e.isDirectory()) copy(path.join(from, e.name), `${rel}${e.name}/`);
        else files[`${rel}${e.name}`] = fs.readFileSync(path.join(from, e.name), 'utf8');
      }
    };
    for (const dir of fs.readdirSync(path.join(repo, 'examples'), { withFileTypes: true }))
      if (dir.isDirectory()) copy(path.join(repo, 'examples', dir.name), `${dir.name}/`);
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('#### Combining with an existing Jest config'));
    files['jest.manual.config.js'] = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    files['big-matrix/big.iam.yaml'] = BIG_MATRIX;
    // The README's reporter set-up, with a threshold no filtered run reaches.
    files['jest.reporter.config.js'] =
      "module.exports = { preset: 'jest-iam', reporters: ['default', ['jest-iam/reporter', { coverageThreshold: 100, html: '.reports/iam.html' }]] };\n";
    return files;
  },
  exec: async () => {
    const all = await jest('jest-ts', 'examples', '20', ['--json', '--outputFile=full.json']);
    const shards = await Promise.all([1, 2].map((i) => jest('jest-ts', 'examples', '20', [`--shard=${i}/2`, '--json', `--outputFile=shard-${i}.json`])));
    const filtered = await jest('jest-ts', 'examples', '20', ['-c', 'jest.reporter.config.js', 'rekognition-custom-labels/rekognition-custom-labels.iam.yaml']);
    const named = await jest('jest-ts', 'examples', '20', ['-c', 'jest.reporter.config.js', '-t', 'model-manager']);
    fs.writeFileSync(path.join(dirs['jest-ts'], 'examples', 'rekognition-custom-labels', 'wrong.iam.yaml'), WRONG_EXAMPLE);
    const wrong = await jest('jest-ts', 'examples', '20', ['rekognition-custom-labels/wrong.iam.yaml']);
    const manual = await jest('jest-ts', 'examples', '20', ['--config', 'jest.manual.config.js', 'rekognition-custom-labels/rekognition-custom-labels']);
    return [all, wrong, manual, ...shards, filtered, named];
  },
};

const VITEST_CASES: [install: string, project: 'esm' | 'cjs', node: string][] = [
  ['vitest3', 'esm', '20'],
  ['vitest3', 'cjs', '20'],
  ['vitest4', 'esm', '24'],
  ['vitest4', 'cjs', '22'],
  ['vitest-newest', 'esm', '22'],
  ['vitest-newest', 'cjs', '22'],
];
for (const [install, project, node] of VITEST_CASES) {
  CASES[`${install}-${project}`] = {
    install,
    project,
    files: () => ({
      ...commonFiles(),
      ...vitestFiles({ setupFile: project === 'esm' }),
      ...(project === 'esm' ? { 'package.json': JSON.stringify({ name: `consumer-${install}-esm`, private: true, type: 'module' }) } : {}),
    }),
    exec: () => Promise.all([tsc(install, project, node), vitest(install, project, node)]),
  };
}

/** Every case's run, started together once the installs are ready (at most 3 at a time). */
let runs: Promise<Record<string, RunResult[]>> | undefined;
function results(name: string): Promise<RunResult[]> {
  runs ??= (async () => {
    const names = Object.keys(CASES);
    for (const n of names) writeProject(path.join(dirs[CASES[n].install], CASES[n].project), CASES[n].files());
    const all = await inParallel(
      3,
      names.map((n) => () => CASES[n].exec()),
    );
    return Object.fromEntries(names.map((n, i) => [n, all[i]]));
  })();
  return runs.then((r) => r[name]);
}

function expectTypesClean(r: RunResult): void {
  expect(r.out.trim()).toBe('');
  expect(r.status).toBe(0);
}

describe('Jest 30 + ts-jest', () => {
  test('TypeScript (newest ts-jest allows) with the README tsconfig, on Node 24: tsc and Jest', async () => {
    if (skipped()) return;
    const [types, r] = await results('jestTs');
    expectTypesClean(types);
    expectJestOutcome(r);
  }, 900_000);

  test('TypeScript (newest) without any tsconfig.json: the preset supplies the test types, on Node 22', async () => {
    if (skipped()) return;
    expectJestOutcome((await results('jestTsNoConfig'))[0]);
  }, 900_000);

  test('TypeScript 7 (what `npm i -D typescript` installs) with the README tsconfig, on Node 24: tsc 7, and Jest through ts-jest on TypeScript 6', async () => {
    if (skipped()) return;
    expect((JSON.parse(fs.readFileSync(bin('jest-ts7', 'typescript/package.json'), 'utf8')) as { version: string }).version).toMatch(/^7\./);
    const [types, r] = await results('jestTs7');
    expectTypesClean(types);
    expectJestOutcome(r);
  }, 900_000);

  test('TypeScript 5.9 with the README tsconfig, on Node 22: tsc and Jest', async () => {
    if (skipped()) return;
    const [types, r] = await results('jestTs59');
    expectTypesClean(types);
    expectJestOutcome(r);
  }, 900_000);

  // No TypeScript asked for; npm still installs one, as ts-jest's peer (jest-iam depends on ts-jest).
  test('plain JavaScript, CommonJS project, on Node 20', async () => {
    if (skipped()) return;
    expectJestOutcome((await results('jestCjs'))[0]);
  }, 900_000);

  test('plain JavaScript, ES module project ("type": "module", --experimental-vm-modules), on Node 24', async () => {
    if (skipped()) return;
    expectJestOutcome((await results('jestEsm'))[0]);
  }, 900_000);
});

describe("the repository's examples in a user's project (Jest, newest TypeScript, Node 20)", () => {
  test('the installed package runs the example with only `preset: "jest-iam"`', async () => {
    if (skipped()) return;
    const { out, status } = (await results('examples'))[0];
    expect(out).toMatch(/Test Suites: \d+ passed, \d+ total/);
    expect(out).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(out).toContain('rekognition-custom-labels.iam.yaml');
    expect(out).toContain('rekognition-custom-labels.test.ts');
    expect(out).toContain('organisation-guardrails.iam.yaml');
    expect(out).toContain('cross-account-s3.iam.yaml');
    expect(out).not.toMatch(/\d+ failed/);
    expect(status).toBe(0);
  }, 900_000);

  test('a wrong expectation fails with the cell position and the explanation', async () => {
    if (skipped()) return;
    const { out, status } = (await results('examples'))[1];
    expect(status).toBe(1);
    expect(out).toContain(
      'deliberately wrong › inference-client › allow rekognition:DetectCustomLabels on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion2/1690000000002',
    );
    expect(out).toMatch(/Expected allow, got implicitDeny \(.*wrong\.iam\.yaml:6:9, principals\.inference-client\.allow\[0\]\)/);
    expect(out).toContain('Closest allow statements that did not apply');
    expect(out).toMatch(
      /Resource: resource ".*MyVersion2.*" is not matched by Resource "arn:aws:rekognition:\*:\*:project\/MyProject\/version\/MyVersion\/\*"/,
    );
    expect(out).toMatch(/Tests:\s+1 failed, 1 total/);
  }, 900_000);

  // README, "Combining with an existing Jest config": the entries, set by hand instead of the preset.
  test("the README's hand-written config (no preset) runs the same suites", async () => {
    if (skipped()) return;
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    expect(readme.slice(readme.indexOf('#### Combining with an existing Jest config'))).toContain("setupFilesAfterEnv: ['jest-iam/matchers']");
    const { out, status } = (await results('examples'))[2];
    expect(out).toMatch(/Test Suites: 2 passed, 2 total/);
    expect(status).toBe(0);
  }, 900_000);
});

describe('sharding and filtered runs of a big matrix (the examples project)', () => {
  /** `file › full test name` of every test a `--json` run reported. */
  const testsOf = (file: string): string[] => {
    const report = JSON.parse(fs.readFileSync(path.join(dirs['jest-ts'], 'examples', file), 'utf8')) as {
      testResults: { name: string; assertionResults: { fullName: string }[] }[];
    };
    return report.testResults.flatMap((t) => t.assertionResults.map((a) => `${path.basename(t.name)} › ${a.fullName}`));
  };

  test('`jest --shard=1/2` and `--shard=2/2` run every cell exactly once between them (Jest shards by file; a matrix file is one file)', async () => {
    if (skipped()) return;
    const r = await results('examples');
    expect(r[3].status).toBe(0);
    expect(r[4].status).toBe(0);
    const full = testsOf('full.json');
    const shards = [testsOf('shard-1.json'), testsOf('shard-2.json')];
    expect(full.filter((t) => t.startsWith('big.iam.yaml › ')).length).toBeGreaterThanOrEqual(150);
    expect(shards[0].length).toBeGreaterThan(0);
    expect(shards[1].length).toBeGreaterThan(0);
    expect([...shards[0], ...shards[1]].sort()).toEqual([...full].sort());
    expect(new Set(full).size).toBe(full.length);
  }, 900_000);

  test("the Rekognition example's `never:` list is proved from the packed package: one passing test per action pattern", async () => {
    if (skipped()) return;
    const [all] = await results('examples');
    expect(all.status).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dirs['jest-ts'], 'examples', 'full.json'), 'utf8')) as {
      testResults: { name: string; assertionResults: { title: string; status: string }[] }[];
    };
    const never = report.testResults
      .filter((t) => t.name.endsWith('rekognition-custom-labels.iam.yaml'))
      .flatMap((t) => t.assertionResults)
      .filter((a) => a.title.startsWith('never '));
    expect(never.map((a) => `${a.title}: ${a.status}`)).toEqual(
      ['rekognition:Delete*', 'rekognition:Create*', 'rekognition:Start*', 'rekognition:Stop*', 's3:*'].map((a) => `never ${a} on *: passed`),
    );
  }, 900_000);

  test('with coverageThreshold, `jest one.iam.yaml` and `jest -t` pass, say they are partial, and leave the full report alone', async () => {
    if (skipped()) return;
    const [, , , , , filtered, named] = await results('examples');
    for (const r of [filtered, named]) {
      expect(r.out).toMatch(/jest-iam: partial run \((test path|-t).*\): coverage counts only the tests that ran; coverage threshold \(100%\) not checked/);
      expect(r.out).not.toContain('below the threshold');
      expect(r.status).toBe(0);
    }
    const reports = path.join(dirs['jest-ts'], 'examples', '.reports');
    expect(fs.readdirSync(reports)).toEqual(['iam.partial.html']);
  }, 900_000);
});

describe('Vitest through jest-iam/vitest', () => {
  test.each(VITEST_CASES)(
    '%s, %s project, on Node %s: tsc and Vitest',
    async (install, project) => {
      if (skipped()) return;
      const [types, r] = await results(`${install}-${project}`);
      expectTypesClean(types);
      expectVitestOutcome(r);
    },
    900_000,
  );
});
