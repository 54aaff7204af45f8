import { cli } from './run-cli';

const manager = 'examples/rekognition-custom-labels/policies/project-model-manager.json';

// IAM User Guide, reference_policies_grammar.md (the grammar) and the Service Authorization
// Reference (actions and condition keys) are what validate checks.
describe('jest-iam validate (reference_policies_grammar.md and the service reference)', () => {
  test('a valid policy file: exit 0 and "ok"', () => {
    const r = cli('validate', manager);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${manager}: ok`);
  });

  test('a bad Effect in a CloudFormation template: exit 1, with the template line and column', () => {
    const r = cli('validate', 'test/fixtures/cfn/invalid-policy.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toContain('test/fixtures/cfn/invalid-policy.yaml:18:25: error: Effect must be "Allow" or "Deny"');
    expect(r.out).toContain('test/fixtures/cfn/invalid-policy.yaml: 1 error(s), 0 warning(s) (cloudformation: 2 policies)');
  });

  test('intrinsic functions, external managed policies and SAM policy templates are notes, with positions', () => {
    const r = cli('validate', 'test/fixtures/cfn/rekognition-roles.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'test/fixtures/cfn/rekognition-roles.yaml:47:32: note: Fn::Sub left symbolic as "arn:{AWS.Partition}:rekognition:{AWS.Region}:{AWS.AccountId}:project/{ProjectName}/*"',
    );
    expect(r.out).toContain(
      'note: ModelManagerRole: managed policy arn:aws:iam::aws:policy/AmazonRekognitionReadOnlyAccess is not defined in this template and is left out',
    );
    expect(r.out).toContain('note: InferenceFunction: SAM policy template S3ReadPolicy is expanded by SAM at deploy time and is left out');
    expect(r.out).toContain('test/fixtures/cfn/rekognition-roles.yaml: ok (cloudformation: 6 policies)');
  });

  test('a Terraform plan: a policy known only after apply is a note', () => {
    const r = cli('validate', 'test/fixtures/terraform/rekognition-plan.json');
    expect(r.code).toBe(0);
    expect(r.out).toContain('note: aws_iam_policy.pending: the policy is known only after apply, so it is left out');
    expect(r.out).toContain('rekognition-plan.json: ok (terraform-plan: 5 policies)');
  });

  // IAM User Guide, access-analyzer-reference-policy-checks.md: "Error – Invalid action".
  test('an unknown action is an error, as Access Analyzer classes it (Invalid action)', () => {
    const typo = 'test/fixtures/cfn/typo-action.json';
    const r = cli('validate', typo);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/typo-action\.json:\d+:\d+: error: .*DetectCustomLabel.*did you mean.*DetectCustomLabels.*\[Access Analyzer ERROR: Invalid action\]/);
  });

  test('SARIF 2.1.0 for code scanning: rule, level, message and region', () => {
    const r = cli('validate', '--format', 'sarif', 'test/fixtures/cfn/invalid-policy.yaml', 'test/fixtures/cfn/rekognition-roles.yaml');
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('jest-iam');
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['bad-effect', 'cfn-intrinsic']));
    const bad = run.results.find((x: { ruleId: string }) => x.ruleId === 'bad-effect');
    expect(bad).toEqual({
      ruleId: 'bad-effect',
      level: 'error',
      message: { text: expect.stringContaining('BrokenRole/Broken: Effect must be "Allow" or "Deny"') },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'test/fixtures/cfn/invalid-policy.yaml' }, region: { startLine: 18, startColumn: 25 } } }],
    });
    expect(run.results.filter((x: { level: string }) => x.level === 'note').length).toBeGreaterThan(0);
  });

  test('usage errors and unreadable inputs exit 2 with the reason', () => {
    expect(cli('validate').code).toBe(2);
    const missing = cli('validate', 'no/such/file.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('jest-iam validate: no/such/file.json: cannot read the file: no such file');
    const badType = cli('validate', '--type', 'role', manager);
    expect(badType.code).toBe(2);
    expect(badType.err).toContain('unknown --type "role"');
    expect(cli('validate', '--format', 'xml', manager).code).toBe(2);
  });

  test('--type reads plain files with the rules of another policy type (a resource policy needs a Principal)', () => {
    const r = cli('validate', '--type', 'resource', manager);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error: .*Principal/);
  });
});
