import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import '../../../matchers';
import { expandCells } from '../../../src/scenario/expand-cells';
import { loadScenario } from '../../../src/scenario/load-scenario';

/** What jest-iam writes to stderr while `fn` runs. */
function stderrOf(fn: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('jest-iam:'));
}

// s3:NoSuchKey is in no service's condition keys (AWS Service Authorization Reference for S3):
// a warning, not an error, that must say where it was met.
const doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:NoSuchKeyAtAll': 'x' } } }],
};

describe('every warning names the file:line or the test it came from', () => {
  test('a matcher on an inline policy: the test name and the line of the assertion', () => {
    const lines = stderrOf(() => expect(doc).toImplicitlyDeny('s3:GetObject', 'arn:aws:s3:::b/k'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /s3:NoSuchKeyAtAll is neither a global condition key nor a key of s3 .*\[test "every warning names the file:line or the test it came from a matcher on an inline policy: the test name and the line of the assertion" \(test\/unit\/matchers\/warning-origin\.test\.ts:35\)\]$/,
    );
  });

  test('a request context key no action carries: the test and line of the assertion', () => {
    const lines = stderrOf(() =>
      expect({ ...doc, Statement: [{ ...doc.Statement[0], Condition: {} }] }).toAllow('s3:GetObject', 'arn:aws:s3:::b/k', {
        context: { 's3:AnotherMadeUpKey': 'x' },
      }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/s3:GetObject never carries the condition key s3:AnotherMadeUpKey.*\(test\/unit\/matchers\/warning-origin\.test\.ts:44\)\]$/);
  });

  test('a scenario file: every warning names the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-warn-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{}');
      const file = path.join(dir, 'w.iam.yaml');
      fs.writeFileSync(
        file,
        [
          'principals:',
          '  p:',
          `    policies: { identity: [${JSON.stringify({ ...doc, Statement: [{ ...doc.Statement[0], Condition: { StringEquals: { 's3:ScenarioMadeUpKey': 'x' } } }] })}] }`,
          '    implicitDeny:',
          '      - action: s3:GetObject',
          '        resource: arn:aws:s3:::b/k',
          '        context: { s3:ContextMadeUpKey: x }',
          '',
        ].join('\n'),
      );
      const lines = stderrOf(() => expandCells(loadScenario(file)));
      expect(lines).toHaveLength(2);
      for (const l of lines) expect(l).toContain('w.iam.yaml');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
