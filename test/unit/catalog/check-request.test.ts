import { checkExpandedRequest, checkRequest, checkRequestContext } from '../../../src/catalog/check-request';
import { expandActionPattern } from '../../../src/catalog/expand-actions';
import { applyLevels, resolveValidationConfig } from '../../../src/catalog/validation-config';

const ACCOUNT = '123456789012';
const PROJECT = `arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/1700000000000`;
const VERSION = `arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/version/v1/1700000000000`;
const codes = (action: string, resource: string) => checkRequest(action, resource).map((i) => i.code);

// Access Analyzer policy checks (access-analyzer-reference-policy-checks.md), "Invalid service in
// action" and "Invalid action", applied to the requests a test names.
describe('a request names a real action (access-analyzer-reference-policy-checks.md)', () => {
  test('a real action on "*" passes, in any case (reference_policies_elements_action.md)', () => {
    expect(checkRequest('rekognition:DescribeProjects', '*')).toEqual([]);
    expect(checkRequest('REKOGNITION:describeprojects', '*')).toEqual([]);
  });

  test('an unknown service is an error suggesting the nearest prefix', () => {
    expect(checkRequest('rekognitoin:DetectLabels', '*')).toEqual([
      {
        severity: 'error',
        code: 'unknown-service',
        message: '"rekognitoin" is not an AWS service prefix (in rekognitoin:DetectLabels); did you mean rekognition:DetectLabels?',
      },
    ]);
  });

  test('an unknown action is an error suggesting the nearest action of that service', () => {
    const [issue] = checkRequest('rekognition:DetectCustomLabel', PROJECT);
    expect(issue).toMatchObject({ severity: 'error', code: 'unknown-action' });
    expect(issue.message).toBe('rekognition has no action "DetectCustomLabel"; did you mean rekognition:DetectCustomLabels?');
  });

  test('an action without "service:" or with a wildcard is not one request action', () => {
    expect(codes('DetectCustomLabels', '*')).toEqual(['invalid-action']);
    expect(codes('rekognition:', '*')).toEqual(['invalid-action']);
    expect(codes('s3:Get*', '*')).toEqual(['invalid-action']);
  });
});

