import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'schema', 'scenario.schema.json'), 'utf8')) as object;

/** Ajv with its log captured: strict mode reports unknown keywords by throwing, type unions by logging. */
function ajv(options: object) {
  const logged: string[] = [];
  const log = (...a: unknown[]) => logged.push(a.join(' '));
  return { ajv: new Ajv({ ...options, logger: { log, warn: log, error: log } }), logged };
}

describe("the shipped scenario schema in a user's own ajv", () => {
  test("compiles under ajv's default strict mode (no unknown keywords)", () => {
    const { ajv: a } = ajv({});
    expect(() => a.compile(schema)).not.toThrow();
  });

  test('with allowUnionTypes, compiles without a single strict-mode message, and validates a scenario', () => {
    const { ajv: a, logged } = ajv({ allowUnionTypes: true });
    const validate = a.compile(schema);
    expect(logged).toEqual([]);
    expect(validate({ principals: { p: { policies: { identity: ['p.json'] }, allow: [{ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }] } } })).toBe(
      true,
    );
    expect(validate({ principals: {}, vars: { '9bad': 'x' } })).toBe(false);
  });
});
