import { compileArnTemplate, resourceTypesOfArn } from '../../../src/catalog/arn-template';
import { defaultCatalog, resourceTypesOf } from '../../../src/catalog/service-catalog';

const ACCOUNT = '123456789012';
const keysOf = (arn: string, service: string) => resourceTypesOfArn(arn, resourceTypesOf(service)).map((t) => t.key);

// Service Authorization Reference, "Resource types defined by <service>": ARN formats with
// ${Placeholder}s; IAM User Guide, reference_identifiers.md: arn:partition:service:region:account-id:resource.
describe('fitting a concrete ARN to a resource type ARN format (reference_identifiers.md)', () => {
  const project = compileArnTemplate('arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}');
  const version = compileArnTemplate('arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/version/${VersionName}/${CreationTimestamp}');

  test('each placeholder stands for one or more characters', () => {
    expect(project.fit(`arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/1700000000000`)).toBe('exact');
    expect(project.fit(`arn:aws:rekognition:us-east-1:${ACCOUNT}:project//1700000000000`)).toBe('none');
    expect(project.fit(`arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/`)).toBe('none');
    expect(project.fit(`arn:aws:rekognition::${ACCOUNT}:project/MyProject/1`)).toBe('none');
  });

  test('matching is case-sensitive, as ARN matching is (reference_policies_elements_condition_operators.md, ArnLike)', () => {
    expect(project.fit(`arn:aws:rekognition:us-east-1:${ACCOUNT}:Project/MyProject/1`)).toBe('none');
  });

  test('only the last placeholder may hold "/"; a fit that needs it is "extended"', () => {
    const versionArn = `arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/version/v1/1700000000000`;
    expect(version.fit(versionArn)).toBe('exact');
    expect(project.fit(versionArn)).toBe('extended');
    expect(version.fit(`arn:aws:rekognition:us-east-1:${ACCOUNT}:project/My/Project/version/v1/1`)).toBe('none');
  });

  test('the more specific format wins over an extended fit: a project version is not a project', () => {
    expect(keysOf(`arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/version/v1/1700000000000`, 'rekognition')).toEqual(['projectversion']);
    expect(keysOf(`arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/1700000000000`, 'rekognition')).toEqual(['project']);
    expect(keysOf(`arn:aws:rekognition:us-east-1:${ACCOUNT}:project/MyProject/dataset/train/1700000000000`, 'rekognition')).toEqual(['dataset']);
  });

  test('S3 object keys hold "/" and are objects, not buckets', () => {
    expect(keysOf('arn:aws:s3:::my-bucket/reports/2024/summary.csv', 's3')).toEqual(['object']);
    expect(keysOf('arn:aws:s3:::my-bucket', 's3')).toEqual(['bucket']);
  });

  test('IAM names with a path fit role/${RoleNameWithPath}', () => {
    expect(keysOf(`arn:aws:iam::${ACCOUNT}:role/service/team/Deployer`, 'iam')).toEqual(['role']);
    expect(keysOf(`arn:aws:iam::${ACCOUNT}:user/alice`, 'iam')).toEqual(['user']);
  });

  test('a Lambda function ARN with a qualifier still fits function:${FunctionName}', () => {
    const fn = compileArnTemplate('arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}');
    expect(fn.fit(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:my-fn:PROD`)).toBe('exact');
    expect(keysOf(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:my-fn:PROD`, 'lambda')).toContain('function');
    expect(keysOf(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:my-fn`, 'lambda')).toEqual(['function']);
  });

  test('partition, region and account placeholders hold no ":" or "/"', () => {
    const key = compileArnTemplate('arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}');
    expect(key.fit(`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd`)).toBe('exact');
    expect(key.fit(`arn:aws:kms:us/east:${ACCOUNT}:key/1234abcd`)).toBe('none');
    expect(key.fit(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/a`)).toBe('none');
  });

  test('a literal * in a format stands for any name, and adjacent placeholders need a character each', () => {
    const t = compileArnTemplate('arn:${Partition}:dms:${Region}:${Account}:endpoint:*');
    expect(t.fit(`arn:aws:dms:us-east-1:${ACCOUNT}:endpoint:ABCDEF`)).toBe('exact');
    const adjacent = compileArnTemplate('arn:${Partition}:codeartifact:${Region}:${Account}:package-group/${DomainName}${EncodedPackageGroupPattern}');
    expect(adjacent.fit(`arn:aws:codeartifact:us-east-1:${ACCOUNT}:package-group/d`)).toBe('none');
    expect(adjacent.fit(`arn:aws:codeartifact:us-east-1:${ACCOUNT}:package-group/d/p`)).toBe('extended');
  });

  test('more fixed text means a more specific format', () => {
    expect(version.literalLength).toBeGreaterThan(project.literalLength);
  });

  test('every format in the reference tells its own resources apart (sampled from each format)', () => {
    const catalog = defaultCatalog();
    const misfits: string[] = [];
    for (const service of ['rekognition', 's3', 'iam', 'kms', 'lambda', 'ec2', 'sagemaker', 'dynamodb']) {
      const types = catalog.resourceTypesOf(service);
      for (const type of types) {
        let n = 0;
        const sample = type.arn.replace(/\$\{[^}]*\}|\*/g, () => `v${n++}`);
        if (!resourceTypesOfArn(sample, types).includes(type)) misfits.push(`${service}:${type.key} ${sample}`);
      }
    }
    expect(misfits).toEqual([]);
  });

  test('a long hostile ARN is answered without backtracking', () => {
    const t = compileArnTemplate('arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    const arn = `arn:aws:s3:::${'a'.repeat(200_000)}`;
    expect(t.fit(arn)).toBe('none');
    expect(t.fit(`${arn}/${'b/'.repeat(100_000)}x`)).toBe('extended');
  });
});
