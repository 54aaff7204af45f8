import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandCells, loadScenario } from '../../../src/scenario';
import { evaluate } from '../../../src/engine/evaluate';
import { MAX_SCENARIO_BYTES } from '../../../src/scenario/scenario-source';
import { PolicyValidationError } from '../../../src/diagnostics/policy-issue';
import { DETECT_POLICY, fixture, issueLines, issuesOf, removeTempDirs, shown, tempScenarioDir, where } from './scenario-fixtures';

afterAll(removeTempDirs);

const invalid = (...p: string[]) => fixture('invalid', ...p);

describe('scenario validation: JSON Schema errors point at the YAML node', () => {
  const file = invalid('typo-key.iam.yaml');

  test('a misspelt key is reported at the key itself, with the nearest valid key and its path', () => {
    expect(issueLines(file)).toContain(
      `${where(file, 'acions')}: error: unknown key "acions"; did you mean "actions"? (at principals.model-manager.allow[0].acions)`,
    );
  });

  test('every problem is reported at once, and the misspelt key does not also count as "missing"', () => {
    expect(issueLines(file)).toEqual([
      `${where(file, 'acions')}: error: unknown key "acions"; did you mean "actions"? (at principals.model-manager.allow[0].acions)`,
      `${where(file, 'implicitDenny')}: error: unknown key "implicitDenny"; did you mean "implicitDeny"? (at principals.model-manager.implicitDenny)`,
    ]);
  });

  test('an unknown key with no near match lists the allowed keys', () => {
    const lines = issueLines(invalid('no-expectations.iam.yaml'));
    expect(lines).toContain(
      `${where(invalid('no-expectations.iam.yaml'), 'allow:')}: error: unknown key "allow"; allowed keys here: "name", "description", "vars", "include", "validation", "crossCheck", "policySets", "principals" (at allow)`,
    );
  });

  test('a principal without expectations is an error at its name', () => {
    const f = invalid('no-expectations.iam.yaml');
    expect(issueLines(f)).toContain(
      `${where(f, 'reader:')}: error: principal "reader" states no expectations; add allow, deny, explicitDeny, implicitDeny, table or never (at principals.reader)`,
    );
  });

  test('a table cell value outside allow | deny | explicit | implicit', () => {
    const f = invalid('bad-cell.iam.yaml');
    expect(issueLines(f)).toContain(
      `${where(f, 'alow')}: error: "alow" is not allowed here; use one of: allow, deny, explicit, implicit (did you mean "allow"?) (at principals.model-manager.table.rows.rekognition:DetectCustomLabels.model)`,
    );
  });

  test('a table cell in a column the table does not define', () => {
    const f = invalid('bad-cell.iam.yaml');
    expect(issueLines(f)).toContain(
      `${where(f, 'modle')}: error: unknown column "modle"; did you mean "model"? (at principals.model-manager.table.rows.rekognition:StartProjectVersion.modle)`,
    );
  });

  test('`action` and `actions` together, and neither of them', () => {
    const f = invalid('requests.iam.yaml');
    const lines = issueLines(f);
    expect(lines).toContain(
      `${where(f, 'actions: [s3:PutObject]')}: error: "action" and "actions" cannot be used together; write one of them (at principals.reader.allow[1])`,
    );
    expect(lines).toContain(`${where(f, 'resource: "*"')}: error: needs one of "action", "actions" (at principals.reader.allow[2])`);
  });

  test('a value of the wrong type names what it should be', () => {
    const dir = tempScenarioDir({ 'x.iam.yaml': 'principals:\n  p:\n    policies: 42\n    allow: { action: s3:GetObject }\n' });
    const f = path.join(dir, 'x.iam.yaml');
    const lines = issueLines(f);
    expect(lines).toContain(`${shown(f)}:3:15: error: must be a string or a mapping, not the number 42 (at principals.p.policies)`);
    expect(lines).toContain(`${shown(f)}:4:12: error: must be a list, not an object (at principals.p.allow)`);
  });
});

