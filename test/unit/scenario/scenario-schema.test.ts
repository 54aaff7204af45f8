import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { EXPECTATION_LISTS, scenarioSchemaPath } from '../../../src/scenario';

type Schema = Record<string, unknown>;

const schema = JSON.parse(fs.readFileSync(scenarioSchemaPath(), 'utf8')) as Schema;

/** Every sub-schema with the JSON pointer where it sits. */
function walk(node: unknown, at: string, out: { at: string; schema: Schema }[] = []): { at: string; schema: Schema }[] {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return out;
  const s = node as Schema;
  out.push({ at, schema: s });
  for (const key of ['properties', 'definitions'] as const) {
    const map = s[key] as Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(map ?? {})) walk(v, `${at}/${key}/${k}`, out);
  }
  for (const key of ['additionalProperties', 'items', 'propertyNames', 'if', 'then', 'else', 'not'] as const) walk(s[key], `${at}/${key}`, out);
  for (const key of ['anyOf', 'allOf', 'oneOf'] as const) ((s[key] as unknown[] | undefined) ?? []).forEach((v, i) => walk(v, `${at}/${key}/${i}`, out));
  return out;
}

describe('schema/scenario.schema.json', () => {
  test('is shipped at the package root, where the yaml-language-server comment points', () => {
    expect(scenarioSchemaPath()).toBe(path.join(__dirname, '..', '..', '..', 'schema', 'scenario.schema.json'));
  });

  test('is a valid draft-07 JSON Schema (ajv compiles it with meta-schema validation, default strict mode)', () => {
    const ajv = new Ajv({ allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'errorHint', schemaType: 'string' });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  test('every key a user can write is documented with a description', () => {
    const undocumented = walk(schema, '#')
      .flatMap(({ at, schema: s }) =>
        Object.entries((s.properties as Record<string, Schema> | undefined) ?? {}).map(([k, v]) => ({ at: `${at}/properties/${k}`, v })),
      )
      .filter(({ v }) => typeof v.description !== 'string' || !v.description)
      .map(({ at }) => at);
    expect(undocumented).toEqual([]);
    const definitions = Object.entries(schema.definitions as Record<string, Schema>).filter(([, v]) => typeof v.description !== 'string');
    expect(definitions.map(([k]) => k)).toEqual([]);
  });

  test('every object with fixed keys rejects unknown keys (additionalProperties: false), so typos are caught', () => {
    const open = walk(schema, '#')
      .filter(({ schema: s }) => s.properties && s.additionalProperties !== false)
      .map(({ at }) => at);
    expect(open).toEqual([]);
  });

  test('a principal takes exactly the expectation lists the loader reads, plus table', () => {
    const principal = (schema.definitions as Record<string, Schema>).principal.properties as Record<string, unknown>;
    for (const list of EXPECTATION_LISTS) expect(Object.keys(principal)).toContain(list);
    expect(Object.keys(principal)).toContain('table');
  });
});