// Service Authorization Reference: each action's "Resource types" column; "If there is no value for
// this column, you must specify all resources ("*")".
describe('a request resource is of a type the action acts on (Service Authorization Reference)', () => {
  test('rekognition:DetectCustomLabels acts on a project version, not a project', () => {
    expect(checkRequest('rekognition:DetectCustomLabels', VERSION)).toEqual([]);
    const [issue] = checkRequest('rekognition:DetectCustomLabels', PROJECT);
    expect(issue.code).toBe('resource-type-mismatch');
    expect(issue.message).toBe(
      'rekognition:DetectCustomLabels acts on projectversion ' +
        '(arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/version/${VersionName}/${CreationTimestamp}); ' +
        `${PROJECT} is a project`,
    );
  });

  test('a project version does not pass for an action on projects', () => {
    expect(checkRequest('rekognition:DescribeProjectVersions', PROJECT)).toEqual([]);
    const [issue] = checkRequest('rekognition:DescribeProjectVersions', VERSION);
    expect(issue.code).toBe('resource-type-mismatch');
    expect(issue.message).toMatch(/is a projectversion$/);
  });

  test('S3: objects for GetObject, buckets for ListBucket', () => {
    expect(checkRequest('s3:GetObject', 'arn:aws:s3:::my-bucket/reports/2024/summary.csv')).toEqual([]);
    expect(checkRequest('s3:ListBucket', 'arn:aws:s3:::my-bucket')).toEqual([]);
    expect(checkRequest('s3:ListBucket', 'arn:aws:s3:::my-bucket/key')[0].message).toMatch(/is an object$/);
    expect(checkRequest('s3:GetObject', 'arn:aws:s3:::my-bucket')[0].message).toMatch(/acts on accesspointobject .* or object .*is a bucket$/);
  });

  test('IAM roles with a path, Lambda functions with a qualifier, KMS keys', () => {
    expect(checkRequest('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/service/Deployer`)).toEqual([]);
    expect(checkRequest('iam:PassRole', `arn:aws:iam::${ACCOUNT}:user/alice`)[0].message).toMatch(/is a user$/);
    expect(checkRequest('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:my-fn:PROD`)).toEqual([]);
    expect(checkRequest('kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`)).toEqual([]);
    expect(checkRequest('kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`)[0].message).toMatch(/is an alias$/);
  });

  test('a resource of another service, or no ARN at all, says so', () => {
    expect(checkRequest('kms:Decrypt', 'arn:aws:s3:::my-bucket')[0].message).toMatch(/is an ARN of service "s3", not kms$/);
    expect(checkRequest('kms:Decrypt', 'my-key')[0].message).toMatch(/my-key is not an ARN/);
    expect(checkRequest('kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:nothing/x`)[0].message).toMatch(/fits no kms resource type$/);
  });

  test('a specific resource for an action without resource types is an error; "*" is fine', () => {
    expect(checkRequest('rekognition:DescribeProjects', '*')).toEqual([]);
    expect(checkRequest('rekognition:DescribeProjects', PROJECT)).toEqual([
      {
        severity: 'error',
        code: 'wildcard-only-action',
        message: `rekognition:DescribeProjects does not support resource-level permissions; use "*" as the resource, not ${PROJECT}`,
      },
    ]);
    expect(codes('s3:ListAllMyBuckets', 'arn:aws:s3:::my-bucket')).toEqual(['wildcard-only-action']);
  });
});

// Service Authorization Reference, "Resource types" column: "If the action has one or more required
// resources, the caller must have permission to use the action with those resources. Required
// resources are indicated in the table with an asterisk (*)."
describe('"*" for an action with a required resource type (Service Authorization Reference, required resources)', () => {
  test('rekognition:DetectCustomLabels (projectversion*) on "*" names the ARN format to use', () => {
    expect(checkRequest('rekognition:DetectCustomLabels', '*')).toEqual([
      {
        severity: 'error',
        code: 'resource-required',
        message:
          'rekognition:DetectCustomLabels always acts on a projectversion ' +
          '(arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/version/${VersionName}/${CreationTimestamp}); ' +
          'AWS never decides it on "*", so give the test a resource ARN of that format',
      },
    ]);
    expect(codes('iam:PassRole', '*')).toEqual(['resource-required']);
  });

  test('several required types are listed, each a resource the request is decided on (ec2:RunInstances)', () => {
    const [i] = checkRequest('ec2:RunInstances', '*');
    expect(i.code).toBe('resource-required');
    expect(i.message).toMatch(/^ec2:RunInstances always acts on each of .*image \(arn:.*instance \(arn:.*subnet \(arn:/);
    expect(i.message).toMatch(/give the test a resource ARN of one of those formats$/);
  });

  test('"*" stays fine without a required type: no resource types, or only optional alternatives', () => {
    expect(checkRequest('rekognition:DescribeProjects', '*')).toEqual([]);
    expect(checkRequest('rekognition:CreateProject', '*')).toEqual([]);
    // s3:GetObject acts on an object or an access point object, neither marked required.
    expect(checkRequest('s3:GetObject', '*')).toEqual([]);
  });

  test('a wildcard pattern on "*" gives one finding for all its actions, not one per action', () => {
    const actions = expandActionPattern('rekognition:Describe*');
    expect(actions).toContain('rekognition:DescribeProjects');
    const issues = checkExpandedRequest('rekognition:Describe*', actions, '*');
    expect(issues).toEqual([
      {
        severity: 'error',
        code: 'resource-required',
        message:
          `rekognition:Describe* on "*": 4 of the ${actions.length} actions it matches always act on a resource of a required type, which AWS never decides on "*": ` +
          'rekognition:DescribeCollection (collection), rekognition:DescribeDataset (dataset), rekognition:DescribeProjectVersions (project), rekognition:DescribeStreamProcessor (streamprocessor); ' +
          'give the test resource ARNs of those types',
      },
    ]);
    const many = checkExpandedRequest('s3:*', expandActionPattern('s3:*'), '*');
    expect(many).toHaveLength(1);
    expect(many[0].message).toMatch(/^s3:\* on "\*": \d+ of the \d+ actions .*, and \d+ more; give the test resource ARNs of those types$/);
  });

  test('a concrete action, or a pattern on an ARN, is checked as checkRequest checks it', () => {
    expect(checkExpandedRequest('iam:PassRole', ['iam:PassRole'], '*')).toEqual(checkRequest('iam:PassRole', '*'));
    const model = VERSION;
    const actions = expandActionPattern('rekognition:Describe*');
    expect(checkExpandedRequest('rekognition:Describe*', actions, model)).toEqual(actions.flatMap((a) => checkRequest(a, model)));
  });

  test('a warning by default (resourceRequired), an error or nothing when configured', () => {
    const issues = checkRequest('iam:PassRole', '*');
    expect(applyLevels(issues, resolveValidationConfig())[0].severity).toBe('warning');
    expect(applyLevels(issues, resolveValidationConfig({ resourceRequired: 'error' }))[0].severity).toBe('error');
    expect(applyLevels(issues, resolveValidationConfig({ resourceRequired: 'off' }))).toEqual([]);
  });
});

// Service Authorization Reference: each action lists the condition keys its requests carry
// (its own and its resource types'); a service key of another service never reaches it.
describe('context keys the action never carries (Service Authorization Reference, condition keys column)', () => {
  test('a key of another service is flagged, naming the keys the action does carry', () => {
    const [i] = checkRequestContext('iam:GetUser', ['s3:max-keys']);
    expect(i.code).toBe('context-key-not-for-action');
    expect(i.message).toContain('iam:GetUser never carries the condition key s3:max-keys');
  });
  test("the action's own keys, its resource types' keys (with placeholders) and global keys pass", () => {
    expect(checkRequestContext('s3:ListBucket', ['s3:prefix', 'S3:Max-Keys', 'aws:SourceIp'])).toEqual([]);
    expect(checkRequestContext('s3:GetObject', ['s3:ExistingObjectTag/team'])).toEqual([]);
    expect(checkRequestContext('iam:CreateRole', ['iam:PermissionsBoundary', 'aws:RequestTag/team'])).toEqual([]);
  });
  test('graded as a warning by default, as an error when configured', () => {
    const issues = checkRequestContext('iam:GetUser', ['s3:max-keys']);
    expect(applyLevels(issues, resolveValidationConfig())[0].severity).toBe('warning');
    expect(applyLevels(issues, resolveValidationConfig({ contextKeyNotForAction: 'error' }))[0].severity).toBe('error');
    expect(applyLevels(issues, resolveValidationConfig({ contextKeyNotForAction: 'off' }))).toEqual([]);
  });
});

// IAM User Guide, reference_policies_condition-keys.md: the global condition keys. An `aws:` key
// outside that list is carried by no request, so a test giving it is almost surely misspelt.
describe('unknown global context keys (reference_policies_condition-keys.md)', () => {
  test('a misspelt aws: key is flagged with the nearest global key', () => {
    expect(checkRequestContext('s3:GetObject', ['aws:SoruceIp'])).toEqual([
      {
        severity: 'error',
        code: 'unknown-context-key',
        message: 'aws:SoruceIp is not a global condition key in the AWS service reference, so no AWS request carries it; did you mean aws:SourceIp?',
      },
    ]);
    expect(checkRequestContext('iam:GetUser', ['aws:MultiFactorAuthPresnt'])[0].message).toMatch(/did you mean aws:MultiFactorAuthPresent\?$/);
  });

  test('tag keys: the tag key is kept in the suggestion; a tag key without its tag says so', () => {
    expect(checkRequestContext('s3:GetObject', ['aws:PrincpalTag/team'])[0].message).toMatch(/did you mean aws:PrincipalTag\/team\?$/);
    for (const key of ['aws:PrincipalTag', 'aws:PrincipalTag/']) {
      expect(checkRequestContext('s3:GetObject', [key])[0].message).toMatch(/aws:PrincipalTag needs a tag key after the slash, e\.g\. aws:PrincipalTag\/team$/);
    }
  });

  test('known global keys pass in any case, tag templates included (condition key names are case-insensitive)', () => {
    const known = [
      'aws:SourceIp',
      'AWS:SOURCEIP',
      'aws:PrincipalTag/team',
      'aws:ResourceTag/cost-centre',
      'aws:RequestTag/a/b',
      'aws:TagKeys',
      'aws:CalledVia',
      'aws:userid',
      'aws:CurrentTime',
    ];
    expect(checkRequestContext('s3:GetObject', known)).toEqual([]);
  });

  test('an unknown aws: key is flagged even when the action is unknown or a pattern', () => {
    expect(checkRequestContext('nosuch:Thing', ['aws:SoruceIp']).map((i) => i.code)).toEqual(['unknown-context-key']);
    expect(checkRequestContext('s3:Get*', ['aws:SoruceIp', 's3:prefix']).map((i) => i.code)).toEqual(['unknown-context-key']);
  });

  test('a warning by default (unknownContextKey), an error or nothing when configured', () => {
    const issues = checkRequestContext('s3:GetObject', ['aws:SoruceIp']);
    expect(applyLevels(issues, resolveValidationConfig())[0].severity).toBe('warning');
    expect(applyLevels(issues, resolveValidationConfig({ unknownContextKey: 'error' }))[0].severity).toBe('error');
    expect(applyLevels(issues, resolveValidationConfig({ unknownContextKey: 'off' }))).toEqual([]);
  });
});