describe('scenario validation: YAML itself', () => {
  test('a syntax error has its line and column, with a hint for unquoted ${var} in [...]', () => {
    const f = invalid('syntax.iam.yaml');
    const [line] = issueLines(f);
    expect(line.startsWith(`${shown(f)}:9:`)).toBe(true);
    expect(line).toMatch(/error: .*quote strings that use vars/);
  });

  test('a duplicate key is an error at the second key', () => {
    const dir = tempScenarioDir({
      'p.json': DETECT_POLICY,
      'x.iam.yaml': 'principals:\n  p:\n    policies: { identity: [p.json] }\n    policies: { identity: [p.json] }\n    allow: [{ action: s3:GetObject }]\n',
    });
    const f = path.join(dir, 'x.iam.yaml');
    expect(issueLines(f)[0]).toMatch(new RegExp(`^${shown(f).replace(/[.\\]/g, '\\$&')}:4:5: error: duplicate key "policies"`));
  });

  test('YAML alias bombs are refused, not expanded', () => {
    const f = invalid('alias-bomb.iam.yaml');
    const issues = issuesOf(f);
    expect(issues).toHaveLength(1);
    expect(issues[0].code).toBe('yaml-alias');
    expect(issues[0].pos?.file).toBe(shown(f));
  });

  test('a file over the size limit is refused before it is read', () => {
    const dir = tempScenarioDir({});
    const f = path.join(dir, 'huge.iam.yaml');
    fs.writeFileSync(f, `# ${'x'.repeat(MAX_SCENARIO_BYTES)}\n`);
    expect(issueLines(f)[0]).toMatch(/huge\.iam\.yaml:1:1: error: .* scenario files are limited to [\d,]+ bytes/);
  });

  test('an empty file and a missing file are errors, not crashes', () => {
    const dir = tempScenarioDir({ 'empty.iam.yaml': '\n\n' });
    expect(issueLines(path.join(dir, 'empty.iam.yaml'))[0]).toMatch(/empty\.iam\.yaml:1:1: error: .*is empty/);
    expect(issueLines(path.join(dir, 'missing.iam.yaml'))[0]).toMatch(/missing\.iam\.yaml:1:1: error: cannot read .*: no such file/);
  });
});

describe('scenario validation: vars', () => {
  const f = invalid('unknown-var.iam.yaml');

  test('an unknown var is reported at the ${...} itself, naming the var and the nearest one', () => {
    expect(issueLines(f)).toContain(`${where(f, '${acount}')}: error: unknown var "acount"; did you mean "account"? (at principals.reader.allow[0].resource)`);
  });

  test('a var cycle is reported at the var definition', () => {
    expect(issueLines(f)).toContain(`${where(f, '${second}/x')}: error: var "first" refers to itself: first -> second -> first (at vars.first)`);
  });

  test('IAM policy variables such as ${aws:username} are not scenario vars (reference_policies_variables.md)', () => {
    expect(issueLines(f).join('\n')).not.toMatch(/aws:username/);
  });

  test('an invalid var name is an error at the name', () => {
    const dir = tempScenarioDir({ 'x.iam.yaml': 'vars:\n  "my var": x\nprincipals:\n  p:\n    policies: {}\n    allow: [{ action: s3:GetObject }]\n' });
    const file = path.join(dir, 'x.iam.yaml');
    expect(issueLines(file)).toContain(
      `${shown(file)}:2:3: error: "my var" is not a valid name: a var name uses letters, digits, _ and -, and starts with a letter or _ (at vars.my var)`,
    );
  });
});

