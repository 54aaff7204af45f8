/**
 * `preset: 'jest-iam'` — registers the jest-iam matchers, runs TypeScript tests through ts-jest
 * and runs `*.iam.yaml` access-matrix files as test suites. Points at built files (`dist/`),
 * which `prepack` builds into the package (npm pack, publish, and installs from git).
 */
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, 'dist');

/** Whether a tsconfig.json is in `dir` or a folder above it (where ts-jest looks for one). */
function hasTsconfig(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'tsconfig.json'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

/**
 * ts-jest's options. A project with no tsconfig.json would get TypeScript's defaults, and since
 * TypeScript 6 those load no `@types` packages (`types: []`), so `describe` and `node:path` are
 * unknown names: supply the test globals and Node's types that the project has installed. With
 * a tsconfig.json the project's own settings apply untouched.
 */
function tsJestOptions(dir) {
  const compiler = tsJestCompiler(dir);
  const base = compiler ? { compiler } : {};
  if (hasTsconfig(dir)) return base;
  const installed = (name) => {
    try {
      require.resolve(`@types/${name}/package.json`, { paths: [dir] });
      return true;
    } catch {
      return false;
    }
  };
  return { ...base, tsconfig: { types: ['jest', 'node'].filter(installed), esModuleInterop: true } };
}

/** The major version of the `typescript` package found from `dir`, or undefined. */
function typescriptMajor(dir) {
  try {
    const pkg = require(require.resolve('typescript/package.json', { paths: [dir] }));
    return Number(String(pkg.version).split('.')[0]);
  } catch {
    return undefined;
  }
}

/**
 * ts-jest needs TypeScript's JavaScript compiler API, which TypeScript 7 (the native port) does
 * not have; ts-jest's peer range is `<7`. With 7 in the project, npm installs a TypeScript 6
 * beside ts-jest as its peer: point ts-jest at that one (or at `@typescript/typescript6`), and
 * leave the project's own `tsc` at 7. Undefined when the project's TypeScript serves.
 */
function tsJestCompiler(dir) {
  const mine = typescriptMajor(dir);
  if (mine === undefined || mine < 7) return undefined;
  const tsJestDir = path.dirname(require.resolve('ts-jest/package.json'));
  const besideTsJest = typescriptMajor(tsJestDir);
  if (besideTsJest !== undefined && besideTsJest < 7) return path.dirname(require.resolve('typescript/package.json', { paths: [tsJestDir] }));
  try {
    return path.dirname(require.resolve('@typescript/typescript6/package.json', { paths: [dir] }));
  } catch {
    return undefined; // ts-jest then says itself which TypeScript it needs
  }
}

module.exports = {
  testEnvironment: 'node',
  setupFilesAfterEnv: [path.join(dist, 'matchers', 'index.js')],
  transform: {
    '\\.iam\\.ya?ml$': path.join(dist, 'src', 'scenario', 'jest-transform.js'),
    '^.+\\.tsx?$': [require.resolve('ts-jest'), tsJestOptions(process.cwd())],
  },
  testMatch: ['**/?(*.)+(spec|test).[jt]s?(x)', '**/*.iam.yaml', '**/*.iam.yml'],
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'yaml', 'yml'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
