import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate } from '../../../src/engine/evaluate';
import { expandCells, loadScenario, type Scenario, type ScenarioPrincipal } from '../../../src/scenario';
import { DETECT_POLICY, fixture, issueLines, removeTempDirs, shown, tempScenarioDir, where } from './scenario-fixtures';

afterAll(removeTempDirs);

const VALID = fixture('valid.iam.yaml');

function principal(s: Scenario, name: string): ScenarioPrincipal {
  const p = s.principals.find((x) => x.name === name);
  if (!p) throw new Error(`no principal ${name}`);
  return p;
}

describe('loadScenario: a valid scenario file', () => {
  const scenario = loadScenario(VALID);

  test('reads the name (with vars) and every principal in file order', () => {
    expect(scenario.name).toBe('Fixture MyProject matrix');
    expect(scenario.file).toBe(VALID);
    expect(scenario.displayFile).toBe(shown(VALID));
    expect(scenario.principals.map((p) => p.name)).toEqual(['model-manager', 'inference-client', 'mfa-manager', 'image-reader']);
  });

  test('the name defaults to the file name', () => {
    expect(loadScenario(fixture('duplicates.iam.yaml')).name).toBe('duplicates.iam.yaml');
  });

  test('the shipped Rekognition example scenario is valid', () => {
    const example = path.join(__dirname, '..', '..', '..', 'examples', 'rekognition-custom-labels', 'rekognition-custom-labels.iam.yaml');
    const s = loadScenario(example);
    expect(expandCells(s).length).toBeGreaterThan(0);
  });
});

describe('loadScenario: vars', () => {
  const scenario = loadScenario(VALID);

  test('vars are substituted in principals, resources, and vars that use other vars', () => {
    const mm = principal(scenario, 'model-manager');
    expect(mm.arn).toBe('arn:aws:iam::111122223333:role/ModelManager');
    expect(mm.expectations[0].resources[0]).toBe('arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1690000000001');
  });

  test('a var of the scenario wins over the same var of an included file (also nested includes)', () => {
    // shared/policy-sets.yaml sets region eu-west-1 and account 999999999999; its include
    // nested/extra-vars.yaml sets region ap-south-1. The scenario sets both.
    const arns = expandCells(scenario).map((c) => c.request.resource ?? '');
    expect(arns.some((a) => a.includes(':us-east-1:111122223333:'))).toBe(true);
    expect(arns.some((a) => a.includes('eu-west-1') || a.includes('ap-south-1') || a.includes('999999999999'))).toBe(false);
  });

  test('vars defined only in included files are available (partition, project-name)', () => {
    expect(principal(scenario, 'model-manager').arn).toMatch(/^arn:aws:iam::/);
    expect(scenario.name).toContain('MyProject');
  });

  test('context values: numbers as written (leading zero kept), booleans as true/false', () => {
    const ctx = principal(scenario, 'mfa-manager').context ?? {};
    expect(ctx['aws:SourceAccount']).toBe('012345678901');
    expect(ctx['aws:MultiFactorAuthPresent']).toBe('true');
  });

  // IAM User Guide, reference_policies_variables.md: ${aws:username} is a policy variable,
  // resolved by the evaluator from the request, not a scenario var.
  test('IAM policy variables in inline policies are left for the evaluator (reference_policies_variables.md)', () => {
    const reader = principal(scenario, 'image-reader');
    const inline = reader.policySet.identity.find((p) => p.name.includes('identity[0]'));
    expect(inline?.statements[0].resource?.[0].value).toBe('arn:aws:s3:::fixture-images/${aws:username}/*');
  });

  test('$${ writes a literal ${', () => {
    const dir = tempScenarioDir({
      'p.json': DETECT_POLICY,
      'x.iam.yaml':
        'principals:\n  p:\n    policies: { identity: [p.json] }\n    allow:\n      - action: s3:GetObject\n        resource: "arn:aws:s3:::b/$${literal}"\n',
    });
    const file = path.join(dir, 'x.iam.yaml');
    expect(loadScenario(file).principals[0].expectations[0].resources).toEqual(['arn:aws:s3:::b/${literal}']);
  });
});

