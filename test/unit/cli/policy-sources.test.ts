import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatPosition } from '../../../src/diagnostics/source-position';
import { evaluate } from '../../../src/engine/evaluate';
import { readPolicySource, readPolicySourceText } from '../../../src/policy-sources/read-policy-source';
import { cli, ROOT } from './run-cli';

/** `line:column` (1-based) of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): string {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not in the file: ${needle}`);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

const read = (file: string) => readPolicySource(file, { cwd: ROOT });

// AWS CloudFormation User Guide: aws-resource-iam-role.md (Policies, ManagedPolicyArns,
// PermissionsBoundary, AssumeRolePolicyDocument), aws-resource-iam-managedpolicy.md,
// aws-resource-iam-policy.md, intrinsic-function-reference.md; AWS SAM sam-resource-function.md.
describe('CloudFormation and SAM templates (aws-resource-iam-role.md, intrinsic-function-reference.md)', () => {
  const src = read('test/fixtures/cfn/rekognition-roles.yaml');

  test('finds inline, managed, trust, SAM and bucket policies with their types', () => {
    expect(src.kind).toBe('cloudformation');
    expect(src.policies.map((p) => [p.name, p.policyType])).toEqual([
      ['ModelManagerBoundary', 'identity'],
      ['ReadImages', 'identity'],
      ['ModelManagerRole/ManageOneProject', 'identity'],
      ['ModelManagerRole/AssumeRolePolicyDocument', 'trust'],
      ['InferenceFunction/Policies/0', 'identity'],
      ['ImagesBucketPolicy/PolicyDocument', 'resource'],
    ]);
    expect(src.policies.every((p) => p.policy && !p.issues.some((i) => i.severity === 'error'))).toBe(true);
  });

  test('a role gets its inline policy, the template managed policy it names, and its boundary', () => {
    const role = src.principals.find((p) => p.name === 'ModelManagerRole')!;
    expect(role.set.identity.map((p) => p.name)).toEqual(['ModelManagerRole/ManageOneProject', 'ReadImages']);
    expect(role.set.boundary?.name).toBe('ModelManagerBoundary');
    // reference_policies_boundaries.md: the boundary caps the identity policies.
    expect(evaluate(role.set, { action: 'rekognition:DescribeProjects' }).result).toBe('Allow');
  });

  test('positions are in the template file; statement text is the template source', () => {
    const policy = src.policies.find((p) => p.name === 'ReadImages')!.policy!;
    expect(policy.statements[0].pos).toEqual(expect.objectContaining({ file: 'test/fixtures/cfn/rekognition-roles.yaml', line: 57, column: 13 }));
    expect(policy.statements[0].text).toContain('Resource: !Join ["", [!GetAtt ImagesBucket.Arn, "/*"]]');
  });

  test('intrinsic functions are left symbolic: !Sub with pseudo parameters and parameters, !Join with !GetAtt X.Arn', () => {
    const manage = src.policies.find((p) => p.name === 'ModelManagerRole/ManageOneProject')!.policy!;
    expect(manage.statements[1].resource?.[0].value).toBe('arn:{AWS.Partition}:rekognition:{AWS.Region}:{AWS.AccountId}:project/{ProjectName}/*');
    const images = src.policies.find((p) => p.name === 'ReadImages')!.policy!;
    // The ARN format of AWS::S3::Bucket (s3 "bucket") from the service reference.
    expect(images.statements[0].resource?.[0].value).toBe('arn:{AWS.Partition}:s3:::{ImagesBucket}/*');
    const bucket = src.policies.find((p) => p.name === 'ImagesBucketPolicy/PolicyDocument')!.policy!;
    expect(bucket.statements[0].resource?.[0].value).toBe('arn:{AWS.Partition}:s3:::{ImagesBucket}/*');
    expect(src.notes.filter((n) => n.code === 'cfn-intrinsic')).toHaveLength(4);
  });

  test('a SAM function is the principal <Function>Role; SAM policy templates are noted, not guessed', () => {
    const fn = src.principals.find((p) => p.name === 'InferenceFunctionRole')!;
    expect(fn.set.identity.map((p) => p.name)).toEqual(['InferenceFunction/Policies/0']);
    expect(src.notes.map((n) => n.code)).toContain('sam-policy-template');
  });

  test('JSON templates: a user gets the policies of its groups and AWS::IAM::Policy attached to it', () => {
    const json = read('test/fixtures/cfn/rekognition-user.json');
    const user = json.principals.find((p) => p.name === 'AnalystUser')!;
    expect(user.set.identity.map((p) => p.name)).toEqual(['DetectPolicy', 'AnalystsGroup/DescribeProjects']);
    expect(json.principals.map((p) => p.name)).toEqual(['AnalystUser']);
  });

  test('CloudFormation intrinsic escapes: ${!aws:username} in !Sub is the IAM policy variable ${aws:username}', () => {
    const text = [
      'Resources:',
      '  Home:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: s3:GetObject',
      '            Resource: !Sub "arn:aws:s3:::home/${!aws:username}/*"',
      '            Condition:',
      '              StringEquals:',
      '                aws:ResourceAccount: !Ref AWS::AccountId',
      '  Unused:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: s3:ListBucket',
      '            Resource: !If [IsProd, !Ref AWS::NoValue, "arn:aws:s3:::dev"]',
    ].join('\n');
    const s = readPolicySourceText(text, 'inline.yaml');
    const home = s.policies[0].policy!;
    expect(home.statements[0].resource?.[0].value).toBe('arn:aws:s3:::home/${aws:username}/*');
    expect(home.statements[0].conditions[0].values[0].value).toBe('{AWS.AccountId}');
    // Fn::If: the first branch is AWS::NoValue, so the second stands in.
    expect(s.policies[1].policy!.statements[0].resource?.[0].value).toBe('arn:aws:s3:::dev');
    expect(s.principals.map((p) => p.name)).toEqual(['policy Home', 'policy Unused']);
  });

  test('YAML syntax errors in a template are reported with their position', () => {
    const s = readPolicySourceText('Resources:\n  A: [unclosed\n', 'broken.yaml');
    expect(s.policies).toHaveLength(1);
    expect(s.policies[0].issues[0]).toEqual(expect.objectContaining({ severity: 'error', code: 'yaml-syntax' }));
  });
});

// Terraform docs, internals/json-format (terraform show -json): planned_values, prior_state,
// resource_changes[].change.after_unknown, configuration references.
describe('Terraform plan JSON (internals/json-format)', () => {
  const plan = read('test/fixtures/terraform/rekognition-plan.json');

  test('reads aws_iam_policy, aws_iam_role inline policies, aws_iam_role_policy and aws_iam_policy_document results', () => {
    expect(plan.kind).toBe('terraform-plan');
    expect(plan.policies.map((p) => [p.name, p.policyType])).toEqual([
      ['aws_iam_policy.specific_project', 'identity'],
      ['aws_iam_role.model_manager/inline_policy/describe-projects', 'identity'],
      ['aws_iam_role.model_manager/assume_role_policy', 'trust'],
      ['aws_iam_role_policy.images', 'identity'],
      ['data.aws_iam_policy_document.inference', 'identity'],
    ]);
  });

  test('attachments are resolved through configuration references; the role is one principal', () => {
    const role = plan.principals.find((p) => p.name === 'aws_iam_role.model_manager')!;
    expect(role.set.identity.map((p) => p.name)).toEqual([
      'aws_iam_role.model_manager/inline_policy/describe-projects',
      'aws_iam_role_policy.images',
      'aws_iam_policy.specific_project',
    ]);
    expect(
      evaluate(role.set, { action: 'rekognition:CreateProject', resource: 'arn:aws:rekognition:us-east-1:111122223333:project/SampleProject/1' }).result,
    ).toBe('ExplicitDeny');
    expect(plan.principals.map((p) => p.name)).toEqual(['aws_iam_role.model_manager', 'data.aws_iam_policy_document.inference']);
  });

  test('a policy known only after apply is a note, not a guess', () => {
    expect(plan.notes).toEqual([
      expect.objectContaining({ code: 'terraform-unknown-policy', message: 'aws_iam_policy.pending: the policy is known only after apply, so it is left out' }),
    ]);
  });

  test('statement positions point into plan.json, where the statement is written inside the policy string', () => {
    const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/terraform/rekognition-plan.json'), 'utf8');
    const p = plan.policies.find((x) => x.name === 'aws_iam_policy.specific_project')!.policy!;
    expect(p.statements.map((s) => [s.sid, s.pos && formatPosition(s.pos)])).toEqual([
      ['SpecificProjectVersion', `test/fixtures/terraform/rekognition-plan.json:${positionOf(text, '{\\"Sid\\":\\"SpecificProjectVersion')}`],
      ['ExplicitDenyCreateProject', `test/fixtures/terraform/rekognition-plan.json:${positionOf(text, '{\\"Sid\\":\\"ExplicitDenyCreateProject')}`],
    ]);
  });

  // The positions are found by searching the plan's raw text, independently of the mapping.
  describe('a finding deep inside a policy string is reported at its plan.json line and column', () => {
    const file = 'test/fixtures/terraform/typo-plan.json';
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');

    test('jsonencode output (one line, escaped quotes, \\u escapes and an escaped backslash before the finding)', () => {
      const r = cli('validate', file);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`${file}:${positionOf(text, '\\"s3:GetObjct')}: error: aws_iam_policy.reports_writer: s3 has no action "GetObjct"`);
    });

    test('aws_iam_policy_document output (pretty-printed: \\n escapes) in a child module', () => {
      const r = cli('validate', file);
      expect(r.out).toContain(
        `${file}:${positionOf(text, '\\"kms:ViaServce')}: error: module.readers.data.aws_iam_policy_document.read: kms:ViaServce is neither`,
      );
    });

    test('SARIF regions carry the same plan.json line and column', () => {
      const sarif = JSON.parse(cli('validate', '--format', 'sarif', file).out);
      const regions = sarif.runs[0].results.map((x: { locations: { physicalLocation: { region: object } }[] }) => x.locations[0].physicalLocation.region);
      const [line, column] = positionOf(text, '\\"s3:GetObjct').split(':').map(Number);
      expect(regions).toContainEqual(expect.objectContaining({ startLine: line, startColumn: column }));
    });

    test('a syntax error inside a policy string is at its plan.json position too', () => {
      const broken = JSON.stringify(
        {
          format_version: '1.2',
          terraform_version: '1.9.5',
          planned_values: {
            root_module: {
              resources: [
                {
                  address: 'aws_iam_policy.broken',
                  mode: 'managed',
                  type: 'aws_iam_policy',
                  name: 'broken',
                  values: { policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow" "Action":"s3:GetObject","Resource":"*"}]}' },
                },
              ],
            },
          },
        },
        null,
        2,
      );
      const issue = readPolicySourceText(broken, 'plan.json').policies[0].issues[0];
      expect(issue.severity).toBe('error');
      expect(issue.pos && formatPosition(issue.pos)).toBe(`plan.json:${positionOf(broken, '\\"Action\\":\\"s3:GetObject')}`);
    });

    test('an explanation names the granting statement at its plan.json position', () => {
      const r = cli('explain', '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::reports/q1.csv', file);
      expect(r.out).toContain(`statement Write (${file}:${positionOf(text, '{\\"Sid\\":\\"Write')})`);
    });
  });

  test('an attachment whose policy ARN is known only after apply names the policy address it refers to', () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_role.r',
              mode: 'managed',
              type: 'aws_iam_role',
              name: 'r',
              values: {
                name: 'r',
                assume_role_policy:
                  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
              },
            },
            { address: 'aws_iam_role_policy_attachment.a', mode: 'managed', type: 'aws_iam_role_policy_attachment', name: 'a', values: { role: 'r' } },
            { address: 'aws_iam_role_policy_attachment.b', mode: 'managed', type: 'aws_iam_role_policy_attachment', name: 'b', values: { role: 'r' } },
          ],
        },
      },
      resource_changes: [
        { address: 'aws_iam_role_policy_attachment.a', change: { after_unknown: { policy_arn: true } } },
        { address: 'aws_iam_role_policy_attachment.b', change: { after_unknown: { policy_arn: true } } },
      ],
      configuration: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_role_policy_attachment.a',
              expressions: {
                policy_arn: { references: ['data.aws_iam_policy.readonly.arn', 'data.aws_iam_policy.readonly'] },
                role: { references: ['aws_iam_role.r.name', 'aws_iam_role.r'] },
              },
            },
            { address: 'aws_iam_role_policy_attachment.b', expressions: { role: { references: ['aws_iam_role.r.name', 'aws_iam_role.r'] } } },
          ],
        },
      },
    };
    const s = readPolicySourceText(JSON.stringify(plan), 'plan.json');
    expect(s.notes.map((n) => n.message)).toEqual([
      'aws_iam_role_policy_attachment.a: managed policy data.aws_iam_policy.readonly is not defined in this plan and is left out',
      'aws_iam_role_policy_attachment.b: managed policy (its policy_arn is known only after apply) is not defined in this plan and is left out',
    ]);
    expect(s.notes[0].path).toEqual(['aws_iam_role_policy_attachment.a', 'policy_arn']);
  });

  test('a state JSON (terraform show -json without a plan) is read the same way', () => {
    const state = JSON.stringify({
      format_version: '1.0',
      terraform_version: '1.9.5',
      values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_policy.p',
              mode: 'managed',
              type: 'aws_iam_policy',
              name: 'p',
              values: { policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
            },
          ],
        },
      },
    });
    const s = readPolicySourceText(state, path.join('x', 'state.json'));
    expect(s.principals.map((p) => p.name)).toEqual(['aws_iam_policy.p']);
  });
});
