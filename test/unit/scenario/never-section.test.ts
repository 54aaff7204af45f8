import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineScenarioSuite, invalidScenarioTestName, ScenarioFailure, type SuiteGlobals } from '../../../src/scenario';
import { evaluate } from '../../../src/engine/evaluate';
import { policySet } from '../../../src/engine/build-policy-set';
import { proveNeverAllows } from '../../../src/proof';
import { fixture, removeTempDirs, shown, tempScenarioDir, where } from './scenario-fixtures';

afterAll(removeTempDirs);

interface DefinedTest {
  name: string;
  body: () => void;
}

function record(file: string): DefinedTest[] {
  const tests: DefinedTest[] = [];
  const stack: string[] = [];
  const globals: SuiteGlobals = {
    describe: (name, body) => {
      stack.push(name);
      body();
      stack.pop();
    },
    test: (name, body) => tests.push({ name: [...stack, name].join(' > '), body }),
  };
  defineScenarioSuite(file, globals);
  return tests;
}

function failure(t: DefinedTest): ScenarioFailure | undefined {
  try {
    t.body();
    return undefined;
  } catch (e) {
    if (!(e instanceof ScenarioFailure)) throw e;
    return e;
  }
}

describe('scenario `never:` entries, decided by proof', () => {
  test('each action pattern x resource pattern is one test, named after it', () => {
    const names = record(fixture('never.iam.yaml')).map((t) => t.name);
    expect(names).toEqual([
      'Never fixture > auditor > allow s3:GetObject on arn:aws:s3:::audit-logs/2026/12/04.log',
      'Never fixture > auditor > never s3:Delete* on arn:aws:s3:::audit-logs/*',
      'Never fixture > auditor > never s3:Put* on arn:aws:s3:::audit-logs/*',
      'Never fixture > auditor > never iam:* on *',
      'Never fixture > auditor > never s3:PutObjectAcl on arn:aws:s3:::uploads/*',
    ]);
  });

  test('PROVED entries pass; an UNKNOWN entry marked `ifUnknown: warn` passes and prints why', () => {
    const warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const tests = record(fixture('never.iam.yaml'));
      expect(tests.map(failure).filter(Boolean)).toEqual([]);
      const warned = warn.mock.calls.map((c) => String(c[0]));
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain('UNKNOWN');
      expect(warned[0]).toMatch(/Binary/);
      expect(warned[0]).toContain(where(fixture('never.iam.yaml'), 'action: s3:PutObjectAcl'));
    } finally {
      warn.mockRestore();
    }
  });

  test('a COUNTEREXAMPLE fails with the allowed request, the allowing statement and the entry position; the request is really allowed', () => {
    const file = fixture('never-failing.iam.yaml');
    const [deleteLake] = record(file).map(failure);
    expect(deleteLake).toBeDefined();
    const text = deleteLake!.message;
    expect(text).toContain(
      `Expected never to allow arn:aws:iam::111122223333:role/auditor reaching s3:DeleteObject on arn:aws:s3:::data-lake/*, but this request is allowed (${where(file, 'action: s3:DeleteObject')}, principals.auditor.never[0])`,
    );
    expect(text).toMatch(/s3:DeleteObject on arn:aws:s3:::data-lake\/\S* as arn:aws:iam::111122223333:role\/auditor with aws:PrincipalTag\/team="data-/);
    expect(text).toContain('allowed by');
    expect(text).toContain('TeamData');
    // Jest shows the scenario file as the failure's location.
    expect(deleteLake!.stack).toContain(`at ${path.resolve(file)}:${where(file, 'action: s3:DeleteObject').split(':').slice(-2).join(':')}`);
    // Soundness: the witness is a request evaluate() allows.
    const set = policySet({ identity: fixture('policies', 'audit-reader.json') });
    const proof = proveNeverAllows(set, 's3:DeleteObject', { resource: 'arn:aws:s3:::data-lake/*', principal: 'arn:aws:iam::111122223333:role/auditor' });
    expect(proof.verdict).toBe('COUNTEREXAMPLE');
    expect(evaluate(set, proof.witnesses[0].request).result).toBe('Allow');
  });

  test('UNKNOWN fails by default, with the reason and the entry position', () => {
    const file = fixture('never-failing.iam.yaml');
    const unknown = failure(record(file)[1]);
    expect(unknown).toBeDefined();
    expect(unknown!.message).toContain(
      `Could not prove that nothing allows arn:aws:iam::111122223333:role/auditor reaching s3:PutObjectAcl on arn:aws:s3:::uploads/* (${where(file, 'action: s3:PutObjectAcl')}, principals.auditor.never[1])`,
    );
    expect(unknown!.message).toMatch(/Binary operators are outside the decided fragment/);
    expect(unknown!.message).toContain('ifUnknown: warn');
  });

  test('keys the entry fixes in `context` narrow the proof: team=ops never reaches the data buckets', () => {
    expect(failure(record(fixture('never-failing.iam.yaml'))[2])).toBeUndefined();
  });

  test('without `arn`, the proof covers every caller (principal keys free)', () => {
    const dir = tempScenarioDir({
      'policies/p.json': fs.readFileSync(fixture('policies', 'audit-reader.json'), 'utf8'),
      'x.iam.yaml':
        'principals:\n  anyone:\n    policies: { identity: [policies/p.json] }\n    never:\n      - action: s3:DeleteBucket\n        resource: arn:aws:s3:::audit-logs\n      - action: s3:DeleteObject\n',
    });
    const [bucket, object] = record(path.join(dir, 'x.iam.yaml')).map(failure);
    expect(bucket).toBeUndefined();
    expect(object?.message).toContain('principal "anyone" (any caller) reaching s3:DeleteObject on *');
  });

  test('mistakes are reported with file:line:col: an action pattern that matches nothing, a resource that is not an ARN pattern, a bad ifUnknown', () => {
    const dir = tempScenarioDir({
      'policies/p.json': fs.readFileSync(fixture('policies', 'audit-reader.json'), 'utf8'),
      'bad.iam.yaml':
        'principals:\n  p:\n    policies: { identity: [policies/p.json] }\n    never:\n      - action: s3:DeleteObjekt*\n      - action: s3:DeleteObject\n        resource: audit-logs/*\n',
      'bad2.iam.yaml':
        'principals:\n  p:\n    policies: { identity: [policies/p.json] }\n    never:\n      - action: s3:DeleteObject\n        ifUnknown: maybe\n',
    });
    const file = path.join(dir, 'bad.iam.yaml');
    const tests = record(file);
    expect(tests.map((t) => t.name)).toEqual([invalidScenarioTestName(file)]);
    expect(failure(tests[0])?.message).toContain(`${shown(file)}:7:19: error: never: resource pattern "audit-logs/*" is neither "*" nor an ARN pattern`);
    const file2 = path.join(dir, 'bad2.iam.yaml');
    expect(failure(record(file2)[0])?.message).toContain(`${shown(file2)}:6:20`);
    // The action pattern that matches nothing (only once the file is otherwise valid).
    fs.writeFileSync(file, 'principals:\n  p:\n    policies: { identity: [policies/p.json] }\n    never:\n      - action: s3:DeleteObjekt*\n');
    expect(failure(record(file)[0])?.message).toContain(
      `${shown(file)}:5:9: error: never: action pattern "s3:DeleteObjekt*" matches no action in the AWS service reference (principals.p.never[0])`,
    );
  });
});
