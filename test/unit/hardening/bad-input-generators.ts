/**
 * Bad (and big) inputs too large to keep as files in test/fixtures/bad: each is generated here
 * from its name in `test/fixtures/bad/expected.json` (section `generated`).
 */

const MB = 'a'.repeat(1 << 20);

/** Pretty JSON of a policy with the given statements (2-space indent, so positions are stable). */
function policyJson(statement: unknown): string {
  return `${JSON.stringify({ Version: '2012-10-17', Statement: statement }, null, 2)}\n`;
}

function statements(n: number): object[] {
  const out: object[] = [];
  for (let i = 0; i < n; i++) out.push({ Sid: `S${i}`, Effect: i % 10 === 9 ? 'Deny' : 'Allow', Action: [`s3:GetObject`, `s3:PutObject`], Resource: `arn:aws:s3:::bucket-${i}/*` });
  return out;
}

const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

/** Generated inputs by name: the text and its format. */
export const GENERATED: Record<string, () => { text: string; format: 'json' | 'yaml' }> = {
  'statements-10000-json': () => ({ text: policyJson(statements(10_000)), format: 'json' }),
  'statements-10000-yaml': () => ({
    text: `Version: "2012-10-17"\nStatement:\n${statements(10_000)
      .map((s) => {
        const st = s as { Sid: string; Effect: string; Resource: string };
        return `  - Sid: ${st.Sid}\n    Effect: ${st.Effect}\n    Action: [s3:GetObject, s3:PutObject]\n    Resource: "${st.Resource}"`;
      })
      .join('\n')}\n`,
    format: 'yaml',
  }),
  'string-1mb-effect': () => ({ text: policyJson({ ...read, Effect: `Allow${MB}` }), format: 'json' }),
  'string-1mb-statement-key': () => ({ text: policyJson({ ...read, [`X${MB}`]: 1 }), format: 'json' }),
  'string-1mb-action': () => ({ text: policyJson({ ...read, Action: `s3:Get Object${MB}` }), format: 'json' }),
  'string-1mb-condition-value': () => ({ text: policyJson({ ...read, Condition: { NumericEquals: { 's3:max-keys': `1${MB}` } } }), format: 'json' }),
  'string-1mb-condition-operator': () => ({ text: policyJson({ ...read, Condition: { [`String${MB}`]: { 'aws:username': 'alice' } } }), format: 'json' }),
  'string-1mb-resource': () => ({ text: policyJson({ ...read, Resource: `arn:aws:s3:::bucket/${MB}` }), format: 'json' }),
  'string-1mb-yaml-value': () => ({ text: `Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "${MB}"\n`, format: 'yaml' }),
  'nesting-json-arrays-100000': () => ({
    text: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"k":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}}`,
    format: 'json',
  }),
  'nesting-json-objects-100000': () => ({ text: `{"Version":"2012-10-17","Statement":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, format: 'json' }),
  'nesting-yaml-flow-100000': () => ({ text: `Version: "2012-10-17"\nStatement: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, format: 'yaml' }),
  'nesting-yaml-block-2000': () => ({
    text: `Version: "2012-10-17"\nStatement:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n')}x\n`,
    format: 'yaml',
  }),
  'nesting-yaml-compact-100000': () => ({ text: `Version: "2012-10-17"\nStatement:\n  ${'- '.repeat(100_000)}x\n`, format: 'yaml' }),
};