describe('scenario validation: policy sets and policies', () => {
  test('an unknown policy set name is reported at the name, with the nearest name', () => {
    const f = invalid('unknown-set.iam.yaml');
    expect(issueLines(f)).toContain(
      `${where(f, 'manger')}: error: unknown policy set "manger"; did you mean "manager"? (at principals.model-manager.policies)`,
    );
  });

  test('an unknown set in extends lists the defined sets', () => {
    const f = invalid('unknown-set.iam.yaml');
    expect(issueLines(f)).toContain(`${where(f, 'nobody')}: error: unknown policy set "nobody"; defined sets: manager, broken (at policySets.broken.extends)`);
  });

  test('an error in a referenced policy file carries that file own line and column', () => {
    const f = invalid('policy-errors.iam.yaml');
    const policy = invalid('policies', 'bad-effect.json');
    expect(issueLines(f).some((l) => l.startsWith(`${where(policy, '"Permit"')}: error: Effect must be "Allow" or "Deny"`))).toBe(true);
  });

  test('a missing policy file is reported where the scenario names it', () => {
    const f = invalid('policy-errors.iam.yaml');
    expect(issueLines(f)).toContain(
      `${where(f, 'policies/no-such-policy.json')}: error: policy file "policies/no-such-policy.json" not found (looked for ${shown(invalid('policies', 'no-such-policy.json'))}) (at principals.reader.policies.identity[1])`,
    );
  });

  test('an error in an inline policy is reported in the scenario file, with the full path', () => {
    const f = invalid('policy-errors.iam.yaml');
    expect(issueLines(f)).toContain(
      `${where(f, 'Efect')}: error: unknown statement element "Efect"; did you mean "Effect"? (at principals.reader.policies.identity[2].Statement[0].Efect)`,
    );
  });

  test('policy text in a string is refused with a hint to write the document directly', () => {
    const dir = tempScenarioDir({
      'x.iam.yaml': 'principals:\n  p:\n    policies:\n      identity: [\'{"Version": "2012-10-17"}\']\n    allow: [{ action: s3:GetObject }]\n',
    });
    expect(issueLines(path.join(dir, 'x.iam.yaml')).join('\n')).toMatch(
      /x\.iam\.yaml:4:18: error: policy text in a string is not read; write the policy document itself/,
    );
  });
});

/** Lines of a scenario whose one principal uses `policies` (a flow mapping) and reads one object. */
const onePrincipal = (policies: string, head = '') =>
  `${head}principals:\n  p:\n    arn: arn:aws:iam::111122223333:user/p\n    policies: ${policies}\n    allow: [{ action: s3:GetObject, resource: "arn:aws:s3:::b/k" }]\n`;

