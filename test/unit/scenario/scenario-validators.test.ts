import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import Ajv from 'ajv';
import { prebuiltValidators, scenarioSchemaPath } from '../../../src/scenario/scenario-schema';

// The build compiles the scenario schema's validators ahead of time
// (scripts/build-scenario-validators.js); they must judge every file as a fresh compile does.
const { buildScenarioValidators, OPTIONS } = require('../../../scripts/build-scenario-validators.js') as {
  buildScenarioValidators: (schemaText: string) => string;
  OPTIONS: Record<string, unknown>;
};

const schemaText = fs.readFileSync(scenarioSchemaPath(), 'utf8');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-validators-'));
const file = path.join(dir, 'scenario-validators.js');
fs.writeFileSync(file, buildScenarioValidators(schemaText));
// The generated module requires ajv's runtime helpers: resolve them from this package.
fs.symlinkSync(path.join(process.cwd(), 'node_modules'), path.join(dir, 'node_modules'), 'dir');

function scenarioFiles(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true, recursive: true })
    .flatMap((e) => (e.isFile() && /\.iam\.ya?ml$/.test(e.name) ? [path.join(e.parentPath, e.name)] : []));
}

describe('the build-time scenario validators', () => {
  const ajv = new Ajv(OPTIONS);
  ajv.addSchema(JSON.parse(schemaText), 'scenario');
  const fresh = { scenario: ajv.getSchema('scenario')!, includedFile: ajv.getSchema('scenario#/definitions/includedFile')! };
  const built = prebuiltValidators(schemaText, file);

  test('are used for the schema they were built from, and refused for another', () => {
    expect(built).toBeDefined();
    expect(prebuiltValidators(`${schemaText} `, file)).toBeUndefined();
    expect(prebuiltValidators(schemaText, path.join(dir, 'missing.js'))).toBeUndefined();
  });

  const documents = [...scenarioFiles(path.join('test', 'fixtures')), ...scenarioFiles('examples')].flatMap((f) => {
    try {
      return [{ f, data: parse(fs.readFileSync(f, 'utf8')) as unknown }];
    } catch {
      return []; // a fixture that is not YAML at all never reaches the schema
    }
  });
  const handMade: unknown[] = [
    {},
    { principals: [] },
    { name: 3, principals: { a: { arn: 'x', policies: 's', allow: 'nope' } } },
    { principals: { a: { arn: 'arn:aws:iam::111122223333:user/a', polices: 's' } }, extra: true },
  ];

  test('give the errors a fresh compile gives, on every fixture and example and on broken files', () => {
    expect(documents.length).toBeGreaterThan(10);
    let invalid = 0;
    for (const data of [...documents.map((d) => d.data), ...handMade]) {
      for (const which of ['scenario', 'includedFile'] as const) {
        const ok = fresh[which](data);
        expect(built![which](data)).toBe(ok);
        expect(built![which].errors ?? null).toEqual(fresh[which].errors ?? null);
        if (!ok) invalid++;
      }
    }
    expect(invalid).toBeGreaterThan(4);
  });
});
