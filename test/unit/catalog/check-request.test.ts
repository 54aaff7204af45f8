import { checkRequest, checkRequestContext } from '../../../src/catalog/check-request';
import { applyLevels, resolveValidationConfig } from '../../../src/catalog/validation-config';

const ACCOUNT = '123456789012';
const PROJECT = `arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/1700000000000`;
const VERSION = `arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/version/v1/1700000000000`;
const codes = (action: string, resource: string) => checkRequest(action, resource).map((i) => i.code);

// Access Analyzer policy checks (access-analyzer-reference-policy-checks.md), "Invalid service in
// action" and "Invalid action", applied to the requests a test names.
describe('a request names a real action (access-analyzer-reference-policy-checks.md)', () => {
  test('a real action on "*" passes, in any case (reference_policies_elements_action.md)', () => {
    expect(checkRequest('rekognition:DetectCustomLabels', '*')).toEqual([]);
    expect(checkRequest('REKOGNITION:detectcustomlabels', '*')).toEqual([]);
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

  test('"*" is always an acceptable resource', () => {
    expect(checkRequest('rekognition:DetectCustomLabels', '*')).toEqual([]);
    expect(checkRequest('s3:GetObject', '*')).toEqual([]);
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