describe('scenario validation: policy files stay inside the scenario folder, like include', () => {
  const SECRET = 'TOP-SECRET-VALUE-0123456789';

  test('a policy path leaving the folder through .. is path-outside-scenario at the path, and the file is not read', () => {
    const outside = tempScenarioDir({ 'secret.json': `{"Statement": "${SECRET}"}` });
    fs.mkdirSync(path.join(outside, 'suite'));
    const f = path.join(outside, 'suite', 'x.iam.yaml');
    fs.writeFileSync(f, onePrincipal('{ identity: [../secret.json] }'));
    const issues = issuesOf(f);
    expect(issues.map((i) => i.code)).toEqual(['path-outside-scenario']);
    expect(issueLines(f)).toEqual([
      `${shown(f)}:4:28: error: policy file "../secret.json" leaves ${shown(path.dirname(f))} (the nearest folder above the scenario with a package.json, else the scenario's own folder); policy files must be inside it (at principals.p.policies.identity[0])`,
    ]);
  });

  test('an absolute policy path is refused even when the file is a valid policy', () => {
    const dir = tempScenarioDir({ 'p.json': DETECT_POLICY });
    const abs = path.join(dir, 'p.json');
    fs.writeFileSync(path.join(dir, 'x.iam.yaml'), onePrincipal(`{ identity: [${JSON.stringify(abs)}] }`));
    expect(issueLines(path.join(dir, 'x.iam.yaml'))).toEqual([
      `${shown(path.join(dir, 'x.iam.yaml'))}:4:28: error: policy file ${JSON.stringify(abs)} is an absolute path; policy paths are relative to the file that names them and must stay inside ${shown(dir)} (the nearest folder above the scenario with a package.json, else the scenario's own folder) (at principals.p.policies.identity[0])`,
    ]);
  });

  test('/etc/passwd as a boundary, an SCP or a resource policy: refused, never read or quoted', () => {
    const dir = tempScenarioDir({});
    const f = path.join(dir, 'x.iam.yaml');
    fs.writeFileSync(f, onePrincipal('{ boundary: /etc/passwd, resource: [/etc/passwd], scps: [{ name: root, policies: [/etc/passwd] }] }'));
    const issues = issuesOf(f);
    expect(issues.map((i) => `${i.code} ${i.pos?.line}:${i.pos?.column}`)).toEqual([
      'path-outside-scenario 4:27',
      'path-outside-scenario 4:51',
      'path-outside-scenario 4:97',
    ]);
    expect(issues.map((i) => i.message).join('\n')).not.toMatch(/root:|\/bin\//);
  });

  // Policies commonly sit beside the tests (tests/x.iam.yaml naming ../policies/role.json): the
  // limit is the project (the nearest folder with a package.json), not the scenario's folder.
  test('a policy path may leave the scenario folder but not the project', () => {
    const project = tempScenarioDir({
      'package.json': '{"name":"p"}',
      'policies/detect.json': DETECT_POLICY,
      'tests/x.iam.yaml': onePrincipal('{ identity: [../policies/detect.json] }'),
    });
    expect(loadScenario(path.join(project, 'tests', 'x.iam.yaml')).principals[0].policySet.identity).toHaveLength(1);
    fs.writeFileSync(path.join(project, 'tests', 'y.iam.yaml'), onePrincipal('{ identity: [../../outside.json] }'));
    expect(issuesOf(path.join(project, 'tests', 'y.iam.yaml')).map((i) => i.code)).toEqual(['path-outside-scenario']);
  });

  test('a policy file reached through a symbolic link out of the folder is refused', () => {
    const outside = tempScenarioDir({ 'secret.json': DETECT_POLICY });
    const dir = tempScenarioDir({ 'x.iam.yaml': onePrincipal('{ identity: [link.json] }') });
    fs.symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'link.json'));
    expect(issueLines(path.join(dir, 'x.iam.yaml'))).toEqual([
      `${shown(path.join(dir, 'x.iam.yaml'))}:4:28: error: policy file "link.json" leads outside ${shown(dir)} through a symbolic link (at principals.p.policies.identity[0])`,
    ]);
  });

  test('a path in an included file is relative to that file and may reach anywhere inside the scenario folder', () => {
    const dir = tempScenarioDir({
      'policies/p.json': DETECT_POLICY,
      'shared/sets.yaml': 'policySets:\n  detect: { identity: [../policies/p.json] }\n',
      'x.iam.yaml':
        'include: shared/sets.yaml\nprincipals:\n  p:\n    policies: detect\n    allow: [{ action: rekognition:DetectCustomLabels, resource: "*" }]\n',
    });
    expect(loadScenario(path.join(dir, 'x.iam.yaml')).principals[0].policySet.identity.map((p) => p.name)).toEqual(['p.json']);
  });

  test('a file that is not a policy is named, never echoed beyond its first 12 characters', () => {
    const dir = tempScenarioDir({ '.env': `API_TOKEN=${SECRET}\n`, 'x.iam.yaml': onePrincipal('{ identity: [.env] }') });
    expect(issueLines(path.join(dir, 'x.iam.yaml'))).toEqual([
      `${shown(path.join(dir, 'x.iam.yaml'))}:4:28: error: policy file ".env" is not an IAM policy: it has no "Statement" or "Version" element (it starts "API_TOKEN=TO...") (at principals.p.policies.identity[0])`,
    ]);
  });

  test('a policy with a mistake in it is still reported at its own line and column (reference_policies_elements_effect.md)', () => {
    const bad = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }] }, null, 2);
    const dir = tempScenarioDir({ 'bad.json': bad, 'x.iam.yaml': onePrincipal('{ identity: [bad.json] }') });
    expect(issuesOf(path.join(dir, 'x.iam.yaml')).map((i) => `${i.code} ${i.pos?.line}:${i.pos?.column}`)).toEqual(['bad-effect 5:17']);
  });

  test('a policy with a misspelt "statement" key is still a policy: its own errors, at its own positions (reference_policies_elements_statement.md)', () => {
    const dir = tempScenarioDir({
      'p.yaml': 'Version: "2012-10-17"\nstatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n',
      'x.iam.yaml': onePrincipal('{ identity: [p.yaml] }'),
    });
    const codes = issuesOf(path.join(dir, 'x.iam.yaml')).map((i) => `${i.code} ${i.pos?.file?.endsWith('p.yaml') ? 'p.yaml' : 'x.iam.yaml'}:${i.pos?.line}`);
    expect(codes).toContain('unknown-element p.yaml:2');
    expect(codes.some((c) => c.startsWith('not-a-policy'))).toBe(false);
  });

  test('a folder named as a policy file is an error, not a read', () => {
    const dir = tempScenarioDir({ 'policies/p.json': DETECT_POLICY, 'x.iam.yaml': onePrincipal('{ identity: [policies] }') });
    expect(issueLines(path.join(dir, 'x.iam.yaml'))).toEqual([
      `${shown(path.join(dir, 'x.iam.yaml'))}:4:28: error: cannot use policy file "policies": it is not a regular file (at principals.p.policies.identity[0])`,
    ]);
  });
});

