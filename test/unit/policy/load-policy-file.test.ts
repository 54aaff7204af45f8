import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPolicyFile } from '../../../src/policy/load-policy-file';
import { PolicyValidationError } from '../../../src/diagnostics/policy-issue';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('loadPolicyFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-policy-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a missing file is a PolicyValidationError with a plain message, not an ENOENT stack', () => {
    const file = path.join(dir, 'nope.json');
    const e = thrownBy(() => loadPolicyFile(file));
    expect(e).toBeInstanceOf(PolicyValidationError);
    expect((e as PolicyValidationError).issues).toEqual([
      { severity: 'error', code: 'unreadable-file', message: 'cannot read policy file: no such file', path: [] },
    ]);
    expect((e as Error).message).toBe(`${file}: 1 problem:\n  error: cannot read policy file: no such file`);
  });

  test('a directory is reported as such', () => {
    const e = thrownBy(() => loadPolicyFile(dir));
    expect((e as PolicyValidationError).issues[0].message).toBe('cannot read policy file: it is a directory, not a file');
  });

  test('.yml files are read as YAML even when they start with a brace', () => {
    const file = path.join(dir, 'flow.yml');
    fs.writeFileSync(file, '{Version: "2012-10-17", Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "*"}}\n');
    const p = loadPolicyFile(file);
    expect(p.statements[0].action?.[0]).toMatchObject({ value: 's3:GetObject', pos: { file, line: 1, column: 60 } });
  });

  test('.json files are read strictly as JSON (YAML syntax there is an error)', () => {
    const file = path.join(dir, 'policy.json');
    fs.writeFileSync(file, 'Version: "2012-10-17"\n');
    const e = thrownBy(() => loadPolicyFile(file));
    expect((e as PolicyValidationError).issues[0]).toMatchObject({ code: 'json-syntax', pos: { file, line: 1, column: 1 } });
  });

  test('displayPath and name replace the file path in positions and the policy name', () => {
    const file = path.join(dir, 'p.json');
    fs.writeFileSync(file, '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}');
    const p = loadPolicyFile(file, { displayPath: 'policies/p.json', name: 'AdminAccess' });
    expect(p.file).toBe('policies/p.json');
    expect(p.name).toBe('AdminAccess');
    expect(p.statements[0].pos?.file).toBe('policies/p.json');
  });

  test('policyType applies the type rules', () => {
    const file = path.join(dir, 'trust.json');
    fs.writeFileSync(file, '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}');
    const e = thrownBy(() => loadPolicyFile(file, { policyType: 'trust' }));
    expect((e as PolicyValidationError).issues.map((i) => i.code).sort()).toEqual(['missing-principal', 'resource-not-allowed']);
  });
});