describe('loadScenario: policy sets, include and extends', () => {
  const scenario = loadScenario(VALID);

  test('a named set from an included file resolves its paths relative to that file', () => {
    const files = principal(scenario, 'model-manager').policySet.identity.map((p) => p.file ?? '');
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/scenarios[/\\]policies[/\\]project-model\.json$/);
  });

  test('principals naming the same set share one built policy set', () => {
    const body = (n: string) => `  ${n}:\n    policies: s\n    allow:\n      - action: rekognition:DetectCustomLabels\n`;
    const dir = tempScenarioDir({ 'd.json': DETECT_POLICY, 'x.iam.yaml': `policySets:\n  s: { identity: [d.json] }\nprincipals:\n${body('a')}${body('b')}` });
    const file = path.join(dir, 'x.iam.yaml');
    const [a, b] = loadScenario(file).principals;
    expect(a.policySet).toBe(b.policySet);
  });

  test('extends: the base set comes first and the boundary is added', () => {
    const set = principal(scenario, 'mfa-manager').policySet;
    expect(set.identity.map((p) => p.name)).toEqual(['project-model.json']);
    expect(set.boundary?.name).toBe('mfa-boundary.json');
  });

  test('extends in an inline set: the base identity policies plus the inline document', () => {
    const set = principal(scenario, 'image-reader').policySet;
    expect(set.identity.map((p) => p.name)).toEqual(['detect-only.json', 'principals.image-reader.policies.identity[0]']);
  });

  test('an inline policy keeps the positions of the scenario file', () => {
    const inline = principal(scenario, 'image-reader').policySet.identity[1];
    const pos = inline.statements[0].pos;
    expect(`${pos?.file}:${pos?.line}:${pos?.column}`).toBe(where(VALID, 'Sid: ReadOwnPrefix'));
  });

  // IAM User Guide, access_policies_boundaries.md: the boundary limits what identity policies grant.
  test('the built sets decide as the policies say (boundary needs MFA, access_policies_boundaries.md)', () => {
    const mfa = principal(scenario, 'mfa-manager');
    const model = mfa.expectations[0].resources[0];
    const withMfa = evaluate(mfa.policySet, { action: 'rekognition:StartProjectVersion', resource: model, context: { 'aws:MultiFactorAuthPresent': 'true' } });
    const without = evaluate(mfa.policySet, { action: 'rekognition:StartProjectVersion', resource: model });
    expect(withMfa.result).toBe('Allow');
    expect(without.result).toBe('ImplicitDeny');
  });

  test('a named set may extend another named set; an extends cycle is an error', () => {
    const dir = tempScenarioDir({ 'd.json': DETECT_POLICY, 'b.json': fs.readFileSync(fixture('policies', 'mfa-boundary.json'), 'utf8') });
    const file = path.join(dir, 'x.iam.yaml');
    fs.writeFileSync(
      file,
      'policySets:\n  base: { identity: [d.json] }\n  more: { extends: base, session: [b.json] }\nprincipals:\n  p:\n    policies: more\n    allow:\n      - action: rekognition:DetectCustomLabels\n',
    );
    const set = loadScenario(file).principals[0].policySet;
    expect(set.identity.map((p) => p.name)).toEqual(['d.json']);
    expect(set.session?.map((p) => p.name)).toEqual(['b.json']);

    fs.writeFileSync(
      file,
      'policySets:\n  a: { extends: b }\n  b: { extends: a }\nprincipals:\n  p:\n    policies: a\n    allow:\n      - action: rekognition:DetectCustomLabels\n',
    );
    expect(issueLines(file).join('\n')).toMatch(/policy set "a" extends itself: a -> b -> a/);
  });
});

describe('loadScenario: names that are special in JavaScript', () => {
  test('__proto__ and constructor are ordinary var, set, principal and context key names', () => {
    const s = loadScenario(fixture('proto.iam.yaml'));
    expect(s.principals.map((p) => p.name)).toEqual(['__proto__', 'constructor']);
    const ctx = s.principals[0].context ?? {};
    expect(Object.prototype.hasOwnProperty.call(ctx, '__proto__')).toBe(true);
    expect(ctx['__proto__' as keyof typeof ctx]).toBe('polluted');
    expect(s.principals[0].expectations[0].resources).toEqual(['arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1']);
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