describe('scenario validation: var expansion is bounded', () => {
  const doubling = (count: number, last: string) =>
    ['vars:', ...Array.from({ length: count }, (_, i) => `  v${i}: "\${v${i + 1}}\${v${i + 1}}"`), `  v${count}: ${last}`, ''].join('\n');

  test('40 vars each repeating the next twice: one var-too-long error where the value passes 64 KiB, not a RangeError', () => {
    const dir = tempScenarioDir({
      'x.iam.yaml': onePrincipal(`{ identity: [${DETECT_POLICY}] }`, doubling(40, 'x')).replace('arn:aws:s3:::b/k', 'arn:aws:s3:::b/${v0}'),
    });
    const f = path.join(dir, 'x.iam.yaml');
    expect(issueLines(f)).toEqual([
      `${where(f, '${v24}')}: error: "\${v24}" makes this value 65542 characters or longer once vars are expanded; a value is limited to 65536 characters (vars that repeat another var double at every level) (at vars.v23)`,
    ]);
  });

  test('17 doubling levels over 10 characters (1.3 MB) are refused, not silently expanded', () => {
    const dir = tempScenarioDir({
      'x.iam.yaml': onePrincipal(`{ identity: [${DETECT_POLICY}] }`, doubling(17, 'abcdefghij')).replace('arn:aws:s3:::b/k', 'arn:aws:s3:::b/${v0}'),
    });
    expect(issuesOf(path.join(dir, 'x.iam.yaml')).map((i) => `${i.code} ${i.pos?.line}:${i.pos?.column} ${String(i.path)}`)).toEqual([
      'var-too-long 6:13 vars,v4',
    ]);
  });

  test('a value that stays under 64 KiB expands in full', () => {
    const head = `vars:\n  a: ${'x'.repeat(1000)}\n  b: "${'${a}'.repeat(60)}"\n`;
    const dir = tempScenarioDir({
      'x.iam.yaml': onePrincipal(`{ identity: [${DETECT_POLICY}] }`, head).replace('    allow:', '    context: { aws:UserAgent: "${b}" }\n    allow:'),
    });
    const [p] = loadScenario(path.join(dir, 'x.iam.yaml')).principals;
    expect(String(p.context?.['aws:UserAgent'])).toBe('x'.repeat(60_000));
  });

  test('a chain of 20,000 vars each naming the next is var-too-deep, not a stack overflow', () => {
    const head = ['vars:', ...Array.from({ length: 20_000 }, (_, i) => `  v${i}: "\${v${i + 1}}"`), '  v20000: key', ''].join('\n');
    const dir = tempScenarioDir({ 'x.iam.yaml': onePrincipal(`{ identity: [${DETECT_POLICY}] }`, head).replace('arn:aws:s3:::b/k', 'arn:aws:s3:::b/${v0}') });
    const issues = issuesOf(path.join(dir, 'x.iam.yaml'));
    expect(issues.map((i) => `${i.code} ${i.pos?.line}:${i.pos?.column}`)).toEqual(['var-too-deep 65:9']);
    expect(issues[0].message).toBe('vars refer to vars more than 64 levels deep: v0 -> v1 -> v2 -> ... -> v62 -> v63 -> v64');
  });
});

describe('scenario validation: requests', () => {
  const f = invalid('requests.iam.yaml');

  // Request fields follow the evaluator's rules (normalizeRequest); an account id is a
  // "12-digit account number" (IAM User Guide, console_account-alias.md).
  test('a malformed action, resource ARN, principal and account id (console_account-alias.md), each at its value', () => {
    const lines = issueLines(f);
    expect(lines).toContain(
      `${where(f, 'rekognition DetectCustomLabels')}: error: action "rekognition DetectCustomLabels" is not of the form service:Action (at principals.reader.allow[0].action)`,
    );
    expect(lines).toContain(
      `${where(f, 'arn:aws:rekognition')}: error: resource "arn:aws:rekognition" is not "*" nor an ARN (arn:partition:service:region:account:resource) (at principals.reader.allow[0].resource)`,
    );
    expect(lines.some((l) => l.startsWith(`${where(f, 'not-a-principal')}: error: principal "not-a-principal" is not`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${where(f, '"12345"')}: error: "12345" is not an AWS account id`))).toBe(true);
  });

  // IAM User Guide, reference_policies_variables.md: "Key names are case-insensitive".
  test('two context keys differing only in case are an error (reference_policies_variables.md)', () => {
    const dir = tempScenarioDir({
      'x.iam.yaml':
        'principals:\n  p:\n    policies: {}\n    context: { aws:SourceIp: 10.0.0.1, AWS:sourceip: 10.0.0.2 }\n    allow: [{ action: s3:GetObject }]\n',
    });
    const file = path.join(dir, 'x.iam.yaml');
    expect(issueLines(file)).toContain(
      `${shown(file)}:4:40: error: context key "AWS:sourceip" is the same key as "aws:SourceIp": condition key names are case-insensitive (at principals.p.context.AWS:sourceip)`,
    );
  });
});

describe('scenario validation: include', () => {
  test('an include that leaves the scenario folder through .. is an error at the include', () => {
    const f = invalid('include-escape', 'scenario.iam.yaml');
    expect(issueLines(f)).toEqual([
      `${where(f, '../outside.yaml')}: error: include "../outside.yaml" leaves the scenario's folder (${shown(path.dirname(f))}); included files must be inside it (at include[0])`,
    ]);
  });

  test('an absolute include path is an error', () => {
    const dir = tempScenarioDir({ 'shared.yaml': 'vars: { a: b }\n' });
    const abs = path.join(dir, 'shared.yaml');
    fs.writeFileSync(
      path.join(dir, 'x.iam.yaml'),
      `include: [${JSON.stringify(abs)}]\nprincipals:\n  p:\n    policies: {}\n    allow: [{ action: s3:GetObject }]\n`,
    );
    expect(issueLines(path.join(dir, 'x.iam.yaml')).join('\n')).toMatch(/x\.iam\.yaml:1:11: error: include ".*shared\.yaml" is an absolute path/);
  });

  test('an include through a symbolic link out of the folder is an error', () => {
    const outside = tempScenarioDir({ 'secret.yaml': 'vars: { a: b }\n' });
    const dir = tempScenarioDir({ 'x.iam.yaml': 'include: [link.yaml]\nprincipals:\n  p:\n    policies: {}\n    allow: [{ action: s3:GetObject }]\n' });
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'link.yaml'));
    expect(issueLines(path.join(dir, 'x.iam.yaml')).join('\n')).toMatch(/include "link\.yaml" leads outside the scenario's folder through a symbolic link/);
  });

  test('an include cycle is an error at the include that closes it', () => {
    const b = invalid('include-cycle', 'b.yaml');
    expect(issueLines(invalid('include-cycle', 'a.iam.yaml'))).toEqual([
      `${where(b, 'a.iam.yaml')}: error: include cycle: a.iam.yaml -> b.yaml -> a.iam.yaml (at include[0])`,
    ]);
  });

  test('an included file is checked against its own schema (no principals there)', () => {
    const dir = tempScenarioDir({
      'shared.yaml': 'principals: {}\nvars: { a: b }\n',
      'x.iam.yaml': 'include: shared.yaml\nprincipals:\n  p:\n    policies: {}\n    allow: [{ action: s3:GetObject }]\n',
    });
    expect(issueLines(path.join(dir, 'x.iam.yaml'))).toEqual([
      `${shown(path.join(dir, 'shared.yaml'))}:1:1: error: unknown key "principals"; allowed keys here: "description", "vars", "include", "policySets" (at principals)`,
    ]);
  });

  test('a missing included file is reported at the include', () => {
    const dir = tempScenarioDir({ 'x.iam.yaml': 'include: [nope.yaml]\nprincipals:\n  p:\n    policies: {}\n    allow: [{ action: s3:GetObject }]\n' });
    expect(issueLines(path.join(dir, 'x.iam.yaml'))[0]).toMatch(/x\.iam\.yaml:1:11: error: cannot read .*nope\.yaml: no such file \(at include\[0\]\)/);
  });
});

describe('scenario validation: the thrown error', () => {
  test('is a PolicyValidationError whose message lists every problem with file:line:col', () => {
    let error: unknown;
    try {
      loadScenario(invalid('requests.iam.yaml'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyValidationError);
    const message = (error as Error).message;
    expect(message.split('\n')[0]).toBe(`scenario ${shown(invalid('requests.iam.yaml'))}: 6 problems:`);
    expect(
      message
        .split('\n')
        .slice(1)
        .every((l) => l.startsWith(`  ${shown(invalid('requests.iam.yaml'))}:`)),
    ).toBe(true);
  });
});

describe('live principals (source: live)', () => {
  const write = (body: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-live-'));
    const file = path.join(dir, 'x.iam.yaml');
    fs.writeFileSync(file, body);
    return file;
  };
  const errorsOf = (file: string) => {
    try {
      loadScenario(file);
    } catch (e) {
      return (e as PolicyValidationError).issues.map((i) => i.code);
    }
    return [];
  };
  test('a live principal needs an arn and takes no policies; others need policies', () => {
    expect(errorsOf(write('principals:\n  ci:\n    source: live\n    allow: [{ action: s3:ListAllMyBuckets }]\n'))).toEqual(['live-without-arn']);
    expect(
      errorsOf(
        write(
          'principals:\n  ci:\n    source: live\n    arn: arn:aws:iam::111122223333:role/CI\n    policies: { identity: [] }\n    allow: [{ action: s3:ListAllMyBuckets }]\n',
        ),
      ),
    ).toContain('live-with-policies');
    expect(errorsOf(write('principals:\n  ci:\n    arn: arn:aws:iam::111122223333:role/CI\n    allow: [{ action: s3:ListAllMyBuckets }]\n'))).toEqual([
      'missing-policies',
    ]);
    const ok = loadScenario(
      write(
        'crossCheck: true\nprincipals:\n  ci:\n    source: live\n    arn: arn:aws:iam::111122223333:role/CI\n    allow: [{ action: s3:ListAllMyBuckets }]\n',
      ),
    );
    expect(ok.crossCheck).toBe(true);
    expect(ok.principals[0].source).toBe('live');
    expect(ok.principals[0].policySet.identity).toEqual([]);
  });
});

// IAM User Guide, id_roles_terms-and-concepts.md ("Trust policy"): the trust policy decides sts:AssumeRole on the role.
describe('a policy set may name the role trust policy (trust:)', () => {
  test('a trust policy given inline decides sts:AssumeRole on the role', () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/p' }, Action: 'sts:AssumeRole' }],
    });
    const dir = tempScenarioDir({
      'trust.json': trust,
      'x.iam.yaml':
        'principals:\n  p:\n    arn: arn:aws:iam::111122223333:user/p\n    policies: { trust: trust.json }\n    allow: [{ action: sts:AssumeRole, resource: "arn:aws:iam::111122223333:role/Deployer" }]\n',
    });
    const scenario = loadScenario(path.join(dir, 'x.iam.yaml'));
    expect(scenario.principals[0].policySet.trust?.statements).toHaveLength(1);
    const [cell] = expandCells(scenario);
    expect(evaluate(cell.policySet, cell.request).result).toBe('Allow');
  });
});
